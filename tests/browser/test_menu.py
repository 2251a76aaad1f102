"""The main menu on a phone: folded behind a 'Menu' button that says whether it is open; open on a wider
screen, and open without JavaScript."""
from __future__ import annotations

from .conftest import HEIGHT


def test_on_a_phone_the_menu_folds_behind_a_button(admin):
    page = admin
    page.set_viewport_size({"width": 375, "height": HEIGHT})
    page.goto("/bookings/")
    button = page.locator(".site-header .menu-button")
    menu = page.locator("#main-menu")
    # The front desk still sees how many requests wait (the demo has two), on the folded menu's button.
    assert button.is_visible() and button.inner_text().startswith("Menu")
    assert button.locator(".badge").inner_text() == "2"
    assert "(2 verzoeken wachten)" in button.inner_text()  # what a screen reader says
    assert not menu.is_visible()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 80  # one line: the name and the button, not five lines of links
    button.click()
    assert menu.is_visible() and button.get_attribute("aria-expanded") == "true"
    assert page.locator("#main-menu a", has_text="Onze reserveringen").is_visible()
    button.click()
    assert not menu.is_visible() and button.get_attribute("aria-expanded") == "false"


def test_on_a_wide_screen_the_menu_is_open_and_there_is_no_button(admin):
    page = admin
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    page.goto("/bookings/")
    assert not page.locator(".site-header .menu-button").is_visible()
    assert page.locator("#main-menu a", has_text="Onze reserveringen").is_visible()


def test_without_javascript_the_menu_is_open_on_a_phone(browser, demo):
    context = browser.new_context(base_url=demo.base, java_script_enabled=False, locale="nl-NL",
                                  viewport={"width": 375, "height": HEIGHT})
    try:
        page = context.new_page()
        page.goto("/agenda")
        assert not page.locator(".site-header .menu-button").is_visible()
        assert page.locator("#main-menu a", has_text="Inloggen").is_visible()
    finally:
        context.close()
