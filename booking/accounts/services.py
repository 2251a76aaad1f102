"""Log in and out, invite, accept invitations, change passwords and languages, deactivate, create users.

Every login opens a row in user_session; the session cookie carries its token (User.get_id), and
the user loader accepts a cookie only while that row is open. Logging out ends that one session,
a new password ends the user's other sessions, deactivation and an invitation end all of them.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .. import audit
from ..database import begin_write
from ..domain.errors import Forbidden, InvalidInput
from ..domain.messages import N_
from ..i18n import LANGUAGES
from ..models import ApiToken, Invitation, Organisation, OrganisationKind, Role, User
from ..models.user_session import UserSession

INVITATION_DAYS = 7


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively."""
    return email.strip().lower()


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None (one answer for every failure).

    Every outcome costs exactly one real password hash check (an unknown email, someone who has
    not chosen a password yet, a deactivated user, a wrong password), so the time taken tells
    nothing about which email addresses exist or which invitations are still open.
    """
    user = session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()
    if user is None:
        User().check_password(password)  # no stored hash: checks against a spare one
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def _open_session(session: Session, user: User, now: datetime) -> None:
    """Start a login session of `user`; get_id() puts its token into the cookie."""
    row, plain = UserSession.open(user, now)
    session.add(row)
    user.session_token = plain


def _end_sessions(session: Session, user: User, now: datetime, *, keep: str | None = None) -> None:
    """End the open login sessions of `user`, except the one with token `keep`."""
    stmt = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep:
        stmt = stmt.where(UserSession.token_hash != UserSession.digest(keep))
    session.execute(stmt.values(ended_at=now))


def log_in(session: Session, email: str, password: str, now: datetime) -> User | None:
    """The user with this email and password, with a new login session, or None."""
    user = authenticate(session, email, password)
    if user is None:
        return None
    checked = user.password_hash
    begin_write(session)
    # Under the lock of the user row: not deactivated, and no new password, since the check above.
    session.refresh(user, with_for_update=True)
    if not user.active or user.password_hash != checked:
        session.rollback()
        return None
    _open_session(session, user, now)
    session.commit()
    return user


def log_out(session: Session, user: User, now: datetime) -> None:
    """End the login session `user` was loaded for (the user's other sessions go on)."""
    if not user.session_token:
        return
    begin_write(session)
    session.execute(update(UserSession)
                    .where(UserSession.user_id == user.id,
                           UserSession.token_hash == UserSession.digest(user.session_token),
                           UserSession.ended_at.is_(None))
                    .values(ended_at=now))
    session.commit()


def create_user(session: Session, actor: User | None, *, email: str, name: str, password: str, role: Role,
                organisation_name: str | None = None,
                organisation_kind: OrganisationKind = OrganisationKind.OTHER) -> User:
    """Create a user with a password; the organisation is found by name, or made with `organisation_kind`.

    `actor` is None for the command line (whoever runs it runs the server), else an administrator.
    """
    if actor is not None and actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may create users."))
    email = normalise_email(email)
    begin_write(session)
    if session.scalars(select(User).where(func.lower(User.email) == email)).first():
        raise InvalidInput(N_("A user with this email already exists."),
                           {"email": [N_("A user with this email already exists.")]})
    if not password.strip():
        raise InvalidInput(N_("The password is empty."), {"password": [N_("The password is empty.")]})
    org = None
    if organisation_name:
        org = session.scalars(select(Organisation).where(Organisation.name == organisation_name)).first()
        if org is None:
            org = Organisation(name=organisation_name, kind=organisation_kind)
            session.add(org)
            session.flush()
            audit.record(session, actor, "organisation.create", "organisation", org.id, name=org.name,
                         kind=org.kind.value)
    user = User(email=email, name=name, role=role, organisation=org)
    user.set_password(password)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id, email=email, role=role.value,
                 organisation=org.name if org else None)
    session.commit()
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
    """Set the password from an invitation and use the invitation up (once, also when two tabs try).

    Sessions opened with an earlier password end; the user gets a new login session.
    """
    begin_write(session)
    session.refresh(invitation)
    if invitation.used_at is not None:
        raise InvalidInput(N_("This invitation link has been used already."), {})
    user = invitation.user
    user.set_password(password)
    invitation.used_at = now
    _end_sessions(session, user, now)
    _open_session(session, user, now)
    audit.record(session, user, "user.accept_invitation", "user", invitation.user_id)
    session.commit()
    return user


def change_password(session: Session, user: User, current: str, new: str, now: datetime) -> None:
    """Change one's own password after checking the current one.

    Every other login session of the user ends (a stolen cookie, a forgotten computer); the one
    `user` was loaded for stays.
    """
    begin_write(session)
    if not user.check_password(current):
        raise InvalidInput(N_("Your current password is not correct."),
                           {"current_password": [N_("Your current password is not correct.")]})
    user.set_password(new)
    _end_sessions(session, user, now, keep=user.session_token)
    audit.record(session, user, "user.password", "user", user.id)
    session.commit()


def set_language(session: Session, user: User, language: str) -> None:
    """Choose the language of one's own pages."""
    if language not in LANGUAGES:
        raise InvalidInput(N_("Choose one of the languages offered."),
                           {"language": [N_("Choose one of the languages offered.")]})
    begin_write(session)
    user.language = language
    audit.record(session, user, "user.language", "user", user.id, language=language)
    session.commit()


def set_active(session: Session, actor: User, user: User, active: bool, now: datetime) -> None:
    """Deactivate or reactivate a user (admins only; not oneself). Tokens stop working with the user,
    and deactivation ends their login sessions (reactivating does not bring those back)."""
    if actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may deactivate users."))
    if user.id == actor.id and not active:
        raise InvalidInput(N_("You cannot deactivate yourself."), {})
    begin_write(session)
    user.active = active
    if not active:
        _end_sessions(session, user, now)
    audit.record(session, actor, "user.activate" if active else "user.deactivate", "user", user.id)
    session.commit()


def set_role(session: Session, actor: User, user: User, role: Role, organisation: Organisation | None) -> None:
    """Give a user another role or organisation (admins only; not their own role: someone must stay admin)."""
    if actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may change roles."))
    if user.id == actor.id and role != Role.ADMIN:
        msg = N_("You cannot take away your own administrator role.")
        raise InvalidInput(msg, {"role": [msg]})
    begin_write(session)
    old = {"role": user.role.value, "organisation_id": user.organisation_id}
    user.role, user.organisation = role, organisation
    new = {"role": role.value, "organisation_id": organisation.id if organisation else None}
    if old != new:
        audit.record(session, actor, "user.update", "user", user.id, old=old, new=new)
    session.commit()
