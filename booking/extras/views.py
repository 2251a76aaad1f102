"""The admin's extras pages (/admin/extras): the list, a new extra, an extra's form, deactivating it."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..admin.closure_queries import buildings
from ..admin.views import show_errors
from ..bookings.forms import options
from ..bookings.queries import page_number
from ..domain.errors import BookingError
from ..extensions import db
from ..models import Role
from ..web import context, roles_required
from .forms import ActiveForm, ExtraForm, extra_form_values, fill_extra_form
from .queries import extra_for_form, extra_page
from .services import extra_values, save_extra

bp = Blueprint("extras", __name__, url_prefix="/admin/extras")

EXTRA_FIELDS = {name: name for name in ("building_id", "name", "kind", "stock", "note")}


@bp.get("")
@roles_required(Role.ADMIN)
def index():
    """Every extra, active ones first, by building and name, a page at a time."""
    return render_template("extras/list.html", page=extra_page(db.session, page_number(request.args.get("page"))))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new():
    """Add an extra to a building."""
    return save(ExtraForm(), None)


@bp.route("/<id:extra_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(extra_id: int):
    """Change an extra (it stays in its building)."""
    extra = extra_for_form(db.session, extra_id) or abort(404)
    form = ExtraForm()
    if request.method == "GET":
        fill_extra_form(form, extra)
    return save(form, extra)


def save(form: ExtraForm, extra):
    """Save the posted form (a new extra when `extra` is None), or show it with its errors."""
    form.building_id.choices = options([(b.id, b.name) for b in buildings(db.session)])
    if extra is not None:
        form.building_id.data = extra.building_id
    if form.validate_on_submit():
        try:
            saved = save_extra(context(), extra.id if extra else None, extra_form_values(form))
        except BookingError as exc:
            show_errors(form, exc, EXTRA_FIELDS)
        else:
            flash(_("Extra %(name)s saved.", name=saved.name), "success")
            return redirect(url_for("extras.index"))
    return render_template("extras/form.html", form=form, extra=extra, active_form=ActiveForm())


@bp.post("/<id:extra_id>/active")
@roles_required(Role.ADMIN)
def active(extra_id: int):
    """Deactivate an extra (bookings that asked for it keep it; new ones cannot ask for it) or reactivate it."""
    extra = extra_for_form(db.session, extra_id) or abort(404)
    form = ActiveForm()
    if form.validate_on_submit():
        name = extra.name
        save_extra(context(), extra_id, extra_values(extra, active=not form.deactivate.data))
        flash(_("Extra %(name)s is deactivated.", name=name) if form.deactivate.data
              else _("Extra %(name)s can be asked for again.", name=name), "success")
    return redirect(url_for("extras.index"))
