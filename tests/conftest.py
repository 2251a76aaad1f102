"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL where BOOKING_TEST_POSTGRES_URL is set)."""
from __future__ import annotations

import os
import shutil
import uuid
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

import booking.models.user as user_model

from booking import create_app
from booking.extensions import db
from booking.models import ApiToken, Organisation, OrganisationKind, Role, User
from dbkit import empty_postgres

# The pinned 'now' of API tests: a Monday morning, well before the 2027 DST changes.
NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
POSTGRES_URL = os.environ.get("BOOKING_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgres"]


def _migrate(uri: str) -> None:
    from flask_migrate import upgrade
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri}, config_name="testing")
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    """An SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "booking.sqlite3"
    _migrate(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def postgres_uri() -> str:
    """A throw-away PostgreSQL database, migrated once for the whole run."""
    if not POSTGRES_URL:
        pytest.skip("BOOKING_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    base = make_url(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
                    if POSTGRES_URL.startswith("postgresql://") else POSTGRES_URL)
    name = f"booking_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    uri = base.set(database=name).render_as_string(hide_password=False)
    _migrate(uri)
    yield uri
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_uri(request, tmp_path, sqlite_template) -> str:
    """A fresh, migrated database of each backend."""
    if request.param == "sqlite":
        path = tmp_path / "booking.sqlite3"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    uri = request.getfixturevalue("postgres_uri")
    empty_postgres(uri)
    return uri


class RequestPerContextClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The app fixture keeps an app context open for the test's own database work; a request
    would otherwise share it, and with it `g` (Flask-Login's cached user, Flask-Babel's
    cached locale) and the database session, from one request to the next.
    """

    def open(self, *args, **kwargs):
        db.session.commit()  # end the test's own transaction: the request sees what the test set up
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(autouse=True)
def cheap_password_hash(monkeypatch):
    """A one-round hash instead of scrypt: logging in stays real, the suite stays fast."""
    monkeypatch.setattr(user_model, "generate_password_hash",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))


@pytest.fixture
def app(database_uri):
    """The app on a fresh database, with 'now' pinned."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "NOW": NOW, "SECRET_KEY": "test"},
                     config_name="testing")
    app.test_client_class = RequestPerContextClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


class People:
    """Makes organisations, users and API tokens for a test."""

    def __init__(self):
        self._orgs: dict[str, Organisation] = {}

    def org(self, name: str, kind: str = "welfare") -> Organisation:
        """The organisation called `name`, made on first use."""
        if name not in self._orgs:
            org = Organisation(name=name, kind=OrganisationKind(kind))
            db.session.add(org)
            db.session.commit()
            self._orgs[name] = org
        return self._orgs[name]

    def user(self, role: str = "member", org: str | None = None, email: str | None = None) -> User:
        """A user with `role`, of organisation `org` (by name) if given."""
        user = User(email=email or f"{role}-{uuid.uuid4().hex[:6]}@example.org", name=role.title(),
                    role=Role(role), organisation=self.org(org) if org else None)
        user.set_password("correct horse battery")
        db.session.add(user)
        db.session.commit()
        return user

    def token(self, user: User) -> dict[str, str]:
        """Authorization headers carrying a fresh token of `user`."""
        token, plain = ApiToken.issue(user)
        db.session.add(token)
        db.session.commit()
        return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def people(app) -> People:
    """Factory for organisations, users and tokens."""
    return People()


@pytest.fixture
def admin_headers(people) -> dict[str, str]:
    """Headers of an admin of the centre itself."""
    return people.token(people.user("admin", org="De Kiekmure", email="admin@kiekmure.nl"))


@pytest.fixture
def make_room(client, admin_headers):
    """Create a room through the API and return its JSON."""
    def make(name: str = "Vergaderzaal", capacity: int = 12, **extra) -> dict:
        resp = client.post("/api/v1/rooms", json={"name": name, "capacity": capacity, **extra},
                           headers=admin_headers)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()
    return make
