"""The free-room finder's page.

URL: /find (login required), a GET form, so a search is a link:
  /find?day=2027-03-29&start=09:00&end=11:00[&repeat=weekly&weeks=6][&people=10][&facilities=beamer...]

It lists the rooms the user may book (members: the rooms their organisation may book; the front desk
and administrators: every room) that are free at every date, best fit first (domain/fit.py), each
with a link to the booking form filled in with room, date, times and repetition. Times are wall times
of each room's building. Statements: the login's user, its organisation, the rooms (one), and for a
search the closures and the holds (one each), whatever the number of rooms and bookings.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import render_template, request, url_for
from flask_login import current_user, login_required

from ..bookings.pages import show_error
from ..bookings.schedule import Slot, plan_slots
from ..domain.errors import BookingError
from ..domain.fit import Candidate, Fit, Need, facility_set, ranked
from ..domain.recurrence import WEEKDAY_CODES, Recurrence
from ..extensions import db
from ..models import Room
from ..web import now
from . import availability, bp, queries
from .forms import FinderForm, facility_choices



@dataclass(frozen=True)
class Found:
    """A free room, how it fits, and the link that books it."""

    room: Room
    fit: Fit
    book: str
    week: str


@bp.get("/find")
@login_required
def find():
    """Find a room free at every date of a request, best fit first."""
    every = queries.all_rooms(db.session)
    rooms = [r for r in every if r.active]
    form = FinderForm(formdata=request.args if request.args else None)
    form.facilities.choices = facility_choices(rooms)
    if not form.day.raw_data:
        return render_template("finder/find.html", form=form, searched=False)
    results, busy, dates = [], 0, []
    if form.validate():
        try:
            results, busy, dates = _search(form, rooms, availability.units_of(every))
        except BookingError as exc:
            show_error(form, exc, moved={"start": "start", "end": "end", "recurrence": "weeks",
                                         "recurrence.count": "weeks"})
    return render_template("finder/find.html", form=form, searched=not form.errors and not form.form_errors,
                           results=results, busy=busy, dates=dates,
                           buildings=len({r.building_id for r in rooms}))


def _search(form: FinderForm, rooms: list[Room], units: dict[int, set[int]]) -> tuple[list[Found], int, list[Slot]]:
    """The free rooms best fit first, how many fitting rooms are taken at some date, and the dates asked
    (in the zone of the first fitting room's building)."""
    organisation = current_user.organisation
    need = Need(people=form.people.data, facilities=frozenset(form.facilities.data or ()))
    fitting = ranked(rooms, need, lambda r: Candidate(
        r.name, r.capacity, facility_set(r.facilities),
        current_user.is_staff or r.admits(organisation, current_user.role)))
    if not fitting:
        return [], 0, []
    start = datetime.combine(form.day.data, form.start.data)
    end = datetime.combine(form.day.data, form.end.data)
    recurrence = None
    if form.repeat.data == "weekly":
        recurrence = Recurrence(freq="weekly", byweekday=(WEEKDAY_CODES[form.day.data.weekday()],),
                                count=form.weeks.data)
    planned: dict[int, list[Slot]] = {}  # by building: the same wall times are other instants in another zone
    slots = {}
    for room, _fit in fitting:
        if room.building_id not in planned:
            planned[room.building_id] = plan_slots(room, start, end, recurrence)
        slots[room.id] = planned[room.building_id]
    answers = availability.answers(db.session, current_user, [r for r, _ in fitting], slots, now(), units)
    found = [Found(room, fit, _book_link(room, form), url_for("calendar.room_week", room_id=room.id,
                                                             date=form.day.data.isoformat()))
             for room, fit in fitting if answers[room.id].free]
    return found, len(fitting) - len(found), slots[fitting[0][0].id]


def _book_link(room: Room, form: FinderForm) -> str:
    """The booking form filled in: room, date, times, the repetition and the group's size."""
    args = {"room": room.id, "day": form.day.data.isoformat(), "start": form.start.data.strftime("%H:%M"),
            "end": form.end.data.strftime("%H:%M")}
    if form.repeat.data == "weekly":
        args.update(repeat="weekly", count=form.weeks.data)
    if form.people.data:
        args["people"] = form.people.data
    return url_for("bookings.new", **args)
