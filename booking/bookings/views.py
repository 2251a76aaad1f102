"""Booking pages: new booking with preview, our bookings, detail, cancel (changes are in change_views)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..domain.clock import local_to_utc
from ..domain.errors import BookingError
from ..domain.ids import parse_id
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from ..extensions import db
from ..extras.forms import requested_extras, shown_quantities
from ..extras.queries import booking_page_with_extras, offered_extras
from ..models import Status
from ..web import building_zone, context, now, reads_only
from . import queries, series
from .forms import BookingForm, CancelForm, ExtendForm
from .pages import fill_choices, prefill, request_from, show_error
from .preview import BOOK, BOOK_FREE, CHECK, preview_request
from .services import booking_for, cancel_occurrence

bp = Blueprint("bookings", __name__, url_prefix="/bookings")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Book a room: fill in, preview every date, then book (all, or explicitly only the free dates)."""
    form = BookingForm()
    rooms = fill_choices(form, db.session, current_user)
    extras = offered_extras(db.session, rooms)
    if request.method == "GET":
        prefill(form, request.args)  # links from the front desk's day and the free-room finder
    _take_suggestion(form)
    preview = None
    if form.validate_on_submit():
        action = BOOK if form.book.data else BOOK_FREE if form.book_free.data else CHECK
        try:
            preview = preview_request(context(), replace(request_from(form, current_user),
                                                         extras=requested_extras(request.form)),
                                      skip_holidays=form.skip_holidays.data, skip_closures=form.skip_closures.data,
                                      skip_school_holidays=form.skip_school_holidays.data,
                                      action=action, language=str(get_locale()))
        except BookingError as exc:
            show_error(form, exc)
        else:
            if preview.booking is not None:
                _say_booked(preview.booking)
                return redirect(url_for("bookings.detail", booking_id=preview.booking.id))
            if preview.raced:
                form.form_errors.append(_("Someone booked one of these times a moment ago. Check the dates again."))
            elif preview.refused:
                form.form_errors.append(_("Not every date is free. Choose what to do below."))
    return render_template("bookings/new.html", form=form, preview=preview, rooms=rooms, extras=extras,
                           quantities=shown_quantities(request.form))


def _say_booked(booking) -> None:
    if booking.status == Status.PENDING:
        flash(_("Your request is waiting for approval by the front desk. The dates are held for you."), "info")
    else:
        flash(ngettext("Booked: %(title)s, %(num)s date.", "Booked: %(title)s, %(num)s dates.",
                       len(booking.occurrences), title=booking.title), "success")


def _take_suggestion(form: BookingForm) -> None:
    """A suggestion button was pressed: another room, or the nearest free time (then preview again)."""
    alt = parse_id(request.form.get("alternative_room", ""))
    if alt:
        form.room_id.data = alt
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


# The query parameters of 'our bookings' that the pager's links keep.
LIST_FILTERS = ("scope", "room", "organisation", "from", "to", "all")
# The front desk's default span of upcoming dates: today and this many days after it.
STAFF_DAYS = 7


@bp.get("/")
@reads_only
@login_required
def mine():
    """Our organisation's bookings, upcoming or past, a page at a time, by room and date.

    The front desk and administrators see today and the coming week unless they give dates or
    ask for all upcoming dates (all=1).
    """
    past = request.args.get("scope") == "past"
    zone = building_zone()
    t = now()
    first, last = _date_filter("from"), _date_filter("to")
    week = None
    if (current_user.is_staff and not past and not request.args.get("all")
            and not request.args.get("from") and not request.args.get("to")):
        first = t.astimezone(zone).date()
        last = first + timedelta(days=STAFF_DAYS)
        week = (first, last)
    wanted = queries.OccurrenceFilter(
        past=past, organisation_id=parse_id(request.args.get("organisation")),
        room_id=parse_id(request.args.get("room")),
        ends_after=local_to_utc(datetime.combine(first, time()), zone) if first else None,
        starts_before=local_to_utc(datetime.combine(last + timedelta(days=1), time()), zone) if last else None)
    org_id = queries.visible_organisation(current_user, wanted.organisation_id)
    return render_template(
        "bookings/mine.html",
        page=queries.occurrence_page(db.session, current_user, wanted, t,
                                     queries.page_number(request.args.get("page"))),
        scope="past" if past else "upcoming", week=week,
        keep={k: request.args[k] for k in LIST_FILTERS if request.args.get(k)},
        ending=queries.series_ending_soon(db.session, t, org_id) if org_id != -1 else [],
        rooms=queries.room_choices(db.session),
        orgs=queries.organisations(db.session) if current_user.is_staff else [],
        filters=request.args, extend_form=ExtendForm())


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


@bp.get("/<id:booking_id>")
@reads_only
@login_required
def detail(booking_id: int):
    """A booking with all its dates and what can be done with each."""
    booking, asked = booking_page_with_extras(db.session, current_user, booking_id)
    return render_template("bookings/detail.html", booking=booking, asked=asked, cancel_form=CancelForm(), now=now())


@bp.post("/<id:booking_id>/occurrences/<id:occurrence_id>/cancel")
@login_required
def cancel(booking_id: int, occurrence_id: int):
    """Cancel one date, or this and all later dates, with an optional reason."""
    booking_for(context(), booking_id)
    form = CancelForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for e in errors:
                flash(e, "error")
        return redirect(url_for("bookings.detail", booking_id=booking_id))
    if form.scope.data == "following":
        series.cancel_from(context(), booking_id, occurrence_id, form.reason.data or "")
    else:
        cancel_occurrence(context(), booking_id, occurrence_id, form.reason.data or "")
    flash(_("Cancelled. The room is free again at that time."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id))


from . import change_views  # noqa: E402,F401  (routes on the same blueprint)
