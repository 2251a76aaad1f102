"""A feed stays under 1 MB: descriptions are cut first, then the window's far end comes nearer, the same
way every time (the same data, the same bytes)."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import icalendar

from booking.extensions import db
from booking.feeds.data import FeedBooking, FeedCalendar, FeedDate
from booking.feeds.fitting import MAX_BYTES, SHORT_DESCRIPTION, render_within, shortened
from booking.feeds.ical import render
from booking.models import Booking, Occurrence, Status

from .conftest import feed_url
from .test_serialiser import AMS, CHANGED, WINDOW

LONG = "Programma: " + "inloop, koffie en een praatje met de buren; " * 120  # ~5,300 characters


def singles(n: int, description: str = LONG) -> tuple[FeedBooking, ...]:
    """`n` single bookings of an hour, one a day from 1 January 2027 at 10:00, each with `description`."""
    out = []
    for i in range(n):
        day = date(2027, 1, 1) + timedelta(days=i // 3)
        start = datetime(day.year, day.month, day.day, 10 + 3 * (i % 3), tzinfo=AMS).astimezone(UTC)
        out.append(FeedBooking(i + 1, f"Inloop {i + 1}", description, "Welzijn", "Zaal", "", CHANGED,
                               (FeedDate(i + 1, start, start, start + timedelta(hours=1), "confirmed"),)))
    return tuple(out)


def calendar(bookings) -> FeedCalendar:
    return FeedCalendar("Zaal", "Reserveringen", "Europe/Amsterdam", bookings, WINDOW, 2027)


def descriptions(body: bytes) -> list[str]:
    return [str(e["DESCRIPTION"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]


def test_a_feed_that_fits_is_left_as_it_is():
    cal = calendar(singles(20))
    assert render_within(cal) == render(cal)


def test_too_long_descriptions_are_cut_first_and_every_event_stays():
    cal = calendar(singles(300))  # about 1.7 MB with every description whole
    assert len(render(cal)) > MAX_BYTES
    body = render_within(cal)
    assert len(body) <= MAX_BYTES and body == render_within(cal)
    assert body.count(b"BEGIN:VEVENT") == 300
    texts = descriptions(body)
    assert {len(t) for t in texts} == {len("Welzijn\n\n") + SHORT_DESCRIPTION}
    assert texts[0].endswith("…") and texts[0].startswith("Welzijn\n\nProgramma: inloop, koffie")


def test_then_the_far_end_of_the_window_comes_nearer_to_the_last_day_that_fits():
    cal = calendar(singles(300))
    body = render_within(cal, limit=60_000)
    assert len(body) <= 60_000 and body == render_within(cal, limit=60_000)
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    days = sorted({e["DTSTART"].dt.date() for e in events})
    assert days[0] == date(2027, 1, 1) and days == [date(2027, 1, 1) + timedelta(days=i) for i in range(len(days))]
    assert all(len(t) == len("Welzijn\n\n") + SHORT_DESCRIPTION for t in descriptions(body))
    # One more day would not have fitted: the cut is as late as it can be.
    after = datetime.combine(days[-1] + timedelta(days=2), datetime.min.time(), tzinfo=AMS).astimezone(UTC)
    one_more = replace(calendar(tuple(shortened(b) for b in singles(300))), window=(WINDOW[0], after))
    assert len(render(one_more)) > 60_000


def test_a_room_with_many_long_described_bookings_answers_under_1_mb(client, site):
    """Bookings written straight into the tables (hundreds through the service would take minutes)."""
    first = datetime(2027, 1, 5, 9, tzinfo=AMS).astimezone(UTC)
    for i in range(320):
        start = first + timedelta(days=i // 2, hours=4 * (i % 2))
        booking = Booking(room=site.zaal, organisation=site.welzijn, creator=site.anne, title=f"Cursus {i + 1}",
                          description=LONG, status=Status.CONFIRMED, recurrence="", changed_at=CHANGED)
        booking.occurrences = [Occurrence(room=site.zaal, starts_at=start, ends_at=start + timedelta(hours=2),
                                          blocked_until=start + timedelta(hours=2), status=Status.CONFIRMED)]
        db.session.add(booking)
    db.session.commit()
    url = feed_url(site.anne, "room", site.zaal)
    resp = client.get(url)
    body = resp.get_data()
    assert resp.status_code == 200 and len(body) <= MAX_BYTES
    assert body.count(b"BEGIN:VEVENT") == 320
    assert all(len(t) == len("Welzijn Harderwijk\n\n") + SHORT_DESCRIPTION for t in descriptions(body))
    assert client.get(url).get_data() == body
    assert client.get(url, headers={"If-None-Match": resp.headers["ETag"]}).status_code == 304
