"""Accounts: logging in and out, passwords, invitations, deactivation, the user list, cookies, CSRF."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from booking import create_app
from booking.extensions import db
from booking.models import ApiToken, Invitation, User

from .helpers import (NOW, PASSWORD, field_errors, form_post, heading, logged_in, login, notices, page_text,
                      rows)

WRONG = "Verkeerd e-mailadres of wachtwoord."
NEW_PASSWORD = "paarse olifant dansen"


def _invite(client, admin, site, email="nieuw@welzijn.example", name="Nieuw Lid") -> str:
    """The admin invites someone through the page; return the path of the invitation link."""
    logged_in(client, admin)
    resp = form_post(client, "/admin/users", {"email": email, "name": name, "role": "member",
                                              "organisation_id": str(site.welzijn.id)})
    assert resp.status_code == 200
    assert (f"Uitnodiging gemaakt voor {email}. Stuur deze link door. De link werkt één keer en is 7 dagen "
            "geldig.") in notices(resp)
    link = re.search(r'id="invite-link" readonly value="http://localhost(/invitation/[^"]+)"',
                     resp.get_data(as_text=True))
    assert link, "the page shows the invitation link"
    return link.group(1)


# --- logging in and out ------------------------------------------------------------------------------

def test_login_redirects_to_the_start_page_or_next(client, member):
    resp = login(client, member)
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/"
    assert client.get("/bookings/").status_code == 200

    other = client.application.test_client()
    resp = form_post(other, "/login?next=/bookings/new", {"email": member.email, "password": PASSWORD})
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/bookings/new"


def test_login_takes_email_in_any_case(client, member):
    resp = form_post(client, "/login", {"email": "  ANNE@Welzijn.Example ", "password": PASSWORD})
    assert resp.status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, member):
    wrong_password = login(client, member, "niet mijn wachtwoord")
    unknown = form_post(client, "/login", {"email": "niemand@example.org", "password": PASSWORD})
    for resp in (wrong_password, unknown):
        assert resp.status_code == 200
        assert notices(resp) == [WRONG]
        assert heading(resp) == "Inloggen"
    # Nothing on the page tells the two apart.
    assert page_text(wrong_password).replace(member.email, "") == page_text(unknown).replace(
        "niemand@example.org", "")
    assert client.get("/bookings/").status_code == 302


def test_deactivated_user_cannot_log_in_and_their_token_stops(client, app, admin, member):
    token, plain = ApiToken.issue(member)
    db.session.add(token)
    db.session.commit()
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/rooms", headers=headers).status_code == 200
    member_client = logged_in(app.test_client(), member)

    logged_in(client, admin)
    resp = form_post(client, f"/admin/users/{member.id}/active", {"active": "0"}, source="/admin/users")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/admin/users"
    page = client.get("/admin/users")
    assert ("Anne de Vries kan niet meer inloggen. Ook de API-tokens van deze persoon werken niet meer."
            in notices(page))
    db.session.rollback()
    assert db.session.get(User, member.id).active is False

    resp = login(app.test_client(), member)
    assert resp.status_code == 200
    assert notices(resp) == [WRONG]
    assert client.get("/api/v1/rooms", headers=headers).status_code == 401
    # A session opened before the deactivation ends with it.
    resp = member_client.get("/bookings/")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/login")


def test_admin_cannot_deactivate_themselves(client, admin):
    logged_in(client, admin)
    form_post(client, f"/admin/users/{admin.id}/active", {"active": "0"}, source="/admin/users")
    assert "Je kunt jezelf niet deactiveren." in notices(client.get("/admin/users"))
    db.session.rollback()
    assert db.session.get(User, admin.id).active is True


def test_logout_is_post_only(client, member):
    logged_in(client, member)
    resp = client.get("/logout")
    assert resp.status_code == 405
    assert heading(resp) == "Niet toegestaan"
    assert "Deze pagina kun je niet op deze manier gebruiken." in page_text(resp)
    assert client.get("/bookings/").status_code == 200  # still logged in

    resp = form_post(client, "/logout", {}, source="/bookings/")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/login"
    assert "Je bent uitgelogd." in notices(client.get("/login"))
    assert client.get("/bookings/").status_code == 302


def test_anonymous_visitor_is_sent_to_login_with_a_dutch_message(client, site):
    resp = client.get("/bookings/")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/login?next=%2Fbookings%2F"
    assert notices(client.get(resp.headers["Location"])) == ["Log in om deze pagina te zien."]


# --- passwords -----------------------------------------------------------------------------------------

def _change(client, current, new, confirm):
    return form_post(client, "/account", {"pw-current_password": current, "pw-new_password": new,
                                          "pw-confirm": confirm, "pw-submit": "Wachtwoord wijzigen"})


def test_password_change_checks_the_current_password(client, member):
    logged_in(client, member)
    resp = _change(client, "niet mijn wachtwoord", NEW_PASSWORD, NEW_PASSWORD)
    assert resp.status_code == 200
    assert field_errors(resp, "pw-current_password") == ["Je huidige wachtwoord klopt niet."]
    db.session.rollback()
    assert db.session.get(User, member.id).check_password(PASSWORD)


def test_password_change_needs_the_same_new_password_twice(client, member):
    logged_in(client, member)
    resp = _change(client, PASSWORD, NEW_PASSWORD, "paarse olifant danst")
    assert resp.status_code == 200
    assert field_errors(resp, "pw-confirm") == ["De wachtwoorden zijn niet hetzelfde."]
    resp = _change(client, PASSWORD, "kort", "kort")
    assert field_errors(resp, "pw-new_password") == ["Gebruik 10 tot 200 tekens."]
    db.session.rollback()
    assert db.session.get(User, member.id).check_password(PASSWORD)


def test_password_change_then_log_in_with_the_new_one(client, app, member):
    logged_in(client, member)
    resp = _change(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/account"
    assert "Je wachtwoord is gewijzigd." in notices(client.get("/account"))

    assert notices(login(app.test_client(), member, PASSWORD)) == [WRONG]
    assert login(app.test_client(), member, NEW_PASSWORD).status_code == 302


# --- invitations ---------------------------------------------------------------------------------------

def test_invitation_link_sets_the_password_once(client, app, admin, site):
    link = _invite(client, admin, site)
    db.session.rollback()
    invited = db.session.scalars(select(User).where(User.email == "nieuw@welzijn.example")).one()
    assert invited.password_hash == ""
    assert invited.organisation_id == site.welzijn.id

    visitor = app.test_client()
    page = visitor.get(link)
    assert page.status_code == 200
    assert heading(page) == "Welkom, Nieuw Lid"
    assert "Kies een wachtwoord voor nieuw@welzijn.example." in page_text(page)
    resp = form_post(visitor, link, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/"
    assert "Welkom! Je wachtwoord is ingesteld." in notices(visitor.get("/"))
    assert visitor.get("/bookings/").status_code == 200  # logged in

    for used in (app.test_client().get(link), visitor.get(link)):
        assert used.status_code == 404
        assert heading(used) == "Deze uitnodigingslink werkt niet meer"
        assert ("De link is al gebruikt of verlopen. Vraag de beheerder van het centrum om een nieuwe link."
                in page_text(used))
    # A second POST cannot set another password either.
    resp = form_post(app.test_client(), link, {"new_password": "iemand anders!", "confirm": "iemand anders!"},
                     source="/login")
    assert resp.status_code == 404
    db.session.rollback()
    assert db.session.get(User, invited.id).check_password(NEW_PASSWORD)
    assert login(app.test_client(), invited, NEW_PASSWORD).status_code == 302


def test_expired_invitation_link_is_not_found(client, app, admin, site):
    link = _invite(client, admin, site)
    db.session.rollback()
    invitation = db.session.scalars(select(Invitation)).one()
    invitation.expires_at = NOW - timedelta(minutes=1)
    db.session.commit()

    visitor = app.test_client()
    resp = visitor.get(link)
    assert resp.status_code == 404
    assert heading(resp) == "Deze uitnodigingslink werkt niet meer"
    assert visitor.get("/invitation/onzin").status_code == 404


def test_a_new_invitation_link_replaces_the_old_one(client, app, admin, site):
    old = _invite(client, admin, site)
    db.session.rollback()
    invited = db.session.scalars(select(User).where(User.email == "nieuw@welzijn.example")).one()
    resp = form_post(client, f"/admin/users/{invited.id}/invitation", {}, source="/admin/users")
    assert resp.status_code == 302
    message = [m for m in notices(client.get("/admin/users")) if m.startswith("Nieuwe uitnodigingslink")]
    assert len(message) == 1
    new = re.search(r"http://localhost(/invitation/\S+)$", message[0]).group(1)
    visitor = app.test_client()
    assert visitor.get(old).status_code == 404
    assert visitor.get(new).status_code == 200


def test_invite_refuses_a_known_email(client, admin, member, site):
    logged_in(client, admin)
    resp = form_post(client, "/admin/users", {"email": member.email, "name": "Dubbel", "role": "member",
                                              "organisation_id": "0"})
    assert resp.status_code == 200
    assert field_errors(resp, "email") == ["Er is al een gebruiker met dit e-mailadres."]


# --- who sees the user list -----------------------------------------------------------------------------

def test_only_admins_see_the_user_list(client, app, admin, frontdesk, member):
    resp = client.get("/admin/users")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/login?next=%2Fadmin%2Fusers"

    for user in (member, frontdesk):
        other = logged_in(app.test_client(), user)
        resp = other.get("/admin/users")
        assert resp.status_code == 403
        assert heading(resp) == "Niet toegestaan"
        assert ("Dit mag je niet bekijken of wijzigen. Het hoort bij een andere organisatie, of je hebt er een "
                "andere rol voor nodig.") in page_text(resp)
        assert form_post(other, f"/admin/users/{admin.id}/active", {"active": "0"},
                         source="/bookings/").status_code == 403

    logged_in(client, admin)
    resp = client.get("/admin/users")
    assert resp.status_code == 200
    assert [r[:5] for r in rows(resp)] == [
        ["Anne de Vries", "anne@welzijn.example", "lid", "Welzijn Harderwijk", "actief"],
        ["Carla Balie", "balie@kiekmure.example", "balie", "De Kiekmure", "actief"],
        ["Dirk Beheer", "beheer@kiekmure.example", "beheerder", "De Kiekmure", "actief"],
    ]


# --- cookies and CSRF -------------------------------------------------------------------------------------

def test_session_cookie_is_httponly_and_samesite_lax(client, member):
    resp = login(client, member)
    cookies = [c for c in resp.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1
    attributes = {a.strip().split("=")[0].lower(): a.strip() for a in cookies[0].split(";")[1:]}
    assert "httponly" in attributes
    assert attributes["samesite"] == "SameSite=Lax"
    assert "secure" not in attributes  # the test client speaks plain http


def test_production_config_makes_the_cookie_secure(database_uri):
    prod = create_app({"SECRET_KEY": "a-real-secret-for-this-test", "SQLALCHEMY_DATABASE_URI": database_uri},
                      config_name="production")
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["SESSION_COOKIE_HTTPONLY"] is True
    assert prod.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert prod.config.get("WTF_CSRF_ENABLED", True) is True
    with prod.app_context():
        db.engine.dispose()


def test_csrf_is_on_in_the_testing_config(app):
    assert app.config["TESTING"] is True
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


def test_post_without_or_with_a_wrong_csrf_token_is_refused(client, member):
    client.get("/login")
    missing = client.post("/login", data={"email": member.email, "password": PASSWORD})
    wrong = client.post("/login", data={"email": member.email, "password": PASSWORD, "csrf_token": "vervalst"})
    for resp in (missing, wrong):
        assert resp.status_code == 400
        assert heading(resp) == "Dit formulier is verlopen"
        assert ("De beveiligingscode van het formulier ontbrak of is niet meer geldig. Ga terug, laad de pagina "
                "opnieuw en verstuur het formulier nog een keer.") in page_text(resp)
        assert "Traceback" not in resp.get_data(as_text=True)
    assert client.get("/bookings/").status_code == 302  # not logged in

    logged_in(client, member)
    resp = client.post("/logout")
    assert resp.status_code == 400
    assert heading(resp) == "Dit formulier is verlopen"
    assert client.get("/bookings/").status_code == 200  # still logged in
