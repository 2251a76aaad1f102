"""Every page, for a visitor and the administrator, has no WCAG 2.1 A or AA violation axe-core finds,
at 375 px (a phone) and at 1280 px (a laptop)."""
from __future__ import annotations

import pytest

from .conftest import HEIGHT, WIDTHS
from .pages import PAGES, open_shown, readable, run_axe, screenshot


@pytest.mark.parametrize("shown", PAGES, ids=lambda s: s.name)
def test_no_accessibility_violations(shown, request, demo, axe_source):
    page = request.getfixturevalue(shown.who)
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    status = open_shown(page, shown, demo)
    assert status == shown.status, f"{shown.name}: {page.url} answered {status}, not {shown.status}"
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        screenshot(page, shown.name, width)
        violations = run_axe(page, axe_source)
        if violations:
            problems[width] = violations
    assert not problems, f"{shown.name} ({page.url}):\n" + readable(problems)


def test_the_check_sees_a_violation(visitor, demo, axe_source):
    """The harness itself: a field without a label on a real page is reported (at both widths)."""
    visitor.goto("/agenda")
    visitor.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=probe>')")
    try:
        found = run_axe(visitor, axe_source)
    finally:
        visitor.evaluate("() => document.getElementById('probe').remove()")
    assert "label" in {v["id"] for v in found}, readable({0: found})
