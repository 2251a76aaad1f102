"""The front desk's pages: the approval queue (the day's occupancy comes with the calendar views)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..bookings.approvals import approve, reject
from ..bookings.forms import DecisionForm
from ..bookings.queries import page_number
from ..domain.errors import InvalidInput
from ..extensions import db
from ..models import Role
from ..web import context, roles_required, tr
from .queries import approval_queue
from .menu import menu_counts  # (not 'context.py': that submodule would shadow web.context here)

bp = Blueprint("frontdesk", __name__, url_prefix="/frontdesk")
# Every page's menu shows the front desk how many requests wait (one count, for staff only).
bp.app_context_processor(menu_counts)


@bp.get("/approvals")
@roles_required(Role.ADMIN, Role.FRONTDESK)
def approvals():
    """Requests for rooms that require approval, oldest first, a page at a time."""
    queue = approval_queue(db.session, page_number(request.args.get("page")))
    return render_template("frontdesk/approvals.html", requests=queue.requests, extras=queue.extras,
                           form=DecisionForm())


@bp.post("/approvals/<id:booking_id>")
@roles_required(Role.ADMIN, Role.FRONTDESK)
def decide(booking_id: int):
    """Approve, or reject with a reason."""
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("The form was not complete; try again."), "error")
        return redirect(url_for("frontdesk.approvals"))
    try:
        if form.reject.data:
            booking = reject(context(), booking_id, form.reason.data or "")
            flash(_("Rejected: %(title)s. The requester sees your reason.", title=booking.title), "success")
        elif form.approve.data:
            booking = approve(context(), booking_id)
            flash(_("Approved: %(title)s.", title=booking.title), "success")
        else:  # never decide for someone who pressed neither button
            flash(_("Choose Approve or Reject."), "error")
    except InvalidInput as exc:  # decided a moment ago, or no reason given
        flash(tr(exc.message), "error")
    return redirect(url_for("frontdesk.approvals"))

