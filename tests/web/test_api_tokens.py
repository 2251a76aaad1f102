"""API tokens from one's own account page (issue 11): make one with a name, shown once; list; revoke."""
from __future__ import annotations

import re

from sqlalchemy import select

from booking.extensions import db
from booking.models import ApiToken, AuditEntry

from .helpers import field_errors, form_post, logged_in, page_text


def make(client, name: str):
    return form_post(client, "/account", {"token-name": name, "token-submit": "Token maken"})


def shown_token(resp) -> str:
    return re.search(r'<code class="token" id="new-token">([^<]+)</code>', resp.get_data(as_text=True)).group(1)


def test_a_new_token_is_shown_once_works_on_the_api_and_is_stored_hashed(client, member):
    logged_in(client, member)
    resp = make(client, "Agenda-koppeling")
    assert resp.status_code == 200
    plain = shown_token(resp)
    assert "Kopieer hem nu: je ziet hem maar één keer." in page_text(resp)
    assert client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    (token,) = db.session.scalars(select(ApiToken).where(ApiToken.user_id == member.id)).all()
    assert (token.name, token.token_hash) == ("Agenda-koppeling", ApiToken.digest(plain))
    again = client.get("/account")
    assert plain not in again.get_data(as_text=True)  # never shown again, not in the list
    assert "Agenda-koppeling" in page_text(again)
    assert plain not in str(client.get_cookie("session").value if client.get_cookie("session") else "")


def test_a_revoked_token_stops_at_once_and_the_revocation_is_audited(client, member):
    logged_in(client, member)
    plain = shown_token(make(client, "Script"))
    token_id = db.session.scalars(select(ApiToken.id).where(ApiToken.user_id == member.id)).one()
    resp = form_post(client, f"/account/tokens/{token_id}/revoke", {}, source="/account")
    assert resp.status_code == 302
    assert "De token is ingetrokken: hij werkt niet meer." in page_text(client.get("/account"))
    assert client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "api_token")
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["token.create", "token.revoke"]


def test_nobody_revokes_another_users_token(client, member, other_member):
    logged_in(client, other_member)
    plain = shown_token(make(client, "Van Bart"))
    bart_token = db.session.scalars(select(ApiToken.id).where(ApiToken.user_id == other_member.id)).one()
    client.post("/logout", data={})
    client.delete_cookie("session")
    logged_in(client, member)
    resp = form_post(client, f"/account/tokens/{bart_token}/revoke", {}, source="/account")
    assert resp.status_code == 404
    assert form_post(client, "/account/tokens/999999/revoke", {}, source="/account").status_code == 404
    assert client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    assert "Van Bart" not in page_text(client.get("/account"))  # nor is it listed to anyone else


def test_a_token_needs_a_name_of_at_most_80_characters(client, member):
    logged_in(client, member)
    resp = make(client, "")
    assert field_errors(resp, "token-name") == ["Dit veld is vereist."]
    resp = make(client, "x" * 81)
    assert field_errors(resp, "token-name") == ["Gebruik hoogstens 80 tekens."]
    assert db.session.scalars(select(ApiToken).where(ApiToken.user_id == member.id)).all() == []


def test_revoking_needs_the_form_token(client, member):
    logged_in(client, member)
    make(client, "Script")
    token_id = db.session.scalars(select(ApiToken.id).where(ApiToken.user_id == member.id)).one()
    assert client.post(f"/account/tokens/{token_id}/revoke", data={}).status_code == 400
    assert db.session.get(ApiToken, token_id) is not None
