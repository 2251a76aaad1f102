"""Turning the booking form into a request, and the choices the form offers."""
from __future__ import annotations

from datetime import date, datetime

import holidays
from flask_babel import get_locale, gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.recurrence import Recurrence
from ..models import Organisation, Room, User, Visibility
from .forms import BookingForm, options, parse_dates
from .services import BookingRequest

# Where a service error names a request field, the form field that shows it.
FIELD_FOR = {"start": "start_time", "end": "end_time", "room_id": "room_id", "organisation_id": "organisation_id",
             "expected_people": "expected_people", "recurrence": "repeat", "recurrence.freq": "repeat",
             "recurrence.interval": "interval", "recurrence.byweekday": "weekdays", "recurrence.count": "count",
             "recurrence.until": "until", "recurrence.exdates": "skip_dates", "title": "title"}


def bookable_rooms(session: Session, user: User, organisation: Organisation | None) -> list[Room]:
    """Active rooms the organisation may book; staff see every room."""
    rooms = session.scalars(select(Room).where(Room.active).options(
        selectinload(Room.allowed_organisations), selectinload(Room.parts)).order_by(Room.name)).all()
    if user.is_staff:
        return list(rooms)
    return [r for r in rooms if r.admits(organisation, user.role)]


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
    orgs = session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return options([(0, _("(choose)"))] + [(o.id, o.name) for o in orgs])


def fill_choices(form: BookingForm, session: Session, user: User) -> list[Room]:
    """Set the room (and, for staff, organisation) choices; return the rooms offered."""
    rooms = bookable_rooms(session, user, user.organisation)
    form.room_id.choices = options((r.id, room_label(r)) for r in rooms)
    if user.is_staff:
        form.organisation_id.choices = organisation_choices(session)
        if form.organisation_id.data in (None, 0) and user.organisation_id and not form.is_submitted():
            form.organisation_id.data = user.organisation_id
    else:
        del form.organisation_id
    return rooms


# The holidays package names holidays in English unless asked for another language.
HOLIDAY_LANGUAGES = {"nl": "nl", "en": "en_US"}


def dutch_holidays(first: date, last: date) -> dict[date, str]:
    """The Dutch public holidays between two dates (the holidays package, country NL), named in the
    user's language."""
    years = range(first.year, last.year + 1)
    language = HOLIDAY_LANGUAGES.get(str(get_locale()), "nl")
    return {d: name for d, name in holidays.country_holidays("NL", years=years, language=language).items()
            if first <= d <= last}


def monthly_code(day: date, mode: str) -> tuple[str, ...]:
    """The byweekday code of a monthly series on the nth (or last) weekday of `day`."""
    wd = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()]
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


def add_error(field, message: str) -> None:
    """Add a message under a form field (its errors may still be the initial tuple)."""
    field.errors = [*field.errors, message]


def check_room_fits(form, room: Room, organisation: Organisation | None, expected_people: int | None,
                    user: User) -> bool:
    """The checks the services make only when writing, made up front with messages in the user's language
    (theirs are English): an organisation to book for, one that may book the room, a room large enough."""
    ok = True
    if organisation is None:
        if getattr(form, "organisation_id", None) is not None:
            add_error(form.organisation_id, _("Choose the organisation this booking is for."))
        else:
            form.form_errors.append(_("Your account belongs to no organisation. Ask the front desk."))
        ok = False
    if organisation is not None and not room.admits(organisation, user.role):
        add_error(form.room_id, _("%(organisation)s may not book this room.", organisation=organisation.name))
        ok = False
    if expected_people is not None and room.capacity and expected_people > room.capacity:
        message = _("%(room)s holds at most %(n)s people.", room=room.name, n=room.capacity)
        add_error(getattr(form, "expected_people", None) or form.room_id, message)
        ok = False
    return ok


def may_view(user: User, organisation_id: int) -> bool:
    """Staff see every booking's page; members only their organisation's."""
    return user.is_staff or (user.organisation_id is not None and user.organisation_id == organisation_id)
