"""The app refuses to start in production with the development secret key or none (issue 11)."""
from __future__ import annotations

import pytest

from booking.extensions import db
from booking.security.secrets import DEVELOPMENT_KEY, InsecureSecretKey

from fixtures.app import create_app


def start(database_uri: str, config_name: str, **config):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, **config}, config_name=config_name)
    with app.app_context():
        db.engine.dispose()
    return app


def test_the_development_key_is_the_one_config_py_ships():
    from config import Config

    assert DEVELOPMENT_KEY == Config.SECRET_KEY == "dev-only-not-secret"


@pytest.mark.parametrize("key", [DEVELOPMENT_KEY, f" {DEVELOPMENT_KEY}\n", DEVELOPMENT_KEY.encode()])
def test_production_refuses_the_development_key(database_uri, key):
    with pytest.raises(InsecureSecretKey, match="BOOKING_CONFIG=production refuses the development secret key"):
        start(database_uri, "production", SECRET_KEY=key)


def test_production_refuses_it_from_the_environment_too(database_uri, monkeypatch):
    monkeypatch.setenv("BOOKING_SECRET_KEY", DEVELOPMENT_KEY)
    monkeypatch.setenv("BOOKING_CONFIG", "production")
    with pytest.raises(InsecureSecretKey, match="BOOKING_SECRET_KEY"):
        start(database_uri, None)


@pytest.mark.parametrize("key", [None, "", "   "])
def test_production_refuses_no_key(database_uri, key, monkeypatch):
    monkeypatch.delenv("BOOKING_SECRET_KEY", raising=False)
    config = {} if key is None else {"SECRET_KEY": key}
    with pytest.raises(InsecureSecretKey, match="The secret key is empty"):
        start(database_uri, "production", **config)


def test_an_empty_key_is_refused_everywhere(database_uri):
    with pytest.raises(InsecureSecretKey, match="The secret key is empty"):
        start(database_uri, "development", SECRET_KEY="")


def test_production_starts_with_a_key_of_its_own_and_development_with_the_default(database_uri):
    assert start(database_uri, "production", SECRET_KEY="4f1c0e6b2a9d").config["SECRET_KEY"] == "4f1c0e6b2a9d"
    assert start(database_uri, "development").config["SECRET_KEY"] == DEVELOPMENT_KEY
