"""The admin's organisation pages: the list, a new organisation, an organisation's form."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..bookings.queries import page_number
from ..domain.errors import BookingError
from ..extensions import db
from ..models import Role
from ..web import context, roles_required
from . import bp
from .organisation_forms import OrganisationForm, fill_organisation_form, organisation_form_values
from .organisations import save_organisation
from .room_forms import KIND_PAIRS
from .room_queries import organisation_by_id, organisation_page
from .views import show_errors

ORGANISATION_FIELDS = {name: name for name in ("name", "kind", "contact", "colour")}


@bp.get("/organisations")
@roles_required(Role.ADMIN)
def organisations():
    """Every organisation, active ones first, a page at a time."""
    return render_template("admin/organisations.html",
                           page=organisation_page(db.session, page_number(request.args.get("page"))),
                           kinds=dict(KIND_PAIRS))


@bp.route("/organisations/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_organisation():
    """Add an organisation."""
    return save(OrganisationForm(), None)


@bp.route("/organisations/<id:organisation_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_organisation(organisation_id: int):
    """Change an organisation, or deactivate it (its bookings stay as history; it books nothing new)."""
    org = organisation_by_id(db.session, organisation_id) or abort(404)
    form = OrganisationForm()
    if request.method == "GET":
        fill_organisation_form(form, org)
    return save(form, org)


def save(form: OrganisationForm, org):
    """Save the posted form (a new organisation when `org` is None), or show it with its errors."""
    if form.validate_on_submit():
        try:
            saved = save_organisation(context(), org.id if org else None, organisation_form_values(form))
        except BookingError as exc:
            show_errors(form, exc, ORGANISATION_FIELDS)
        else:
            flash(_("Organisation %(name)s saved.", name=saved.name), "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, organisation=org)
