"""Authenticate, invite, accept invitations, change passwords, deactivate."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..database import begin_write
from ..domain.errors import Forbidden, InvalidInput
from ..domain.messages import N_
from ..models import ApiToken, Invitation, Organisation, Role, User

INVITATION_DAYS = 7
_dummy: list[User] = []


def _dummy_user() -> User:
    """A user with a real hash to check against when the email is unknown, so that a wrong
    email takes as long as a wrong password and reveals nothing."""
    if not _dummy:
        user = User()
        user.set_password("not anyone's password")
        _dummy.append(user)
    return _dummy[0]


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively."""
    return email.strip().lower()


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None (one answer for every failure)."""
    user = session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()
    if user is None:
        _dummy_user().check_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def invite(session: Session, actor: User, *, email: str, name: str, role: Role,
           organisation: Organisation | None, now: datetime) -> tuple[User, str]:
    """Create an inactive-password user and an invitation link token (admins only)."""
    if actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may invite users."))
    email = normalise_email(email)
    begin_write(session)
    if session.scalars(select(User).where(func.lower(User.email) == email)).first():
        raise InvalidInput(N_("A user with this email already exists."),
                           {"email": [N_("A user with this email already exists.")]})
    user = User(email=email, name=name, role=role, organisation=organisation)
    invitation, plain = Invitation.issue(user, now + timedelta(days=INVITATION_DAYS))
    session.add_all([user, invitation])
    session.flush()
    audit.record(session, actor, "user.invite", "user", user.id, email=email, role=role.value)
    session.commit()
    return user, plain


def reissue(session: Session, actor: User, user: User, now: datetime) -> str:
    """A fresh invitation link for `user`; earlier unused links stop working."""
    if actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may invite users."))
    begin_write(session)
    for old in session.scalars(select(Invitation).where(Invitation.user_id == user.id,
                                                        Invitation.used_at.is_(None))):
        old.used_at = now
    invitation, plain = Invitation.issue(user, now + timedelta(days=INVITATION_DAYS))
    session.add(invitation)
    audit.record(session, actor, "user.reinvite", "user", user.id)
    session.commit()
    return plain


def open_invitation(session: Session, token: str, now: datetime) -> Invitation | None:
    """The unused, unexpired invitation of an active user behind a link token, or None."""
    if not token or len(token) > 200:
        return None
    inv = session.scalars(select(Invitation).where(Invitation.token_hash == ApiToken.digest(token))).first()
    if inv is None or inv.used_at is not None or inv.expires_at <= now or not inv.user.active:
        return None
    return inv


def accept(session: Session, invitation: Invitation, password: str, now: datetime) -> User:
    """Set the password from an invitation and use the invitation up (once, also when two tabs try)."""
    begin_write(session)
    session.refresh(invitation)
    if invitation.used_at is not None:
        raise InvalidInput(N_("This invitation link has been used already."), {})
    invitation.user.set_password(password)
    invitation.used_at = now
    audit.record(session, invitation.user, "user.accept_invitation", "user", invitation.user_id)
    session.commit()
    return invitation.user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one."""
    begin_write(session)
    if not user.check_password(current):
        raise InvalidInput(N_("Your current password is not correct."),
                           {"current_password": [N_("Your current password is not correct.")]})
    user.set_password(new)
    audit.record(session, user, "user.password", "user", user.id)
    session.commit()


def set_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Deactivate or reactivate a user (admins only; not oneself). Tokens stop working with the user."""
    if actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may deactivate users."))
    if user.id == actor.id and not active:
        raise InvalidInput(N_("You cannot deactivate yourself."), {})
    begin_write(session)
    user.active = active
    audit.record(session, actor, "user.activate" if active else "user.deactivate", "user", user.id)
    session.commit()
