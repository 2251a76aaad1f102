"""Every write starts its own locked transaction: no 'database is locked' after another writer committed."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.bookings.approvals import approve
from booking.bookings.context import Context
from booking.bookings.services import BookingRequest, cancel_occurrence, create_booking
from booking.extensions import db
from booking.models import Building, Occurrence, Room, Status


@pytest.fixture
def room(app):
    building = Building(name="De Kiekmure")
    building.set_every_day()
    room = Room(building=building, name="Sportzaal", capacity=30, requires_approval=True)
    db.session.add_all([building, room])
    db.session.commit()
    return room


def book(actor, room, day: int, now):
    ctx = Context(session=db.session, actor=actor, now=now)
    return create_booking(ctx, BookingRequest(room_id=room.id, title="Yoga", start=datetime(2027, 3, day, 10),
                                              end=datetime(2027, 3, day, 11)))


def other_writer_commits(room_id: int) -> None:
    """Another worker writes and commits, between our first read and our write."""
    with Session(db.engine) as other:
        other.get(Room, room_id).version += 1
        other.commit()


@pytest.mark.parametrize("action", ["cancel", "approve"])
def test_a_write_after_another_writer_committed_succeeds(app, people, room, action):
    member = people.user("member", org="Welzijn Harderwijk")
    desk = people.user("frontdesk")
    booking = book(member, room, 29, app.config["NOW"])
    occurrence_id = booking.occurrences[0].id
    db.session.commit()
    # Our request reads first (as every page does when it loads the user)...
    db.session.execute(select(Room)).all()
    # ...then another worker commits a write...
    other_writer_commits(room.id)
    # ...and only then do we write. A deferred SQLite transaction would now fail at once.
    if action == "cancel":
        cancel_occurrence(Context(session=db.session, actor=member, now=app.config["NOW"]), booking.id,
                          occurrence_id)
        expected = Status.CANCELLED
    else:
        approve(Context(session=db.session, actor=desk, now=app.config["NOW"]), booking.id)
        expected = Status.CONFIRMED
    db.session.expire_all()
    assert db.session.get(Occurrence, occurrence_id).status == expected
