"""The admin's building pages: the list, a new building, a building's form."""
from __future__ import annotations

from datetime import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..domain.errors import BookingError
from ..extensions import db
from ..models import Role
from ..web import context, roles_required
from . import bp
from .building_forms import WEEKDAYS, BuildingActiveForm, BuildingForm, building_values, fill_building_form
from .building_state import BuildingInUse, set_building_active
from .buildings import save_building
from .room_queries import building_for_form, building_list
from .views import show_errors

BUILDING_FIELDS = {"name": "name", "address": "address", "timezone": "timezone",
                   **{f"closes_{d}": f"closes_{d}" for d in range(7)}}


@bp.get("/buildings")
@roles_required(Role.ADMIN)
def buildings():
    """Every building with its address, zone and opening hours."""
    return render_template("admin/buildings.html", buildings=building_list(db.session), weekdays=WEEKDAYS)


@bp.route("/buildings/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_building():
    """Add a building (open 07:00-23:00 every day unless other hours are given)."""
    form = BuildingForm()
    if request.method == "GET":
        for _day, opens, closes in form.day_fields():
            opens.data, closes.data = time(7), time(23)
    return save(form, None)


@bp.route("/buildings/<id:building_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_building(building_id: int):
    """Change a building: name, address, time zone, opening hours."""
    building = building_for_form(db.session, building_id) or abort(404)
    form = BuildingForm()
    if request.method == "GET":
        fill_building_form(form, building)
    return save(form, building)


def save(form: BuildingForm, building):
    """Save the posted form (a new building when `building` is None), or show it with its errors."""
    if form.validate_on_submit():
        try:
            saved = save_building(context(), building.id if building else None, building_values(form))
        except BookingError as exc:
            show_errors(form, exc, BUILDING_FIELDS)
        else:
            flash(_("Building %(name)s saved.", name=saved.name), "success")
            return redirect(url_for("admin.buildings"))
    return render_template("admin/building_form.html", form=form, building=building,
                           active_form=BuildingActiveForm() if building else None)


@bp.post("/buildings/<id:building_id>/active")
@roles_required(Role.ADMIN)
def building_active(building_id: int):
    """Deactivate a building with its rooms (refused, with the list, while it has bookings to come) or reactivate it."""
    building = building_for_form(db.session, building_id) or abort(404)
    form = BuildingActiveForm()
    if not form.validate_on_submit():
        return redirect(url_for("admin.edit_building", building_id=building_id))
    try:
        set_building_active(context(), building_id, not form.deactivate.data)
    except BuildingInUse as exc:
        edit = BuildingForm(formdata=None)
        fill_building_form(edit, building)
        return render_template("admin/building_form.html", form=edit, building=building, waiting=exc.bookings,
                               active_form=form), 409
    flash(_("Building %(name)s is deactivated with its rooms; its history stays.", name=building.name)
          if form.deactivate.data else _("Building %(name)s is in use again.", name=building.name), "success")
    return redirect(url_for("admin.buildings"))
