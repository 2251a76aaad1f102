"""The school holiday pages (administrators): a building's list, add, change, remove, import a school year."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
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
from .forms import SchoolHolidayDeleteForm, SchoolHolidayForm, SchoolYearForm
from .importing import add_proposed, propose_school_holidays
from .queries import buildings, chosen_building, holiday_by_id, holiday_page
from .services import HolidayInput, add_school_holiday, change_school_holiday, delete_school_holiday

bp = Blueprint("schoolholidays", __name__, url_prefix="/admin/school-holidays")

FIELDS = ("building_id", "name", "start_date", "end_date", "region", "year")


def show_errors(form, exc: BookingError) -> None:
    """A service's field messages on the form's fields; the message alone where no field fits."""
    placed = False
    for name, messages in exc.fields.items():
        target = getattr(form, name, None) if name in FIELDS else None
        if target is not None:
            target.errors = [*target.errors, *(tr(m) for m in messages)]
            placed = True
    if not placed:
        flash(tr(exc.message), "error")


def holiday_input(form: SchoolHolidayForm) -> HolidayInput:
    """What the form asks for."""
    return HolidayInput(form.building_id.data, form.name.data or "", form.start_date.data, form.end_date.data,
                        form.region.data or "")


@bp.get("")
@roles_required(Role.ADMIN)
def index():
    """A building's school holidays, earliest first, a page at a time."""
    places = buildings(db.session)
    building = chosen_building(places, parse_id(request.args.get("building_id")))
    page = holiday_page(db.session, building.id, page_number(request.args.get("page"))) if building else None
    return render_template("schoolholidays/list.html", page=page, building=building, buildings=places,
                           delete_form=SchoolHolidayDeleteForm())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new():
    """Add a school holiday to a building."""
    form = SchoolHolidayForm()
    places = buildings(db.session)
    form.building_id.choices = options([(b.id, b.name) for b in places])
    if request.method == "GET":
        form.building_id.data = parse_id(request.args.get("building_id")) or (places[0].id if places else None)
    if form.validate_on_submit():
        try:
            holiday, created = add_school_holiday(context(), holiday_input(form))
        except BookingError as exc:
            show_errors(form, exc)
        else:
            flash(_("School holiday added.") if created else _("This school holiday had been entered already."),
                  "success" if created else "info")
            return redirect(url_for("schoolholidays.index", building_id=holiday.building_id))
    return render_template("schoolholidays/form.html", form=form, holiday=None)


@bp.route("/<id:holiday_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(holiday_id: int):
    """Change a school holiday."""
    holiday = holiday_by_id(db.session, holiday_id)
    if holiday is None:
        abort(404)
    form = SchoolHolidayForm(obj=holiday)
    form.building_id.choices = options([(b.id, b.name) for b in buildings(db.session)])
    if form.validate_on_submit():
        try:
            holiday = change_school_holiday(context(), holiday_id, holiday_input(form))
        except BookingError as exc:
            show_errors(form, exc)
        else:
            flash(_("School holiday saved."), "success")
            return redirect(url_for("schoolholidays.index", building_id=holiday.building_id))
    return render_template("schoolholidays/form.html", form=form, holiday=holiday)


@bp.post("/<id:holiday_id>/delete")
@roles_required(Role.ADMIN)
def delete(holiday_id: int):
    """Remove a school holiday; series that skipped its dates keep them skipped."""
    form = SchoolHolidayDeleteForm()
    building_id = None
    if form.validate_on_submit():
        building_id = delete_school_holiday(context(), holiday_id).building_id
        flash(_("School holiday removed."), "success")
    return redirect(url_for("schoolholidays.index", building_id=building_id))


@bp.route("/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_year():
    """A region's school holidays of a school year (the holidays package), to tick and enter for a building."""
    posted = request.method == "POST"
    places = buildings(db.session)
    form = SchoolYearForm(request.form if posted else request.args, meta={"csrf": posted})
    form.building_id.choices = options([(b.id, b.name) for b in places])
    if not posted and not request.args.get("year"):
        today = now().date()
        form.year.data = today.year if today.month >= 8 else today.year - 1
        form.building_id.data = parse_id(request.args.get("building_id")) or (places[0].id if places else None)
        return render_template("schoolholidays/import.html", form=form, proposal=None)
    form.days.choices = options([(d, d) for d in request.form.getlist("days")])
    proposal = None
    if form.validate():
        try:
            if posted and form.save.data:
                added = add_proposed(context(), form.building_id.data, form.region.data, form.year.data,
                                     {parse_day(d) for d in form.days.data} - {None}, locale_name())
                flash(ngettext("%(num)s school holiday added.", "%(num)s school holidays added.", len(added)),
                      "success")
                return redirect(url_for("schoolholidays.index", building_id=form.building_id.data))
            proposal = propose_school_holidays(context(), form.building_id.data, form.region.data, form.year.data,
                                               locale_name())
        except BookingError as exc:
            show_errors(form, exc)
    return render_template("schoolholidays/import.html", form=form, proposal=proposal)


def parse_day(text: str) -> date | None:
    """A YYYY-MM-DD date from a checkbox, or None."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        return None
