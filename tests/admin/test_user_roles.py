"""Changing a user's role and organisation on /admin/users/ID (the user list, invitations and deactivation
are the accounts pages' own, tested in tests/web)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from booking.extensions import db
from booking.models import AuditEntry, Role, User
from web.helpers import field_errors, form_post, logged_in, notices


def stored(user_id: int) -> User:
    db.session.rollback()
    return db.session.get(User, user_id)


def test_permissions(client, app, site, admin, member, frontdesk):
    url = f"/admin/users/{member.id}"
    assert client.get(url).status_code == 302
    assert logged_in(client, admin).get(url).status_code == 200
    for user in (member, frontdesk):
        assert logged_in(app.test_client(), user).get(url).status_code == 403


def test_the_user_list_links_each_user(client, admin, member):
    assert f'href="/admin/users/{member.id}"' in logged_in(client, admin).get("/admin/users").get_data(as_text=True)


def test_change_role_and_organisation(client, site, admin, member):
    logged_in(client, admin)
    url = f"/admin/users/{member.id}"
    assert '<option selected value="member">' in client.get(url).get_data(as_text=True)
    resp = form_post(client, url, {"role": "frontdesk", "organisation_id": str(site.kiekmure.id)},
                     follow_redirects=True)
    assert notices(resp) == ["Anne de Vries is opgeslagen."]
    user = stored(member.id)
    assert (user.role, user.organisation_id) == (Role.FRONTDESK, site.kiekmure.id)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.update")).one()
    assert entry.actor_id == admin.id and '"role": "frontdesk"' in entry.detail
    form_post(client, url, {"role": "member", "organisation_id": "0"})
    assert stored(member.id).organisation_id is None


@pytest.mark.parametrize("data, field", [
    ({"role": "superuser", "organisation_id": "0"}, "role"),
    ({"role": "member", "organisation_id": "424242"}, "organisation_id"),
    ({"role": "member", "organisation_id": "x"}, "organisation_id"),
])
def test_bad_values_change_nothing(client, site, admin, member, data, field):
    logged_in(client, admin)
    resp = form_post(client, f"/admin/users/{member.id}", data)
    assert resp.status_code == 200 and field_errors(resp, field)
    assert stored(member.id).role == Role.MEMBER


def test_an_admin_cannot_demote_themself(client, site, admin):
    logged_in(client, admin)
    resp = form_post(client, f"/admin/users/{admin.id}", {"role": "member", "organisation_id": "0"})
    assert field_errors(resp, "role") == ["U kunt uw eigen beheerdersrol niet afnemen."]
    assert stored(admin.id).role == Role.ADMIN


def test_unknown_user_is_404(client, admin):
    logged_in(client, admin)
    assert client.get("/admin/users/424242").status_code == 404
