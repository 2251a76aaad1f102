"""The pure rules of the privacy work: the retention cutoff, and what of an audit entry's detail is scrubbed."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from booking.privacy.rules import erased_email, retention_cutoff, scrubbed_detail


@pytest.mark.parametrize("now, months, cutoff", [
    (datetime(2027, 1, 4, 8, tzinfo=UTC), 24, datetime(2025, 1, 4, 8, tzinfo=UTC)),
    (datetime(2027, 3, 31, 12, tzinfo=UTC), 1, datetime(2027, 2, 28, 12, tzinfo=UTC)),
    (datetime(2028, 3, 31, 12, tzinfo=UTC), 1, datetime(2028, 2, 29, 12, tzinfo=UTC)),
    (datetime(2027, 1, 15, tzinfo=UTC), 13, datetime(2025, 12, 15, tzinfo=UTC)),
    (datetime(2027, 12, 1, tzinfo=UTC), 12, datetime(2026, 12, 1, tzinfo=UTC)),
    (datetime(2027, 1, 4, tzinfo=UTC), 0, None),
    (datetime(2027, 1, 4, tzinfo=UTC), -3, None),
])
def test_the_cutoff_counts_calendar_months(now, months, cutoff):
    assert retention_cutoff(now, months) == cutoff


def test_the_scrub_empties_personal_texts_at_any_depth_and_keeps_the_rest():
    detail = json.dumps({"old": {"title": "Spreekuur Jansen", "room_id": 3}, "new": {"title": "Spreekuur J."},
                         "reason": "ziek", "occurrences": 2, "status": "cancelled",
                         "dates": [{"note": "mevrouw J.", "start": "2025-01-06T09:00:00+00:00"}]}, sort_keys=True)
    assert json.loads(scrubbed_detail(detail)) == {
        "old": {"title": "", "room_id": 3}, "new": {"title": ""}, "reason": "", "occurrences": 2,
        "status": "cancelled", "dates": [{"note": "", "start": "2025-01-06T09:00:00+00:00"}]}
    assert scrubbed_detail("") == "" and scrubbed_detail("free text about someone") == ""
    assert scrubbed_detail('{"occurrences": 1}') == '{"occurrences": 1}'


def test_erased_addresses_are_unique_and_never_deliver():
    assert erased_email(12) == "erased-12@erased.invalid" != erased_email(13)
