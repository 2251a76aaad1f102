"""Booking pages that change what exists: move a date or the rest of a series, extend a series."""
from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..domain.clock import wall, zone_of
from ..domain.errors import BookingConflict, InvalidInput, RuleViolation
from ..extensions import db
from ..web import context, tr
from . import queries, series
from .forms import DateTitleForm, ExtendForm, OccurrenceForm, no_control_chars, options
from .preview import BOOK, BOOK_FREE, CHECK, preview_extension
from .pages import room_label, show_error
from .services import booking_for, cancel_booking, move_occurrence, retitle_occurrence
from .views import bp


@bp.route("/<id:booking_id>/occurrences/<id:occurrence_id>/edit", methods=["GET", "POST"])
@login_required
def edit_occurrence(booking_id: int, occurrence_id: int):
    """Move one date (time or room), or this and all later dates, conflict-checked."""
    booking = booking_for(context(), booking_id)
    occ = next((o for o in booking.occurrences if o.id == occurrence_id), None)
    if occ is None or not occ.is_active:  # a cancelled or rejected date cannot be moved
        abort(404)
    form = move_form(booking, occ)
    clashes = []
    if form.validate_on_submit():
        ctx = context()
        try:
            if form.scope.data == "following":
                series.move_from(ctx, booking_id, occurrence_id, form.start_time.data, form.end_time.data,
                                 form.room_id.data)
            else:
                move_occurrence(ctx, booking_id, occurrence_id,
                                datetime.combine(form.day.data, form.start_time.data),
                                datetime.combine(form.day.data, form.end_time.data), form.room_id.data)
        except BookingConflict as exc:
            clashes = exc.clashes
            form.form_errors.append(tr(exc.message))
        except (InvalidInput, RuleViolation) as exc:
            show_error(form, exc, moved={"expected_people": "room_id"})
        else:
            flash(_("The change is saved."), "success")
            return redirect(url_for("bookings.detail", booking_id=booking_id))
    return render_template("bookings/edit_occurrence.html", booking=booking, occ=occ, form=form,
                           clashes=clashes, is_series=bool(booking.recurrence),
                           title_form=DateTitleForm(formdata=None, prefix="date", data={"title": occ.title or ""}))


@bp.post("/<id:booking_id>/occurrences/<id:occurrence_id>/title")
@login_required
def retitle(booking_id: int, occurrence_id: int):
    """Give one date its own title (a feed shows it as that date's own event), or the booking's back; a title
    refused shows the date's page again with the message under the field and what was typed in it."""
    form = DateTitleForm(prefix="date")
    if form.validate_on_submit():
        try:
            retitle_occurrence(context(), booking_id, occurrence_id, form.title.data)
        except InvalidInput as exc:
            form.title.errors = [tr(m) for m in exc.fields.get("title", [exc.message])]
        else:
            flash(_("The title of this date is saved."), "success")
            return redirect(url_for("bookings.detail", booking_id=booking_id))
    elif not form.title.errors:  # the form's token, not the title, is at fault (an old page)
        flash(_("The form was not complete; try again."), "error")
        return redirect(url_for("bookings.edit_occurrence", booking_id=booking_id, occurrence_id=occurrence_id))
    return title_refused(booking_id, occurrence_id, form)


def title_refused(booking_id: int, occurrence_id: int, title_form: DateTitleForm):
    """The date's page again, its title form showing why the title was refused."""
    booking = booking_for(context(), booking_id)
    occ = next((o for o in booking.occurrences if o.id == occurrence_id and o.is_active), None) or abort(404)
    return render_template("bookings/edit_occurrence.html", booking=booking, occ=occ,
                           form=move_form(booking, occ, posted=False), clashes=[],
                           is_series=bool(booking.recurrence), title_form=title_form)


def move_form(booking, occ, posted: bool = True) -> OccurrenceForm:
    """The form that moves a date, filled with the date as it is (and what was posted, when `posted`)."""
    zone = zone_of(occ.room.building.timezone)
    start, end = wall(occ.starts_at, zone), wall(occ.ends_at, zone)
    form = OccurrenceForm(**({} if posted else {"formdata": None}),
                          data={"day": start.date(), "start_time": start.time(), "end_time": end.time(),
                                "room_id": occ.room_id})
    form.room_id.choices = options((r.id, room_label(r)) for r in queries.bookable_rooms(
        db.session, current_user, booking.organisation))
    return form


@bp.route("/<id:booking_id>/extend", methods=["GET", "POST"])
@login_required
def extend(booking_id: int):
    """Preview the next period of a standing series, then add it (all, or only the free dates), once."""
    form = ExtendForm()
    action, period = CHECK, None
    if form.validate_on_submit():
        action = BOOK if form.extend.data else BOOK_FREE if form.extend_free.data else CHECK
        period = series.Period(form.period_first.data, form.period_last.data)
    elif form.is_submitted():
        flash(_("The form was not complete; try again."), "error")
    try:
        shown = preview_extension(context(), booking_id, action, period)
    except series.AlreadyExtended as exc:
        flash(tr(exc.message), "info")
        return redirect(url_for("bookings.detail", booking_id=booking_id))
    except (InvalidInput, RuleViolation) as exc:
        flash(tr(exc.message), "error")
        return redirect(url_for("bookings.detail", booking_id=booking_id))
    if shown.extended:
        flash(_("The series is extended."), "success")
        return redirect(url_for("bookings.detail", booking_id=booking_id))
    if shown.raced:
        flash(_("Someone booked one of these times a moment ago. Check the dates again."), "error")
    # The period shown now travels with the form (a stale one from a refused post is not shown again).
    form.period_first.data, form.period_last.data = shown.period.first, shown.period.last
    form.period_first.raw_data = form.period_last.raw_data = None
    return render_template("bookings/extend.html", booking=shown.booking, verdicts=shown.verdicts,
                           blocked=shown.blocked, skipped=shown.skipped, form=form,
                           zone=shown.booking.room.building.timezone)


class CancelSeriesForm(FlaskForm):
    """Cancel every date of a series still to come: on purpose (the box ticked), with an optional reason."""

    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500), no_control_chars()])
    confirm = BooleanField(validators=[
        DataRequired(_l("Tick the box to confirm that the whole series is cancelled."))])


@bp.post("/<id:booking_id>/cancel")
@login_required
def cancel_series(booking_id: int):
    """Cancel the whole series: every date not yet over (those stay as history), after a ticked confirmation."""
    booking_for(context(), booking_id)  # 404 for an unknown booking, 403 for another organisation's
    form = CancelSeriesForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for e in errors:
                flash(e, "error")
        return redirect(url_for("bookings.detail", booking_id=booking_id))
    cancel_booking(context(), booking_id, form.reason.data or "")
    flash(_("The whole series is cancelled. The room is free again at those times."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id))
