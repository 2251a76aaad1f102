"""The admin pages: the index, closures (list, add with its confirmation step, remove), public holidays."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..bookings.forms import options
from ..bookings.queries import page_number
from ..domain.errors import BookingError
from ..domain.ids import parse_id
from ..extensions import db
from ..i18n import locale_name
from ..models import Role
from ..web import context, now, roles_required, tr
from . import bp
from .closure_queries import ClosureFilter, buildings, closure_list, rooms_by_building
from .closures import ClosureRequest, delete_closure, submit_closure
from .forms import ClosureForm, DeleteForm, HolidayForm, seen_ids
from .holidays import add_holidays, propose_holidays

# Where the closure service's field names are shown on the form.
CLOSURE_FIELDS = {"start": "start_day", "end": "end_day", "reason": "reason", "room_id": "room_id",
                  "building_id": "building_id", "timezone": "building_id"}


@bp.get("")
@roles_required(Role.ADMIN)
def index():
    """The administrator's start page: links to every admin page."""
    return render_template("admin/index.html")


def show_errors(form, exc: BookingError, fields: dict[str, str]) -> None:
    """Put a service's field messages on the form's fields (the message alone where no field fits)."""
    placed = False
    for name, messages in exc.fields.items():
        target = getattr(form, fields.get(name, ""), None)
        if target is not None:
            target.errors = [*target.errors, *(tr(m) for m in messages)]
            placed = True
    if not placed:
        flash(tr(exc.message), "error")


def closure_choices(form: ClosureForm) -> None:
    """The buildings and rooms to choose from."""
    form.building_id.choices = options([(b.id, b.name) for b in buildings(db.session)])
    form.room_id.choices = options([(0, _("The whole building"))] + [
        (r.id, f"{r.building.name} · {r.name}") for r in rooms_by_building(db.session)])


def closure_request(form: ClosureForm) -> ClosureRequest:
    """The form's closure as naive local times: empty times mean from the start of the first day
    to the end of the last."""
    start = datetime.combine(form.start_day.data, form.start_time.data or time())
    end = (datetime.combine(form.end_day.data, form.end_time.data) if form.end_time.data
           else datetime.combine(form.end_day.data + timedelta(days=1), time()))
    return ClosureRequest(start, end, form.reason.data, form.building_id.data, form.room_id.data or None)


@bp.get("/closures")
@roles_required(Role.ADMIN)
def closures():
    """Closures by building, those to come first (?past=1: those over), a page at a time."""
    wanted = ClosureFilter(past=request.args.get("past") == "1", building_id=parse_id(request.args.get("building_id")))
    page, places = closure_list(db.session, wanted, now(), page_number(request.args.get("page")))
    return render_template("admin/closures.html", page=page, wanted=wanted, buildings=places)


@bp.route("/closures/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_closure():
    """Add a closure; over confirmed or pending dates, a confirmation step lists them first."""
    form = ClosureForm()
    closure_choices(form)
    if form.validate_on_submit():
        confirming = bool(form.cancel_dates.data or form.keep_dates.data)
        try:
            outcome = submit_closure(context(), closure_request(form), seen_ids(form.seen.data) if confirming
                                     else frozenset(), bool(form.cancel_dates.data), form.message.data or "")
        except BookingError as exc:
            show_errors(form, exc, CLOSURE_FIELDS)
        else:
            if outcome.to_confirm is not None:
                form.seen.data = ",".join(str(o.id) for o in outcome.to_confirm.dates)
                return render_template("admin/closure_confirm.html", form=form, plan=outcome.to_confirm)
            if not outcome.created:
                flash(_("This closure had been entered already."), "info")
            elif outcome.cancelled:
                flash(ngettext("Closure added; %(num)s date was cancelled.",
                               "Closure added; %(num)s dates were cancelled.", len(outcome.cancelled)), "success")
            else:
                flash(_("Closure added."), "success")
            return redirect(url_for("admin.closures"))
    return render_template("admin/closure_new.html", form=form)


@bp.post("/closures/<id:closure_id>/delete")
@roles_required(Role.ADMIN)
def remove_closure(closure_id: int):
    """Remove a closure; bookings cancelled for it stay cancelled."""
    form = DeleteForm()
    if form.validate_on_submit():
        delete_closure(context(), closure_id)
        flash(_("Closure removed."), "success")
    return redirect(url_for("admin.closures"))


@bp.route("/closures/holidays", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def holidays():
    """The Dutch public holidays of a year for a building, to tick and enter as whole-day closures."""
    posted = request.method == "POST"
    choices = [(b.id, b.name) for b in buildings(db.session)]
    form = HolidayForm(request.form if posted else request.args, meta={"csrf": posted})
    form.building_id.choices = options(choices)
    if not posted and not request.args.get("year"):
        form.year.data = now().year
        form.building_id.data = choices[0][0] if choices else None
        return render_template("admin/holidays.html", form=form, proposal=None)
    form.days.choices = options([(d, d) for d in request.form.getlist("days")])
    proposal = None
    if form.validate():
        try:
            if posted and form.save.data:
                added = add_holidays(context(), form.building_id.data, form.year.data,
                                     {parse_day(d) for d in form.days.data} - {None}, locale_name())
                flash(ngettext("%(num)s closure added.", "%(num)s closures added.", len(added)), "success")
                return redirect(url_for("admin.closures", building_id=form.building_id.data))
            building, proposal = propose_holidays(context(), form.building_id.data, form.year.data, locale_name())
        except BookingError as exc:
            show_errors(form, exc, {"year": "year", "building_id": "building_id"})
    return render_template("admin/holidays.html", form=form, proposal=proposal)


def parse_day(text: str):
    """A YYYY-MM-DD date from a checkbox, or None."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        return None
