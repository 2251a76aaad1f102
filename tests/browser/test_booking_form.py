"""The booking form in a real browser: what shows when, Enter, focus after a check, the focus ring, no
sideways scrolling on a phone."""
from __future__ import annotations

import pytest

from .conftest import HEIGHT
from .pages import fill_clashing_series, wait_until

REPETITION_ONLY = ["input[name=interval]", "input[name=weekdays]", "input[name=monthly_mode]", "input[name=ends]",
                   "input[name=count]", "input[name=until]", "textarea[name=skip_dates]",
                   "input[name=skip_holidays]", "input[name=skip_closures]"]


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_repetition_fields_show_only_when_repeating(admin):
    page = admin
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    page.goto("/bookings/new")
    short = page.evaluate("document.documentElement.scrollHeight")
    assert [s for s in REPETITION_ONLY if visible(page, s)] == []
    page.select_option("select[name=repeat]", "weekly")
    assert visible(page, "input[name=weekdays]") and visible(page, "input[name=count]")
    assert not visible(page, "input[name=monthly_mode]")
    assert page.evaluate("document.documentElement.scrollHeight") > short
    page.select_option("select[name=repeat]", "monthly")
    assert visible(page, "input[name=monthly_mode]") and not visible(page, "input[name=weekdays]")
    page.select_option("select[name=repeat]", "none")
    assert [s for s in REPETITION_ONLY if visible(page, s)] == []


def test_without_javascript_every_field_is_there(browser, demo):
    context = browser.new_context(base_url=demo.base, java_script_enabled=False, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto("/login")
        page.fill("input[name=email]", "welzijn@kiekmure.nl")
        page.fill("input[name=password]", "kiekmure-welzijn")
        with page.expect_navigation():
            page.click("form.narrow [type=submit]")
        page.goto("/bookings/new")
        assert [s for s in REPETITION_ONLY if not visible(page, s)] == []
    finally:
        context.close()


def test_each_weekday_has_its_label_beside_it(admin):
    page = admin
    page.set_viewport_size({"width": 375, "height": HEIGHT})
    page.goto("/bookings/new")
    page.select_option("select[name=repeat]", "weekly")
    for box in page.locator("input[name=weekdays]").all() + [page.locator("#skip_holidays"),
                                                              page.locator("#skip_closures")]:
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        b, lab = box.bounding_box(), label.bounding_box()
        # On the same line, the label right of its own box.
        assert abs((b["y"] + b["height"] / 2) - (lab["y"] + min(lab["height"], 24) / 2)) < 14, box.get_attribute("id")
        assert 0 <= lab["x"] - (b["x"] + b["width"]) < 20, box.get_attribute("id")


def test_enter_in_a_text_field_checks_again_and_never_takes_a_suggestion(admin):
    page = admin
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    page.goto("/bookings/new")
    fill_clashing_series(page)
    room = page.input_value("select[name=room_id]")
    suggestions = page.locator("button[name=alternative_room]")
    assert suggestions.count() > 0, "the check offers no other room: the test would prove nothing"
    # The check button comes first among the form's submit buttons: the browser presses it on Enter.
    first = page.evaluate("() => document.querySelector('form.booking-form').querySelector('[type=submit]').name")
    assert first == "preview"
    page.fill("input[name=title]", "Extra yoga, echt")
    with page.expect_navigation():
        page.press("input[name=title]", "Enter")
    assert page.input_value("select[name=room_id]") == room
    assert page.input_value("input[name=title]") == "Extra yoga, echt"
    assert page.locator("#preview-heading").count() == 1  # checked again
    assert page.locator("button[name=alternative_room]").count() > 0  # still only offered


def test_after_a_check_focus_is_on_the_result_and_its_summary_is_announced(admin):
    page = admin
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    page.goto("/bookings/new")
    fill_clashing_series(page)
    assert page.evaluate("document.activeElement.id") == "preview-heading"
    wait_until(page, "document.getElementById('preview-announce').textContent.length > 0")
    said = page.text_content("#preview-announce")
    assert said == page.text_content("#preview-summary").strip()
    assert said.startswith("4 van de data")
    assert page.get_attribute("#preview-announce", "role") == "status"


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def _contrast(a: str, b: str) -> float:
    def lum(rgb):
        c = [x / 255 for x in rgb]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    la, lb = sorted((lum(_rgb(a)), lum(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


RING = """(sel) => { const el = document.querySelector(sel); const s = getComputedStyle(el);
  let bg = 'rgba(0, 0, 0, 0)', p = el.parentElement;
  while (p && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) { bg = getComputedStyle(p).backgroundColor; p = p.parentElement; }
  return {focused: document.activeElement === el, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
          color: s.outlineColor, offset: parseFloat(s.outlineOffset), around: bg}; }"""


def test_the_focus_ring_is_thick_and_has_3_to_1_contrast(admin):
    """WCAG 1.4.11: the ring keyboard users follow stands out 3:1 from what is around it, on the native
    date and time pickers too, and on the green menu bar."""
    page = admin
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    page.goto("/bookings/new")
    page.focus("#title")
    page.keyboard.press("Tab")  # keyboard use: the browser shows focus rings from here on
    weak = []
    for selector in ("#day", "#start_time", "#end_time", "#title", "#preview", "#repeat", "#visibility-0",
                     ".site-header nav a"):
        page.focus(selector)
        ring = page.evaluate(RING, selector)
        if not (ring["focused"] and ring["style"] == "solid" and ring["width"] >= 3
                and _contrast(ring["color"], ring["around"]) >= 3):
            weak.append((selector, ring))
    assert weak == []


@pytest.mark.parametrize("path", ["/", "/agenda", "/lobby", "/bookings/new", "/bookings/{series_id}",
                                  "/admin/users", "/frontdesk/approvals", "/account"])
def test_no_sideways_scrolling_on_a_phone(admin, demo, path):
    page = admin
    page.set_viewport_size({"width": 375, "height": HEIGHT})
    page.goto(path.format(series_id=demo.series_id))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
