"""The lobby screen refreshes itself every minute, and keeps what it shows when the server does not answer."""
from __future__ import annotations

from .pages import wait_until

# Every setInterval runs every 50 ms instead, and the delays asked for are noted.
FAST = """window.__asked = []; const every = window.setInterval;
window.setInterval = (f, ms) => { window.__asked.push(ms); return every(f, 50); };"""


def test_the_lobby_fetches_itself_again_and_replaces_its_list(browser, demo):
    context = browser.new_context(base_url=demo.base, locale="nl-NL")
    try:
        page = context.new_page()
        page.add_init_script(FAST)
        page.goto("/lobby")
        assert page.evaluate("window.__asked") == [60000]
        page.evaluate("document.getElementById('lobby-list').setAttribute('data-old', 'yes')")
        wait_until(page, "!document.querySelector('[data-old]')", timeout=5000)
        assert page.locator("h1").count() == 1 and page.locator("#lobby-list").count() == 1
        # The server gone: the screen keeps what it showed.
        page.route("**/lobby", lambda route: route.abort())
        page.wait_for_timeout(300)  # a fetch already under way lands first
        page.evaluate("document.getElementById('lobby-list').setAttribute('data-old', 'kept')")
        page.wait_for_timeout(400)
        assert page.locator("[data-old=kept]").count() == 1
    finally:
        context.close()
