"""Booking pages: new booking with preview, our bookings, detail, change, cancel, extend."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..domain.clock import local_to_utc, wall, zone_of
from ..domain.errors import BookingConflict, BookingError, Forbidden, NotFound
from ..extensions import db
from ..models import Booking, Occurrence, Organisation, Room, Status
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from ..web import ID, building_zone, context, id_arg, now, tr
from . import series
from .forms import BookingForm, CancelForm, ExtendForm
from .pages import FIELD_FOR, check_room_fits, dutch_holidays, fill_choices, may_view, request_from
from .schedule import judge_slots, plan_slots
from .services import cancel_occurrence, create_booking, get_room
from .suggest import alternative_rooms, nearest_free_time

bp = Blueprint("bookings", __name__, url_prefix="/bookings")


def show_error(form, exc: BookingError) -> None:
    """Put a service error on the form fields it names, or on the form as a whole."""
    placed = False
    for name, messages in exc.fields.items():
        field = getattr(form, FIELD_FOR.get(name, name), None)
        if field is not None and hasattr(field, "errors"):
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.extend(tr(m) for m in messages)
            placed = True
    if not placed:
        form.form_errors.append(tr(exc.message))


def _own_booking(booking_id: int) -> Booking:
    """The booking, if the current user may see its page: 404 unknown, 403 another organisation's."""
    booking = db.session.get(Booking, booking_id)  # ids are bounded by the ID converter
    if booking is None:
        abort(404)
    if not may_view(current_user, booking.organisation_id):
        abort(403)
    return booking


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Book a room: fill in, preview every date, then book (all, or explicitly only the free dates)."""
    form = BookingForm()
    rooms = fill_choices(form, db.session, current_user)
    if request.method == "GET" and id_arg(request.args.get("room")):
        form.room_id.data = id_arg(request.args.get("room"))
    _take_suggestion(form)
    preview = None
    if form.validate_on_submit():
        preview = _preview_or_book(form)
        if preview is None:
            booking = form.booked
            if booking.status == Status.PENDING:
                flash(_("Your request is waiting for approval by the front desk. The dates are held for you."),
                      "info")
            else:
                flash(ngettext("Booked: %(title)s, %(num)s date.", "Booked: %(title)s, %(num)s dates.",
                               len(booking.occurrences), title=booking.title),
                      "success")
            return redirect(url_for("bookings.detail", booking_id=booking.id))
    return render_template("bookings/new.html", form=form, preview=preview, rooms=rooms)


def _take_suggestion(form: BookingForm) -> None:
    """A suggestion button was pressed: another room, or the nearest free time (then preview again)."""
    alt = request.form.get("alternative_room", "")
    if id_arg(alt):
        form.room_id.data = id_arg(alt)
    take = request.form.get("take_time", "")
    if len(take) == 11 and take[5] == "-":
        try:
            start, end = datetime.strptime(take[:5], "%H:%M").time(), datetime.strptime(take[6:], "%H:%M").time()
        except ValueError:
            return
        # The inputs show raw_data when there is any: set it too, or the page shows the old times
        # above a preview of the new ones, and 'Book' would send the old ones.
        form.start_time.data, form.start_time.raw_data = start, [take[:5]]
        form.end_time.data, form.end_time.raw_data = end, [take[6:]]


def _preview_or_book(form: BookingForm) -> dict | None:
    """Judge every date; book when asked and allowed (None); else return what the preview shows."""
    ctx = context()
    try:
        req = request_from(form, current_user)
        room = get_room(ctx, req.room_id)
        slots = plan_slots(room, req.start, req.end, req.recurrence, ctx.max_months)
    except BookingError as exc:
        show_error(form, exc)
        return {"error": True}
    org = db.session.get(Organisation, req.organisation_id) if req.organisation_id else current_user.organisation
    if not check_room_fits(form, room, org, req.expected_people, current_user):
        return {"error": True}
    zone = zone_of(room.building.timezone)
    holiday_names: dict[date, str] = {}
    if form.skip_holidays.data and req.recurrence is not None:
        days = {wall(s.start, zone).date() for s in slots}
        # Only the holidays the series meets: they become its EXDATEs.
        holiday_names = {d: name for d, name in dutch_holidays(min(days), max(days)).items() if d in days}
    verdicts = judge_slots(db.session, current_user, room, slots, ctx.now)
    skips = set(holiday_names)
    if form.skip_closures.data and req.recurrence is not None:
        skips |= {wall(v.slot.start, zone).date() for v in verdicts
                  if v.problems and not v.clashes and all(p.rule == "closure" for p in v.problems)}
    skipped = [(wall(v.slot.start, zone).date(), holiday_names.get(wall(v.slot.start, zone).date()) or _("closed"))
               for v in verdicts if wall(v.slot.start, zone).date() in skips]
    verdicts = [v for v in verdicts if wall(v.slot.start, zone).date() not in skips]
    blocked = {wall(v.slot.start, zone).date() for v in verdicts if not v.free}
    wants_all = form.book.data and verdicts and not blocked
    wants_free = form.book_free.data and req.recurrence is not None and len(blocked) < len(verdicts)
    if wants_all or wants_free:
        try:
            booking = create_booking(ctx, request_from(form, current_user,
                                                       extra_skips=skips | (blocked if wants_free else set())))
        except BookingConflict:
            form.form_errors.append(_("Someone booked one of these times a moment ago. Check the dates again."))
            return _preview_or_book_again(form)
        except BookingError as exc:
            show_error(form, exc)
            return {"error": True}
        form.booked = booking
        return None
    if form.book.data or form.book_free.data:
        form.form_errors.append(_("Not every date is free. Choose what to do below."))
    alternatives, nearest = [], None
    if blocked:
        if org is not None:
            alternatives = alternative_rooms(ctx, room, [v.slot for v in verdicts], org, req.expected_people)
        found = nearest_free_time(ctx, room, [v.slot for v in verdicts])
        nearest = found[0] if found else None
    return {"error": False, "verdicts": verdicts, "skipped": skipped, "holidays": holiday_names,
            "alternatives": alternatives, "nearest": nearest, "series": len(verdicts) > 1, "zone": zone.key,
            "blocked": blocked, "room": room}


def _preview_or_book_again(form: BookingForm) -> dict:
    """After a last-moment conflict: the fresh preview, never a booking."""
    form.book.data = form.book_free.data = False
    return _preview_or_book(form) or {"error": True}


@bp.get("/")
@login_required
def mine():
    """Our organisation's bookings, upcoming or past, by room and date."""
    scope = "past" if request.args.get("scope") == "past" else "upcoming"
    t = now()
    q = (select(Occurrence).join(Occurrence.booking)
         .options(joinedload(Occurrence.booking).joinedload(Booking.organisation), joinedload(Occurrence.room)))
    # Members see their own organisation's bookings only (none without one); staff choose.
    org_id = id_arg(request.args.get("organisation")) if current_user.is_staff else current_user.organisation_id
    if org_id is not None or not current_user.is_staff:
        q = q.where(Booking.organisation_id == (org_id if org_id is not None else -1))
    room_id = id_arg(request.args.get("room"))
    if room_id:
        q = q.where(Occurrence.room_id == room_id)
    first, last = _date_filter("from"), _date_filter("to")
    zone = building_zone()
    if first:
        q = q.where(Occurrence.ends_at > local_to_utc(datetime.combine(first, datetime.min.time()), zone))
    if last:
        q = q.where(Occurrence.starts_at < local_to_utc(datetime.combine(last + timedelta(days=1),
                                                                         datetime.min.time()), zone))
    if scope == "past":
        q = q.where(Occurrence.ends_at <= t).order_by(Occurrence.starts_at.desc())
    else:
        q = q.where(Occurrence.ends_at > t).order_by(Occurrence.starts_at)
    occurrences = db.session.scalars(q.limit(500)).unique().all()
    if current_user.is_staff or org_id is not None:
        ending = series.series_ending_soon(db.session, t, org_id)
    else:
        ending = []
    rooms = db.session.scalars(select(Room).where(Room.active).order_by(Room.name)).all()
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.name)).all() if current_user.is_staff else []
    return render_template("bookings/mine.html", occurrences=occurrences, scope=scope, ending=ending, rooms=rooms,
                           orgs=orgs, filters=request.args, extend_form=ExtendForm())


def _date_filter(name: str) -> date | None:
    raw = request.args.get(name, "")
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        day = False
    if day is False or (day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR):
        flash(_("%(value)s is not a date; use the date picker.", value=raw[:20]), "error")
        return None
    return day


@bp.get(f"/<{ID}:booking_id>")
@login_required
def detail(booking_id: int):
    """A booking with all its dates and what can be done with each."""
    booking = _own_booking(booking_id)
    return render_template("bookings/detail.html", booking=booking, cancel_form=CancelForm(), now=now())


@bp.post(f"/<{ID}:booking_id>/occurrences/<{ID}:occurrence_id>/cancel")
@login_required
def cancel(booking_id: int, occurrence_id: int):
    """Cancel one date, or this and all later dates, with an optional reason."""
    _own_booking(booking_id)
    form = CancelForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for e in errors:
                flash(e, "error")
        return redirect(url_for("bookings.detail", booking_id=booking_id))
    try:
        if form.scope.data == "following":
            series.cancel_from(context(), booking_id, occurrence_id, form.reason.data or "")
        else:
            cancel_occurrence(context(), booking_id, occurrence_id, form.reason.data or "")
    except Forbidden:
        abort(403)
    except NotFound:
        abort(404)
    flash(_("Cancelled. The room is free again at that time."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id))

from . import change_views  # noqa: E402,F401  (routes on the same blueprint)
