"""'Series ending soon' on 'our bookings': exactly the standing series whose last active date falls in the
coming month (bookings.queries.series_ending_soon), whatever lies after the month: a next date a few days
later, or only weeks later, keeps a series off the list; a tail of cancelled dates does not."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from booking.bookings.context import Context
from booking.bookings.queries import series_ending_soon
from booking.bookings.services import cancel_booking, cancel_occurrence
from booking.domain.recurrence import Recurrence
from booking.extensions import db

from .helpers import book, local, occurrences_of

NOW = datetime(2027, 3, 10, 9, tzinfo=UTC)  # the coming month runs to 10 April 2027, 09:00 UTC
BOOKED = datetime(2027, 2, 1, 9, tzinfo=UTC)  # when the series were made, before any of their dates
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def at_now(app):
    app.config["NOW"] = NOW
    return NOW


def weekly(member, room, first_day: int, count: int, title: str, month: int = 3, interval: int = 1,
           weekday: str = "MO"):
    return book(member, room, local(2027, month, first_day, 9), local(2027, month, first_day, 11), title,
                recurrence=Recurrence("weekly", interval=interval, byweekday=(weekday,), count=count), now=BOOKED)


def listed(organisation_id: int | None = None) -> list[tuple[str, str, str]]:
    """(title, room, local day of the last date) of each series the list shows, in its order."""
    db.session.rollback()
    return [(s.title, s.room_name, s.last_start.astimezone(AMSTERDAM).date().isoformat())
            for s in series_ending_soon(db.session, NOW, organisation_id)]


def test_only_the_series_whose_last_active_date_is_in_the_coming_month(at_now, site, member, other_member):
    weekly(member, site.zaal, 1, 5, "Taalcafé")                       # 1 .. 29 March: ends in the month
    weekly(member, site.kamer, 3, 10, "Breiclub", weekday="WE")       # .. 5 May, next date 14 April: 4 days on
    weekly(member, site.kamer, 22, 2, "Zes weken", interval=6)        # 22 March, then 3 May: 23 days on
    weekly(member, site.kamer, 1, 2, "Voorbij")                       # 1 and 8 March: over before now
    weekly(member, site.zaal, 15, 3, "Later", month=4, weekday="TH")  # 15 April on: nothing in the month
    book(member, site.kamer, local(2027, 3, 20, 14), local(2027, 3, 20, 16), "Eenmalig", now=BOOKED)  # no series
    weekly(other_member, site.kamer, 6, 4, "Spreekuur", month=4, weekday="TU")  # 6 .. 27 April: ends after

    assert listed() == [("Taalcafé", "Vergaderzaal", "2027-03-29")]


def test_a_series_whose_dates_after_the_month_are_cancelled_ends_in_it(at_now, site, member):
    ctx = Context(session=db.session, actor=member, now=NOW)
    series = weekly(member, site.zaal, 2, 8, "Koor", weekday="TU")  # 2 March .. 20 April
    assert listed() == []
    for occ in occurrences_of(series.id)[-2:]:  # 13 and 20 April
        cancel_occurrence(ctx, series.id, occ.id)
    assert listed() == [("Koor", "Vergaderzaal", "2027-04-06")]


def test_a_cancelled_series_is_not_listed(at_now, site, member):
    series = weekly(member, site.zaal, 1, 5, "Taalcafé")
    assert listed() == [("Taalcafé", "Vergaderzaal", "2027-03-29")]
    cancel_booking(Context(session=db.session, actor=member, now=NOW), series.id)
    assert listed() == []


def test_each_organisation_sees_its_own_and_the_front_desk_all_by_last_date(at_now, site, member, other_member):
    weekly(member, site.zaal, 1, 5, "Taalcafé")                        # ends 29 March
    weekly(other_member, site.kamer, 2, 4, "Spreekuur", weekday="TU")  # ends 23 March
    assert listed() == [("Spreekuur", "Spreekkamer", "2027-03-23"), ("Taalcafé", "Vergaderzaal", "2027-03-29")]
    assert listed(site.welzijn.id) == [("Taalcafé", "Vergaderzaal", "2027-03-29")]
    assert listed(site.huisarts.id) == [("Spreekuur", "Spreekkamer", "2027-03-23")]
    assert listed(site.kiekmure.id) == []
