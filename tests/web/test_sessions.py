"""Login sessions end: logging out ends that session, a new password ends the others, deactivation
and an invitation end them all. A copy of an ended session's cookie gets the login page.

Also the account page's language choice (saved through a service, audited, and said so).
"""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from booking.accounts import queries
from booking.extensions import db
from booking.models import AuditEntry, User
from booking.models.user_session import UserSession

from .helpers import NOW, PASSWORD, form_post, heading, logged_in, login, notices

NEW_PASSWORD = "paarse olifant dansen"


def _cookie(client) -> str:
    """The value of the client's session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _browser(app, cookie: str):
    """A new client that sends a copy of `cookie`, as someone who copied it would."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def _logged_in(client) -> bool:
    """Whether the client gets its bookings (True) or the login redirect (False)."""
    resp = client.get("/bookings/")
    if resp.status_code == 302:
        assert resp.headers["Location"] == "/login?next=%2Fbookings%2F"
        return False
    assert resp.status_code == 200
    return True


def _open_sessions(user: User) -> int:
    db.session.rollback()
    return len(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                            UserSession.ended_at.is_(None))).all())


def _change_password(client):
    return form_post(client, "/account", {"pw-current_password": PASSWORD, "pw-new_password": NEW_PASSWORD,
                                          "pw-confirm": NEW_PASSWORD, "pw-submit": "Wachtwoord wijzigen"})


# --- logging out ---------------------------------------------------------------------------------------

def test_logging_out_ends_the_session_also_for_a_copied_cookie(client, app, member):
    logged_in(client, member)
    copied = _cookie(client)
    assert _logged_in(_browser(app, copied))  # the copy works while the session is open

    resp = form_post(client, "/logout", {}, source="/bookings/")
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"
    assert not _logged_in(client)
    replay = _browser(app, copied)
    assert not _logged_in(replay)
    assert notices(replay.get("/login")) == ["Log in om deze pagina te zien."]
    db.session.rollback()
    ended = db.session.scalars(select(UserSession).where(UserSession.user_id == member.id)).one()
    assert ended.ended_at == NOW

    # Logging in again makes a new session; the old cookie stays dead.
    logged_in(client, member)
    assert _logged_in(client)
    assert not _logged_in(_browser(app, copied))


def test_logging_out_leaves_the_users_other_sessions(client, app, member):
    phone = logged_in(app.test_client(), member)
    logged_in(client, member)
    form_post(client, "/logout", {}, source="/bookings/")
    assert not _logged_in(client)
    assert _logged_in(phone)
    assert _open_sessions(member) == 1


# --- a new password ------------------------------------------------------------------------------------

def test_a_new_password_ends_the_other_sessions_but_not_this_one(client, app, member, other_member):
    phone = logged_in(app.test_client(), member)
    phone_cookie = _cookie(phone)
    someone_else = logged_in(app.test_client(), other_member)
    logged_in(client, member)
    before = _cookie(client)

    resp = _change_password(client)
    assert resp.status_code == 302 and resp.headers["Location"] == "/account"
    assert "Je wachtwoord is gewijzigd." in notices(client.get("/account"))
    assert _logged_in(client)                        # this session goes on,
    assert _logged_in(_browser(app, before))         # also its cookie from before the change
    assert not _logged_in(phone)                     # the other one ends,
    assert not _logged_in(_browser(app, phone_cookie))
    assert _logged_in(someone_else)                  # and other people's sessions are not touched
    assert _open_sessions(member) == 1
    assert login(app.test_client(), member, NEW_PASSWORD).status_code == 302


# --- deactivation --------------------------------------------------------------------------------------

def test_deactivation_ends_every_session_and_reactivation_does_not_bring_them_back(client, app, admin, member):
    laptop = logged_in(app.test_client(), member)
    phone = logged_in(app.test_client(), member)
    copied = _cookie(laptop)

    logged_in(client, admin)
    form_post(client, f"/admin/users/{member.id}/active", {"active": "0"}, source="/admin/users")
    assert _open_sessions(member) == 0
    form_post(client, f"/admin/users/{member.id}/active", {"active": "1"}, source="/admin/users")
    assert "Anne de Vries kan weer inloggen." in notices(client.get("/admin/users"))

    for browser in (laptop, phone, _browser(app, copied)):
        assert not _logged_in(browser)
    assert _logged_in(logged_in(app.test_client(), member))  # a new login works again
    assert _logged_in(client)  # the admin's own session is not touched


# --- invitations -----------------------------------------------------------------------------------------

def test_setting_a_password_with_an_invitation_ends_earlier_sessions(client, app, admin, member):
    earlier = logged_in(app.test_client(), member)
    logged_in(client, admin)
    form_post(client, f"/admin/users/{member.id}/invitation", {}, source="/admin/users")
    message = [m for m in notices(client.get("/admin/users")) if m.startswith("Nieuwe uitnodigingslink")]
    link = re.search(r"http://localhost(/invitation/\S+)$", message[0]).group(1)
    assert _logged_in(earlier)  # a new link alone ends nothing

    visitor = app.test_client()
    resp = form_post(visitor, link, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert resp.status_code == 302 and resp.headers["Location"] == "/"
    assert _logged_in(visitor)
    assert not _logged_in(earlier)
    assert _open_sessions(member) == 1
    assert _logged_in(client)


# --- what the loader accepts ----------------------------------------------------------------------------

def test_a_cookie_with_only_a_user_id_is_not_logged_in(client, member):
    # As Flask-Login wrote it before login sessions were kept: such cookies stop working on upgrade.
    with client.session_transaction() as cookie_session:
        cookie_session["_user_id"] = str(member.id)
        cookie_session["_fresh"] = True
    assert not _logged_in(client)


@pytest.mark.parametrize("mangle", [
    lambda uid, token: str(uid),
    lambda uid, token: f"{uid}:",
    lambda uid, token: f":{token}",
    lambda uid, token: f"{uid}:{token}x",
    lambda uid, token: f"{uid + 1}:{token}",
    lambda uid, token: f"99999999999999999999:{token}",
    lambda uid, token: f"-{uid}:{token}",
    lambda uid, token: f"{uid}:{token}:{token}",
    lambda uid, token: f"{uid}:" + "x" * 5000,
    lambda uid, token: "",
])
def test_the_session_loader_refuses_anything_but_an_open_session(client, member, other_member, mangle):
    logged_in(client, member)
    db.session.rollback()
    row = db.session.scalars(select(UserSession).where(UserSession.user_id == member.id)).one()
    # Only the token's hash is stored: give the open session a token this test knows.
    token = "known-token-for-this-test"
    row.token_hash = UserSession.digest(token)
    db.session.commit()
    assert queries.session_user(db.session, f"{member.id}:{token}").id == member.id
    assert queries.session_user(db.session, mangle(member.id, token)) is None
    db.session.rollback()


# --- the language on the account page -----------------------------------------------------------------

def test_saving_the_language_says_so_in_that_language_and_is_audited(client, member):
    logged_in(client, member)
    resp = form_post(client, "/account", {"lang-language": "en", "lang-submit": "Opslaan"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/account"
    page = client.get("/account")
    assert heading(page) == "My account"
    assert "Your language is saved." in notices(page)

    resp = form_post(client, "/account", {"lang-language": "nl", "lang-submit": "Save"})
    assert resp.status_code == 302
    page = client.get("/account")
    assert heading(page) == "Mijn account"
    assert "Je taal is opgeslagen." in notices(page)
    assert _logged_in(client)  # saving the language ends no session

    db.session.rollback()
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.language")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.actor_id, e.subject_type, e.subject_id, json.loads(e.detail)) for e in entries] == [
        (member.id, "user", member.id, {"language": "en"}),
        (member.id, "user", member.id, {"language": "nl"}),
    ]
