"""The privacy pages (administrators): retention with its button, a user's export and erasure."""
from __future__ import annotations

import json

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..accounts import queries as account_queries
from ..domain.errors import BookingError
from ..extensions import db
from ..models import Role
from ..web import context, now, roles_required, tr
from . import bp
from .erasure import erase_user, erasure_summary
from .exporting import export_user
from .forms import AnonymiseForm, EraseForm, ExportForm
from .retention import anonymise, due_count
from .rules import retention_cutoff


def retention_months() -> int:
    """The RETENTION_MONTHS setting (BOOKING_RETENTION_MONTHS), 0 or more."""
    return max(int(current_app.config.get("RETENTION_MONTHS") or 0), 0)


@bp.get("/admin/privacy")
@roles_required(Role.ADMIN)
def index():
    """The retention setting, how many bookings are due, and the button that anonymises them."""
    months = retention_months()
    return render_template("privacy/index.html", months=months, cutoff=retention_cutoff(now(), months),
                           due=due_count(db.session, now(), months), form=AnonymiseForm())


@bp.post("/admin/privacy/anonymise")
@roles_required(Role.ADMIN)
def run_anonymise():
    """Anonymise the bookings whose retention period is over."""
    if AnonymiseForm().validate_on_submit():
        run = anonymise(context(), retention_months())
        flash(ngettext("%(num)s booking anonymised.", "%(num)s bookings anonymised.", run.bookings), "success")
    return redirect(url_for("privacy.index"))


@bp.post("/admin/users/<id:user_id>/export")
@roles_required(Role.ADMIN)
def export(user_id: int):
    """A user's personal data as a JSON download."""
    if not ExportForm().validate_on_submit():
        return redirect(url_for("accounts.edit_user", user_id=user_id))
    try:
        data = export_user(context(), user_id, current_app.config["DEFAULT_TIMEZONE"])
    except BookingError as exc:
        abort(exc.status)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="personal-data-user-{user_id}.json"',
        "Cache-Control": "no-store"})


@bp.route("/admin/users/<id:user_id>/erase", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def erase(user_id: int):
    """Erase a user, after a confirmation step that says what happens."""
    user = account_queries.user(db.session, user_id) or abort(404)
    form = EraseForm()
    try:
        if form.validate_on_submit():
            erase_user(context(), user_id)
            flash(_("The user's personal data is erased; their bookings stay with the organisation."), "success")
            return redirect(url_for("accounts.users"))
        summary = erasure_summary(context(), user_id)
    except BookingError as exc:
        flash(tr(exc.message), "error")
        return redirect(url_for("accounts.edit_user", user_id=user_id))
    return render_template("privacy/erase.html", user=user, summary=summary, form=form)
