"""Fixtures of the admin tests: the web tests' building and people, and API tokens for them."""
from __future__ import annotations

import pytest

from booking.extensions import db
from booking.models import ApiToken
from web.conftest import admin, frontdesk, make_user, member, other_member, site  # noqa: F401  (fixtures)


@pytest.fixture
def token_of():
    """token_of(user) -> Authorization headers with a fresh API token of that user."""
    def make(user) -> dict[str, str]:
        token, plain = ApiToken.issue(user)
        db.session.add(token)
        db.session.commit()
        return {"Authorization": f"Bearer {plain}"}
    return make
