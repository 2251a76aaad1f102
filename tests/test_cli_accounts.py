"""`flask users create` makes its account through the accounts service, audited like the pages."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from booking.accounts import services
from booking.domain.errors import Forbidden, InvalidInput
from booking.extensions import db
from booking.models import AuditEntry, Organisation, OrganisationKind, Role, User


def create_user(runner, email, *extra, password="geheim-wachtwoord"):
    return runner.invoke(args=["users", "create", email, "--name", "Jan Jansen", "--password", password, *extra])


def audit_trail() -> list[tuple]:
    db.session.rollback()
    return [(e.actor_id, e.action, e.subject_type, e.subject_id, json.loads(e.detail) if e.detail else {})
            for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def user(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == email)).first()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_users_create_is_audited_with_the_new_organisation(runner):
    result = create_user(runner, "Jan@Example.org", "--role", "frontdesk", "--org", "Welzijn Harderwijk",
                         "--org-kind", "welfare")
    assert result.exit_code == 0, result.output
    assert result.output == "Created frontdesk jan@example.org of Welzijn Harderwijk\n"
    trail = audit_trail()
    org = db.session.scalars(select(Organisation)).one()
    u = user("jan@example.org")
    assert trail == [
        (None, "organisation.create", "organisation", org.id, {"name": "Welzijn Harderwijk", "kind": "welfare"}),
        (None, "user.create", "user", u.id, {"email": "jan@example.org", "role": "frontdesk",
                                             "organisation": "Welzijn Harderwijk"}),
    ]


def test_users_create_of_an_existing_organisation_audits_only_the_user(runner, people):
    people.org("Huisartsenpraktijk Stadsdennen", "care")
    assert create_user(runner, "poh@example.org", "--org", "Huisartsenpraktijk Stadsdennen").exit_code == 0
    assert [(a[1], a[4]) for a in audit_trail()] == [
        ("user.create", {"email": "poh@example.org", "role": "member",
                         "organisation": "Huisartsenpraktijk Stadsdennen"})]


def test_users_create_without_organisation(runner):
    result = create_user(runner, "piet@example.org")
    assert result.exit_code == 0 and result.output == "Created member piet@example.org\n"
    assert [(a[1], a[4]) for a in audit_trail()] == [
        ("user.create", {"email": "piet@example.org", "role": "member", "organisation": None})]


def test_users_create_short_password_warns_then_creates(runner):
    result = create_user(runner, "jan@example.org", password="kort")
    assert result.exit_code == 0
    assert result.output == ("warning: a password under 10 characters is easy to guess\n"
                             "Created member jan@example.org\n")


@pytest.mark.parametrize("email, password, exit_code, message", [
    # A known email is refused before the password is looked at, and without the warning.
    ("JAN@example.org", "kort", 1, "Error: A user jan@example.org already exists.\n"),
    ("JAN@example.org", "   ", 1, "Error: A user jan@example.org already exists.\n"),
    ("nieuw@example.org", "   ", 2, "Error: Invalid value for --password: the password is empty\n"),
    ("geen-adres", "   ", 2, "Error: Invalid value for EMAIL: not an e-mail address\n"),
])
def test_users_create_refusals_change_and_audit_nothing(runner, email, password, exit_code, message):
    assert create_user(runner, "jan@example.org", "--org", "Bestaat").exit_code == 0
    before = audit_trail()
    result = create_user(runner, email, "--org", "Nieuwe organisatie", password=password)
    assert result.exit_code == exit_code
    assert result.output.endswith(message), result.output
    assert "warning" not in result.output
    assert audit_trail() == before
    assert count(User) == 1 and count(Organisation) == 1


def test_create_user_service_is_for_administrators(app, people):
    member = people.user("member")
    admin = people.user("admin")
    with pytest.raises(Forbidden):
        services.create_user(db.session, member, email="x@example.org", name="X", password="geheim-wachtwoord",
                             role=Role.MEMBER)
    db.session.rollback()
    made = services.create_user(db.session, admin, email=" X@Example.org ", name="X", password="geheim-wachtwoord",
                                role=Role.MEMBER, organisation_name="Buurtteam",
                                organisation_kind=OrganisationKind.WELFARE)
    assert made.email == "x@example.org" and made.organisation.kind == OrganisationKind.WELFARE
    assert [(a[0], a[1]) for a in audit_trail()] == [(admin.id, "organisation.create"), (admin.id, "user.create")]
    with pytest.raises(InvalidInput) as refused:
        services.create_user(db.session, admin, email="x@example.org", name="X", password="geheim-wachtwoord",
                             role=Role.MEMBER)
    assert refused.value.fields == {"email": ["A user with this email already exists."]}
    db.session.rollback()


def test_tokens_create_is_audited_and_the_token_works(runner, client):
    assert create_user(runner, "Jan@Example.org", "--role", "admin").exit_code == 0
    result = runner.invoke(args=["tokens", "create", "JAN@example.org"])
    assert result.exit_code == 0, result.output
    plain = result.output.splitlines()[-1]
    u = user("jan@example.org")
    assert [(a[1], a[2], a[4]) for a in audit_trail()][-1] == ("token.create", "api_token",
                                                               {"user_id": u.id, "name": "command line"})
    assert client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {plain}"}).status_code == 200


def test_tokens_create_for_nobody_writes_nothing(runner):
    result = runner.invoke(args=["tokens", "create", "niemand@example.org"])
    assert result.exit_code == 1 and "No user niemand@example.org." in result.output
    assert audit_trail() == []
