"""Fixtures of the security tests: the web tests' building and people (API tokens: fixtures/people.py's token_of)."""
from __future__ import annotations

from web.conftest import admin, frontdesk, make_user, member, other_member, site  # noqa: F401  (fixtures)
