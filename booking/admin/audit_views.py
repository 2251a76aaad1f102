"""The admin's audit trail screen: every recorded change, newest first, filtered by subject, actor, action, days."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import render_template, request

from ..bookings.queries import page_number
from ..domain.ids import parse_id
from ..extensions import db
from ..models import Role
from ..web import building_zone, roles_required
from . import bp
from .audit_trail import TrailFilter, audit_screen, shown


def day_arg(name: str) -> date | None:
    """A YYYY-MM-DD query parameter, or None (also for anything else)."""
    raw = request.args.get(name) or ""
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        return None
    return day if day and 2000 <= day.year <= 2100 else None


def text_arg(name: str) -> str | None:
    """A short free-text query parameter without control characters, or None."""
    raw = (request.args.get(name) or "").strip()[:100]
    return raw if raw and raw.isprintable() else None


@bp.get("/audit")
@roles_required(Role.ADMIN)
def audit():
    """The audit trail, a page at a time (append-only: nothing here changes it)."""
    raw_id = request.args.get("subject_id") or ""
    wanted = TrailFilter(subject_type=text_arg("subject_type"),
                         subject_id=parse_id(raw_id) if raw_id else None,
                         actor=text_arg("actor"), action=text_arg("action"),
                         first=day_arg("first"), last=day_arg("last"))
    if raw_id and wanted.subject_id is None:
        wanted = replace(wanted, subject_id=0)  # no id: nothing matches
    zone = building_zone()
    page, types = audit_screen(db.session, wanted, zone, page_number(request.args.get("page")))
    keep = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/audit.html", page=page, types=types, wanted=wanted, keep=keep, shown=shown,
                           zone=zone.key)
