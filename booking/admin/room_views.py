"""The admin's room pages: the list, a new room, a room's form, deactivating and reactivating it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..bookings.forms import options
from ..bookings.queries import page_number
from ..domain.errors import BookingConflict, BookingError
from ..extensions import db
from ..models import Role
from ..rooms.editing import RoomInUse, add_room, update_room
from ..web import context, roles_required, tr
from . import bp
from .room_forms import KIND_PAIRS, RATE_FIELDS, ActiveForm, RoomForm, fill_room_form, room_fields
from .room_queries import room_for_form, room_form_choices, room_page
from .views import show_errors

ROOM_FIELDS = {name: name for name in ("name", "capacity", "facilities", "buffer_minutes", "allowed_kinds",
                                       "organisation_ids", "min_notice_minutes", "max_advance_days",
                                       "max_duration_minutes", "building_id", "charge_mode",
                                       "cancel_deadline_hours")}
ROOM_FIELDS["rates"] = "hour_care"  # a refused rate is said at the first rate field


def room_choices(form: RoomForm) -> None:
    """The buildings and organisations to choose from."""
    places, organisations = room_form_choices(db.session)
    form.building_id.choices = options([(b.id, b.name) for b in places])
    form.organisation_ids.choices = options([(o.id, o.name) for o in organisations])


@bp.get("/rooms")
@roles_required(Role.ADMIN)
def rooms():
    """Every room, active ones first, a page at a time."""
    return render_template("admin/rooms.html", page=room_page(db.session, page_number(request.args.get("page"))))


@bp.route("/rooms/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_room():
    """Add a room to a building."""
    form = RoomForm()
    room_choices(form)
    if form.validate_on_submit():
        try:
            room = add_room(context(), form.building_id.data, **room_fields(form))
        except BookingError as exc:
            show_errors(form, exc, ROOM_FIELDS)
        else:
            flash(_("Room %(name)s added.", name=room.name), "success")
            return redirect(url_for("admin.rooms"))
    return render_template("admin/room_form.html", form=form, room=None, clashes=[], waiting=[],
                           rate_fields=RATE_FIELDS, kind_labels=dict(KIND_PAIRS))


@bp.route("/rooms/<id:room_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_room(room_id: int):
    """Change a room; a buffer that would bring its dates too close together is refused with those dates."""
    room = room_for_form(db.session, room_id) or abort(404)
    form = RoomForm()
    room_choices(form)
    form.building_id.data = room.building_id  # a room stays in its building
    clashes = []
    if form.validate_on_submit():
        try:
            update_room(context(), room_id, **room_fields(form))
        except BookingConflict as exc:
            clashes = exc.clashes
            form.buffer_minutes.errors = [_("With this changeover time, dates of this room would come too close "
                                            "to other bookings:")]
        except BookingError as exc:
            show_errors(form, exc, ROOM_FIELDS)
        else:
            flash(_("Room %(name)s saved.", name=form.name.data.strip()), "success")
            return redirect(url_for("admin.rooms"))
    elif request.method == "GET":
        fill_room_form(form, room)
    return render_template("admin/room_form.html", form=form, room=room, clashes=clashes, waiting=[],
                           active_form=ActiveForm(), rate_fields=RATE_FIELDS, kind_labels=dict(KIND_PAIRS))


@bp.post("/rooms/<id:room_id>/active")
@roles_required(Role.ADMIN)
def room_active(room_id: int):
    """Deactivate a room (refused, with the list, while it has bookings to come) or reactivate it."""
    room = room_for_form(db.session, room_id) or abort(404)
    form = ActiveForm()
    if not form.validate_on_submit():
        return redirect(url_for("admin.edit_room", room_id=room_id))
    try:
        update_room(context(), room_id, active=not form.deactivate.data)
    except RoomInUse as exc:
        edit = RoomForm(formdata=None)
        room_choices(edit)
        fill_room_form(edit, room)
        return render_template("admin/room_form.html", form=edit, room=room, clashes=[], waiting=exc.bookings,
                               combinations=getattr(exc, "combinations", []), active_form=form,
                               rate_fields=RATE_FIELDS, kind_labels=dict(KIND_PAIRS)), 409
    except BookingError as exc:  # reactivating in a deactivated building, or a combination without its parts
        flash(tr(exc.message), "error")
        return redirect(url_for("admin.edit_room", room_id=room_id))
    flash(_("Room %(name)s is deactivated; its history stays.", name=room.name) if form.deactivate.data
          else _("Room %(name)s can be booked again.", name=room.name), "success")
    return redirect(url_for("admin.rooms"))
