"""Erase a user (AVG/GDPR art. 17): their name and address go, they can no longer log in, and what
they booked stays as their organisation's booking (the hours stay in the reports)."""
from __future__ import annotations

import secrets

from sqlalchemy import delete, func, select, update

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.errors import Forbidden, InvalidInput, NotFound
from ..domain.ids import is_id
from ..domain.messages import N_
from ..models import ApiToken, AuditEntry, Booking, Invitation, OutboxMessage, Role, User
from ..models.user_session import UserSession
from ..rooms.editing import undo_on_error
from .retention import scrub_audit
from .rules import ERASED_NAME, PERSON_KEYS, erased_email


def check_erasure(actor: User, user_id: int) -> None:
    """Only administrators erase, and not themselves (someone must stay to administer)."""
    if actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may erase users."))
    if actor.id == user_id:
        raise InvalidInput(N_("You cannot erase yourself."), {})


@undo_on_error
def erase_user(ctx: Context, user_id: int) -> User:
    """Anonymise the user `user_id` in one audited transaction: placeholder name and address, an unusable
    password, deactivated, login sessions, API tokens and invitations removed, calendar feed links
    invalidated, mail to them dropped, their bookings kept without them as requester."""
    check_erasure(ctx.actor, user_id)
    begin_write(ctx.session)
    user = ctx.session.get(User, user_id, with_for_update=True) if is_id(user_id) else None
    if user is None:
        raise NotFound(N_("No user with this id."))
    old_email = user.email
    # Bookings stay their organisation's; nobody is named as having asked for or decided them.
    kept = ctx.session.execute(update(Booking).where(Booking.creator_id == user.id).values(creator_id=None),
                               execution_options={"synchronize_session": False}).rowcount
    ctx.session.execute(update(Booking).where(Booking.decided_by_id == user.id).values(decided_by_id=None),
                        execution_options={"synchronize_session": False})
    for model in (UserSession, ApiToken, Invitation):
        ctx.session.execute(delete(model).where(model.user_id == user.id),
                            execution_options={"synchronize_session": False})
    ctx.session.execute(delete(OutboxMessage).where(func.lower(OutboxMessage.recipient) == old_email.lower()),
                        execution_options={"synchronize_session": False})
    # The entries about this user quoted their address and name (an invitation, an account made).
    scrub_audit(ctx.session, (AuditEntry.subject_type == "user") & (AuditEntry.subject_id == user.id), PERSON_KEYS)
    user.name, user.email, user.language = ERASED_NAME, erased_email(user.id), None
    # A real hash of a password nobody has: no login, and not an open invitation (an empty hash is).
    user.set_password(secrets.token_urlsafe(32))
    user.active, user.organisation, user.role = False, None, Role.MEMBER
    user.feed_generation = (user.feed_generation or 0) + 1  # every calendar feed link of theirs answers 404
    # Written after the scrub, and with nothing of what was erased in it.
    audit.record(ctx.session, ctx.actor, "user.erase", "user", user.id, bookings_kept=kept)
    commit(ctx.session)
    return user


def erasure_summary(ctx: Context, user_id: int) -> dict[str, int]:
    """What the confirmation step tells: how many bookings stay as the organisation's, tokens and logins end."""
    check_erasure(ctx.actor, user_id)

    def counted(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()
    row = ctx.session.execute(select(  # one statement
        counted(Booking, Booking.creator_id == user_id), counted(ApiToken, ApiToken.user_id == user_id),
        counted(UserSession, UserSession.user_id == user_id, UserSession.ended_at.is_(None)))).one()
    return {"bookings": row[0], "tokens": row[1], "logins": row[2]}
