"""A failed login costs exactly one real password hash check, whatever the reason it fails.

Timing is counted, not measured: the check costs 80-100 ms with the real hash and next to nothing
without one, so the number of checks is what the time of a login tells an outsider.
"""
from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash

import booking.models.user as user_model
from booking.extensions import db
from booking.models import Invitation, User

from .helpers import NOW, PASSWORD, form_post, notices

WRONG = "Verkeerd e-mailadres of wachtwoord."


@pytest.fixture
def hash_checks(monkeypatch) -> list[str]:
    """The hashes checked against, in order (werkzeug's check_password_hash as the model uses it)."""
    checked: list[str] = []

    def counting(pwhash: str, password: str) -> bool:
        checked.append(pwhash)
        return check_password_hash(pwhash, password)

    monkeypatch.setattr(user_model, "check_password_hash", counting)
    return checked


@pytest.fixture
def invited(site) -> User:
    """Someone invited who has not chosen a password yet."""
    user = User(email="nieuw@welzijn.example", name="Nieuw Lid", organisation=site.welzijn)
    invitation, _plain = Invitation.issue(user, NOW.replace(year=2028))
    db.session.add_all([user, invitation])
    db.session.commit()
    return user


@pytest.fixture
def deactivated(make_user, site) -> User:
    user = make_user("member", site.welzijn, email="weg@welzijn.example")
    user.active = False
    db.session.commit()
    return user


def _post_login(client, email: str, password: str):
    client.get("/login")
    return form_post(client, "/login", {"email": email, "password": password})


@pytest.mark.parametrize("who, password", [
    ("niemand@welzijn.example", PASSWORD),        # unknown email
    ("nieuw@welzijn.example", PASSWORD),          # invited, no password yet
    ("nieuw@welzijn.example", ""),                # (an empty password does not get past the form)
    ("weg@welzijn.example", PASSWORD),            # deactivated, right password
    ("weg@welzijn.example", "niet mijn wachtwoord"),
    ("anne@welzijn.example", "niet mijn wachtwoord"),  # wrong password
])
def test_every_failed_login_costs_exactly_one_hash_check(client, member, invited, deactivated, hash_checks,
                                                         who, password):
    resp = _post_login(client, who, password)
    assert resp.status_code == 200
    if not password:
        assert hash_checks == []
        return
    assert notices(resp) == [WRONG]
    assert len(hash_checks) == 1
    # A real hash of the same kind as the stored ones, not an empty or a cheaper one.
    assert hash_checks[0].split("$")[0] == member.password_hash.split("$")[0]


def test_a_successful_login_costs_one_hash_check_too(client, member, hash_checks):
    resp = _post_login(client, member.email, PASSWORD)
    assert resp.status_code == 302
    assert hash_checks == [member.password_hash]


def test_a_user_without_a_password_never_matches(invited, hash_checks):
    for attempt in ("", "anything", "x" * 200):
        assert invited.check_password(attempt) is False
    assert len(hash_checks) == 3
