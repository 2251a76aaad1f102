"""Turning the booking form into a request, the choices the form offers, and service errors onto the form."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Mapping

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..domain.errors import BookingError
from ..domain.ids import parse_id
from ..domain.recurrence import MAX_COUNT, WEEKDAY_CODES
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from ..domain.recurrence import Recurrence
from ..models import Room, User, Visibility
from . import queries
from .forms import BookingForm, options, parse_dates
from .services import BookingRequest
from ..web import tr

# Where a service error names a request field, the form field that shows it.
FIELD_FOR = {"start": "start_time", "end": "end_time", "room_id": "room_id", "organisation_id": "organisation_id",
             "expected_people": "expected_people", "recurrence": "repeat", "recurrence.freq": "repeat",
             "recurrence.interval": "interval", "recurrence.byweekday": "weekdays", "recurrence.count": "count",
             "recurrence.until": "until", "recurrence.exdates": "skip_dates", "title": "title"}


def room_label(room: Room) -> str:
    """'Vergaderruimte · 12 people · beamer, whiteboard'."""
    parts = [room.name, _("%(n)s people", n=room.capacity)]
    if room.facility_list():
        parts.append(", ".join(room.facility_list()))
    if room.requires_approval:
        parts.append(_("needs approval"))
    return " · ".join(parts)


def organisation_choices(session: Session) -> list:
    """Every organisation, for staff who book on behalf of one."""
    return options([(0, _("(choose)"))] + [(o.id, o.name) for o in queries.organisations(session)])


def fill_choices(form: BookingForm, session: Session, user: User) -> list[Room]:
    """Set the room (and, for staff, organisation) choices; return the rooms offered."""
    rooms = queries.bookable_rooms(session, user, user.organisation)
    form.room_id.choices = options((r.id, room_label(r)) for r in rooms)
    if user.is_staff:
        form.organisation_id.choices = organisation_choices(session)
        if form.organisation_id.data in (None, 0) and user.organisation_id and not form.is_submitted():
            form.organisation_id.data = user.organisation_id
    else:
        del form.organisation_id
    return rooms


def prefill(form: BookingForm, args: Mapping[str, str]) -> None:
    """Fill in the form from a link: /bookings/new?room=ID&day=YYYY-MM-DD&start=HH:MM[&end=HH:MM]
    [&repeat=weekly&count=N][&people=N].

    The front desk's day links give a room, a date and a start (an hour is assumed); the free-room
    finder's links give the end, a weekly repetition and the number of people too. Anything that is
    not valid is left out and the form keeps its defaults.
    """
    room = parse_id(args.get("room"))
    if room:
        form.room_id.data = room
    day, start, end = link_day(args.get("day")), link_time(args.get("start")), link_time(args.get("end"))
    if day:
        form.day.data = day
    if start:
        form.start_time.data = start
        hour_later = datetime.combine(date.min, start) + timedelta(hours=1)
        if hour_later.date() == date.min:
            form.end_time.data = hour_later.time()
    if end and (form.start_time.data is None or end > form.start_time.data):
        form.end_time.data = end
    count = link_number(args.get("count"), 1, MAX_COUNT)
    if args.get("repeat") == "weekly" and count and form.day.data:
        form.repeat.data = "weekly"
        form.weekdays.data = [WEEKDAY_CODES[form.day.data.weekday()]]
        form.ends.data, form.count.data = "count", count
    people = link_number(args.get("people"), 1, 10000)
    if people:
        form.expected_people.data = people


def link_number(raw: str | None, low: int, high: int) -> int | None:
    """A whole number from a link between low and high, or None."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 6 and low <= int(raw) <= high:
        return int(raw)
    return None


def link_day(raw: str | None) -> date | None:
    """A YYYY-MM-DD date from a link within the years people may use, or None."""
    try:
        day = date.fromisoformat(raw) if raw and len(raw) == 10 else None
    except ValueError:
        return None
    return day if day and EARLIEST_YEAR <= day.year <= LATEST_YEAR else None


def link_time(raw: str | None) -> time | None:
    """An HH:MM time from a link, or None."""
    try:
        return datetime.strptime(raw, "%H:%M").time() if raw and len(raw) == 5 else None
    except ValueError:
        return None


def monthly_code(day: date, mode: str) -> tuple[str, ...]:
    """The byweekday code of a monthly series on the nth (or last) weekday of `day`."""
    wd = WEEKDAY_CODES[day.weekday()]
    if mode == "nth":
        return (f"{(day.day - 1) // 7 + 1}{wd}",)
    if mode == "last":
        return (f"-1{wd}",)
    return ()


def recurrence_from(form: BookingForm, extra_skips: set[date] = frozenset()) -> Recurrence | None:
    """The repetition the form describes, or None for a single booking."""
    if form.repeat.data == "none":
        return None
    if form.repeat.data == "weekly":
        byweekday = tuple(form.weekdays.data)
    elif form.repeat.data == "monthly":
        byweekday = monthly_code(form.day.data, form.monthly_mode.data)
    else:
        byweekday = ()
    skips = set(parse_dates(form.skip_dates.data or "")) | set(extra_skips)
    return Recurrence(freq=form.repeat.data, interval=form.interval.data or 1, byweekday=byweekday,
                      count=form.count.data if form.ends.data == "count" else None,
                      until=form.until.data if form.ends.data == "until" else None,
                      exdates=frozenset(skips))


def request_from(form: BookingForm, user: User, extra_skips: set[date] = frozenset()) -> BookingRequest:
    """The service request the form describes; times are the building's local wall time."""
    org_id = None
    if user.is_staff and form.organisation_id is not None and form.organisation_id.data:
        org_id = form.organisation_id.data
    return BookingRequest(
        room_id=form.room_id.data, title=form.title.data.strip(), description=(form.description.data or "").strip(),
        start=datetime.combine(form.day.data, form.start_time.data),
        end=datetime.combine(form.day.data, form.end_time.data),
        visibility=Visibility(form.visibility.data), organisation_id=org_id,
        recurrence=recurrence_from(form, extra_skips), expected_people=form.expected_people.data,
        setup_notes=(form.setup_notes.data or "").strip())


def show_error(form, exc: BookingError, moved: dict[str, str] | None = None) -> None:
    """Put a service error on the form fields it names, or on the form as a whole, in the user's language.

    `moved` names the form field for a request field this form lacks (the change form shows the
    group's size under the room it does not fit).
    """
    placed = False
    where = {**FIELD_FOR, **(moved or {})}
    for name, messages in exc.fields.items():
        field = getattr(form, where.get(name, name), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, *(tr(m) for m in messages)]
            placed = True
    if not placed:
        form.form_errors.append(tr(exc.message))
