"""A user's personal data: the export (a JSON download) and the erasure (after a confirmation step)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.feeds.tokens import feed_token
from booking.models import ApiToken, AuditEntry, Booking, User
from web.helpers import form_post, logged_in, login, notices, page_text


def export(client, user_id: int):
    return form_post(client, f"/admin/users/{user_id}/export", {}, source=f"/admin/users/{user_id}")


def test_the_export_holds_profile_membership_bookings_and_actions(client, story, admin, other_member):
    resp = export(logged_in(client, admin), other_member.id)
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert resp.headers["Content-Disposition"] == f'attachment; filename="personal-data-user-{other_member.id}.json"'
    data = json.loads(resp.get_data(as_text=True))
    assert data["profile"] == {"id": other_member.id, "name": "Bart Jansen", "email": "bart@huisarts.example",
                               "role": "member", "language": None, "active": True,
                               "created_at": data["profile"]["created_at"]}
    assert data["memberships"] == [{"organisation_id": other_member.organisation_id,
                                    "name": "Huisartsenpraktijk Stadsdennen", "kind": "care", "role": "member"}]
    old, recent = data["bookings"]
    assert (old["title"], old["description"], old["room"], old["organisation"]) == (
        "Spreekuur mevrouw Jansen", "Consult mevrouw Jansen", "Spreekkamer", "Huisartsenpraktijk Stadsdennen")
    assert old["dates"] == [
        {"start": "2024-12-02T09:00:00+01:00", "end": "2024-12-02T11:00:00+01:00", "status": "confirmed"},
        {"start": "2024-12-09T09:00:00+01:00", "end": "2024-12-09T11:00:00+01:00", "status": "cancelled"}]
    assert recent["dates"] == [
        {"start": "2025-02-03T09:00:00+01:00", "end": "2025-02-03T11:00:00+01:00", "status": "confirmed"}]
    assert [e["action"] for e in data["audit"]] == ["booking.create", "booking.create", "occurrence.retitle",
                                                    "occurrence.cancel", "booking.update"]
    assert data["audit"][3]["detail"]["reason"] == "mevrouw Jansen is ziek"
    assert [len(data[k]) for k in ("logins", "api_tokens", "invitations")] == [0, 0, 0]
    # The export is recorded, without anything it handed out.
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.export")).one()
    assert (entry.actor_id, entry.subject_id, entry.detail) == (admin.id, other_member.id, "")


def test_erasure_asks_first_then_erases(app, client, story, admin, other_member, token_of):
    headers = token_of(other_member)
    feed = f"/feeds/{other_member.id}/{feed_token('test', other_member.id, 0, 'personal')}/personal.ics"
    assert app.test_client().get(feed).status_code == 200
    user_id = other_member.id
    logged_in(client, admin)
    text = page_text(client.get(f"/admin/users/{user_id}/erase"))
    assert "Bart Jansen wissen" in text and "bart@huisarts.example" in text
    assert "2 reserveringen die deze persoon maakte blijven, als reserveringen van de organisatie." in text
    assert "1 API-token wordt verwijderd." in text
    assert db.session.get(User, user_id).name == "Bart Jansen"  # the page changed nothing

    resp = form_post(client, f"/admin/users/{user_id}/erase", {}, follow_redirects=True)
    assert notices(resp) == ["De persoonsgegevens van de gebruiker zijn gewist; de reserveringen blijven bij de organisatie."]
    db.session.rollback()
    user = db.session.get(User, user_id)
    assert (user.name, user.email, user.active, user.organisation_id) == (
        "Verwijderde gebruiker", f"erased-{user_id}@erased.invalid", False, None)
    assert "Bart Jansen" not in page_text(resp) and "bart@huisarts.example" not in page_text(resp)
    assert login(app.test_client(), other_member, ).status_code == 200  # the form again: refused
    other = app.test_client()
    assert other.get("/api/v1/rooms", headers=headers).status_code == 401
    assert other.get(feed).status_code == 404
    assert db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id)).all() == []
    # The bookings stay, the organisation's, with no one named as requester.
    bookings = db.session.scalars(select(Booking).order_by(Booking.id)).all()
    assert [(b.title, b.organisation.name, b.creator_id) for b in bookings] == [
        ("Spreekuur mevrouw Jansen", "Huisartsenpraktijk Stadsdennen", None),
        ("Spreekuur meneer Smit", "Huisartsenpraktijk Stadsdennen", None)]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.erase")).one()
    assert entry.actor_id == admin.id and "Bart" not in entry.detail and "huisarts.example" not in entry.detail


def test_an_invitation_in_the_trail_loses_the_address(client, admin, site):
    logged_in(client, admin)
    form_post(client, "/admin/users", {"email": "cees@welzijn.example", "name": "Cees", "role": "member",
                                       "organisation_id": str(site.welzijn.id)})
    user = db.session.scalars(select(User).where(User.email == "cees@welzijn.example")).one()
    form_post(client, f"/admin/users/{user.id}/erase", {})
    db.session.rollback()
    details = " ".join(db.session.scalars(select(AuditEntry.detail).where(AuditEntry.subject_id == user.id,
                                                                         AuditEntry.subject_type == "user")))
    assert "cees@" not in details and '"role": "member"' in details


def test_an_admin_cannot_erase_themselves(client, admin):
    logged_in(client, admin)
    resp = client.get(f"/admin/users/{admin.id}/erase", follow_redirects=True)
    assert notices(resp) == ["Je kunt jezelf niet wissen."]
    assert "Deze gebruiker wissen" not in page_text(client.get(f"/admin/users/{admin.id}"))
    resp = form_post(client, f"/admin/users/{admin.id}/erase", {}, source="/account", follow_redirects=True)
    assert notices(resp) == ["Je kunt jezelf niet wissen."]
    db.session.rollback()
    assert db.session.get(User, admin.id).active


def test_unknown_users_are_404(client, admin):
    logged_in(client, admin)
    assert client.get("/admin/users/999/erase").status_code == 404
    assert form_post(client, "/admin/users/999/export", {}, source="/account").status_code == 404
    assert client.get("/admin/users/99999999999999999999/erase").status_code == 404


@pytest.mark.parametrize("url", ["/admin/users/{id}/export", "/admin/users/{id}/erase"])
def test_only_administrators_export_and_erase(app, story, member, frontdesk, other_member, url):
    url = url.format(id=other_member.id)
    for user in (member, frontdesk):
        client = logged_in(app.test_client(), user)
        assert form_post(client, url, {}, source="/account").status_code == 403
        assert client.get(url).status_code in (403, 405)
    db.session.rollback()
    assert db.session.get(User, other_member.id).email == "bart@huisarts.example"
