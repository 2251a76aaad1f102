"""Fixtures of the security tests: the web tests' building and people, API tokens for them."""
from __future__ import annotations

from admin.conftest import token_of  # noqa: F401  (fixture)
from web.conftest import admin, frontdesk, make_user, member, other_member, site  # noqa: F401  (fixtures)
