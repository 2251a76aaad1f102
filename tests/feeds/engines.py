"""Expand a feed with independent engines: recurring-ical-events (Python) and ical.js (node), for comparison
with the dates the database holds."""
from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

ICALJS = Path(__file__).resolve().parent.parent / "vendor" / "icaljs" / "expand.js"

Slot = tuple[datetime, datetime, str]


def with_python(body: bytes, start: datetime, end: datetime) -> list[Slot]:
    """The occurrences recurring-ical-events finds between start and end, in UTC, sorted."""
    cal = icalendar.Calendar.from_ical(body)
    found = recurring_ical_events.of(cal).between(start, end)
    return sorted((e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC), str(e["SUMMARY"])) for e in found)


def with_icaljs(body: bytes, end: datetime) -> list[Slot]:
    """The occurrences ical.js (Thunderbird's parser) expands before `end`, in UTC, sorted; skips without node."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: ical.js (tests/vendor/icaljs) cannot run")
    done = subprocess.run([node, str(ICALJS), end.isoformat().replace("+00:00", "Z")], input=body,
                          capture_output=True, timeout=60, check=True)
    rows = json.loads(done.stdout)
    return sorted((datetime.fromisoformat(s.replace("Z", "+00:00")), datetime.fromisoformat(e.replace("Z", "+00:00")),
                   title) for s, e, title, _uid in rows)
