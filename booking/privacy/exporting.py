"""The export of a user's personal data as a service: administrators only, and the disclosure audited."""
from __future__ import annotations

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.errors import Forbidden, NotFound
from ..domain.messages import N_
from ..models import Role
from .export import personal_data, user_to_export


def export_user(ctx: Context, user_id: int, zone_name: str) -> dict:
    """Everything stored about the user `user_id` (administrators), the export recorded in the audit
    trail: handing someone's data out is itself worth knowing about. Nothing exported goes into the entry."""
    if ctx.actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may export a user's data."))
    begin_write(ctx.session)
    user = user_to_export(ctx.session, user_id)
    if user is None:
        ctx.session.rollback()
        raise NotFound(N_("No user with this id."))
    data = personal_data(ctx.session, user, zone_name)
    audit.record(ctx.session, ctx.actor, "user.export", "user", user.id)
    commit(ctx.session)
    return data
