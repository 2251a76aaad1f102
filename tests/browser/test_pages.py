"""Every page, for a visitor and the administrator, has no WCAG 2.1 A or AA violation axe-core finds,
at 375 px (a phone) and at 1280 px (a laptop), and breaks nothing of its Content-Security-Policy (no
inline script, no style element: Chromium reports each refusal on the console)."""
from __future__ import annotations

import pytest

from .conftest import HEIGHT, WIDTHS
from .pages import PAGES, PolicyViolations, open_shown, readable, run_axe, screenshot


@pytest.mark.parametrize("shown", PAGES, ids=lambda s: s.name)
def test_no_accessibility_violations(shown, request, demo, axe_source):
    page = request.getfixturevalue(shown.who)
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    with PolicyViolations(page) as policy:
        status = open_shown(page, shown, demo)
        assert status == shown.status, f"{shown.name}: {page.url} answered {status}, not {shown.status}"
        problems = {}
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            screenshot(page, shown.name, width)
            violations = run_axe(page, axe_source)
            if violations:
                problems[width] = violations
    assert not policy.messages, f"{shown.name}: Content-Security-Policy violations:\n" + "\n".join(policy.messages)
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


def test_the_check_sees_a_policy_violation(visitor, demo):
    """The harness itself: an inline script put into a real page is refused, and the refusal is seen."""
    visitor.goto("/agenda")
    with PolicyViolations(visitor) as policy:
        visitor.evaluate("""() => { const s = document.createElement('script');
                                    s.textContent = 'window.__inline_ran = true'; document.body.append(s); }""")
        visitor.wait_for_timeout(200)
    assert visitor.evaluate("() => window.__inline_ran === undefined")
    assert policy.messages and "script-src" in policy.messages[0], policy.messages
