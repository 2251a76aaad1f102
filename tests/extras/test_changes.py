"""Moving a date, moving the rest of a series and extending a series keep the extras' stock: a booking's beamer
must be free at its new times too, and a date does not stand in its own way."""
from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from booking.bookings.context import Context
from booking.bookings.series import extension_verdicts, extend, move_from, period_of, plan_extension
from booking.bookings.services import BookingRequest, create_booking, move_occurrence
from booking.domain.errors import InvalidInput
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.extras.requests import ExtraRequest, ExtrasShort
from fixtures.clock import NOW
from web.helpers import occurrences_of

AMS = ZoneInfo("Europe/Amsterdam")


def booked(actor, room, start: str, end: str, extras, recurrence=None):
    return create_booking(Context(db.session, actor, NOW), BookingRequest(
        room_id=room.id, title="Overleg", start=datetime.fromisoformat(start), end=datetime.fromisoformat(end),
        recurrence=recurrence, extras=tuple(ExtraRequest(e.id, n) for e, n in extras)))


def test_a_date_cannot_move_onto_a_time_its_beamer_is_out(site, stock, member, other_member):
    booked(other_member, site.kamer, "2027-03-15T09:00", "2027-03-15T11:00", [(stock.microfoon, 1)])
    mine = booked(member, site.zaal, "2027-03-15T13:00", "2027-03-15T14:00", [(stock.microfoon, 1)])
    occ = occurrences_of(mine.id)[0]
    with pytest.raises(ExtrasShort) as refused:
        move_occurrence(Context(db.session, member, NOW), mine.id, occ.id, datetime(2027, 3, 15, 10),
                        datetime(2027, 3, 15, 12))
    db.session.rollback()
    assert refused.value.message == "Not enough Microfoon free on 15-03-2027: 0 of 1 free, 1 asked."
    assert occurrences_of(mine.id)[0].starts_at == datetime(2027, 3, 15, 12, tzinfo=UTC)  # unchanged (13:00 local)
    # Half an hour later the microphone is back: the move is fine; and a date never stands in its own way.
    move_occurrence(Context(db.session, member, NOW), mine.id, occ.id, datetime(2027, 3, 15, 11),
                    datetime(2027, 3, 15, 12, 30))
    move_occurrence(Context(db.session, member, NOW), mine.id, occ.id, datetime(2027, 3, 15, 11, 30),
                    datetime(2027, 3, 15, 13))
    assert occurrences_of(mine.id)[0].starts_at == datetime(2027, 3, 15, 10, 30, tzinfo=UTC)


def test_the_rest_of_a_series_cannot_move_onto_a_taken_beamer(site, stock, member, other_member):
    booked(other_member, site.kamer, "2027-03-22T09:00", "2027-03-22T11:00", [(stock.beamer, 2)])
    series = booked(member, site.zaal, "2027-03-01T13:00", "2027-03-01T14:00", [(stock.beamer, 1)],
                    Recurrence("weekly", byweekday=("MO",), count=4))
    second = occurrences_of(series.id)[1]
    with pytest.raises(ExtrasShort) as refused:
        move_from(Context(db.session, member, NOW), series.id, second.id, time(10), time(11))
    db.session.rollback()
    assert "22-03-2027" in refused.value.message and "08-03-2027" not in refused.value.message
    move_from(Context(db.session, member, NOW), series.id, second.id, time(11), time(12))


def test_extending_a_series_checks_its_extras_on_the_new_dates(site, stock, member, other_member):
    series = booked(member, site.zaal, "2027-03-01T09:00", "2027-03-01T10:00", [(stock.microfoon, 1)],
                    Recurrence("weekly", byweekday=("MO",), count=2))
    ctx = Context(db.session, member, NOW)
    slots, _rule, _first = plan_extension(db.session.get(type(series), series.id))
    period = period_of(series, slots)
    taken = slots[-1]  # the microphone is out on the last date of the next period
    booked(other_member, site.kamer, f"{taken.start.astimezone(AMS):%Y-%m-%dT%H:%M}",
           f"{taken.end.astimezone(AMS):%Y-%m-%dT%H:%M}", [(stock.microfoon, 1)])
    with pytest.raises(ExtrasShort):
        extend(Context(db.session, member, NOW), series.id, period)
    db.session.rollback()
    assert len(occurrences_of(series.id)) == 2
    assert extension_verdicts(ctx, db.session.get(type(series), series.id))[0] == period


def test_a_booking_with_extras_stays_in_its_building(site, stock, member, frontdesk):
    mine = booked(frontdesk, site.zaal, "2027-03-15T13:00", "2027-03-15T14:00", [(stock.beamer, 1)])
    occ = occurrences_of(mine.id)[0]
    with pytest.raises(InvalidInput) as refused:
        move_occurrence(Context(db.session, frontdesk, NOW), mine.id, occ.id, datetime(2027, 3, 15, 13),
                        datetime(2027, 3, 15, 14), stock.roef_room.id)
    db.session.rollback()
    assert refused.value.message == "This booking asks for extras of its own building; it cannot move to Zaal Roef."
