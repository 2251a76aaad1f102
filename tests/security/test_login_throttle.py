"""Login throttling (issue 11): 5 failed logins for one account within 15 minutes, then 429 with
Retry-After and a message in the user's language; 100 failures per client address; the counts shared
by every app over one database, or in Redis when configured."""
from __future__ import annotations

import socket
import threading
import uuid

import pytest
from sqlalchemy import select

from flask.testing import FlaskClient

from booking.extensions import db
from booking.models import LoginFailure

from fixtures.app import create_app
from web.helpers import PASSWORD, csrf_tokens, notices

WRONG = "Verkeerd e-mailadres of wachtwoord."
THROTTLED_NL = "Te vaak verkeerd ingelogd. Probeer het over 15 minuten opnieuw."
THROTTLED_EN = "Too many failed logins. Try again in 15 minutes."


class Browser:
    """A client that logs in through the real form, from one address, in one language."""

    def __init__(self, client, address: str = "192.0.2.10", language: str = "nl") -> None:
        self.client, self.address, self.language = client, address, language
        self.token = None

    def post(self, email: str, password: str):
        """POST the login form (with the CSRF token of the first login page fetched)."""
        headers = {"Accept-Language": self.language}
        env = {"REMOTE_ADDR": self.address}
        if self.token is None:
            page = self.client.get("/login", headers=headers, environ_base=env)
            self.token = csrf_tokens(page.get_data(as_text=True))["csrf_token"]
        return self.client.post("/login", data={"email": email, "password": password, "csrf_token": self.token},
                                headers=headers, environ_base=env)

    def fail(self, email: str, times: int = 1) -> None:
        for _ in range(times):
            resp = self.post(email, "niet mijn wachtwoord")
            assert resp.status_code == 200 and notices(resp) == [WRONG], notices(resp)


def assert_throttled(resp, message: str = THROTTLED_NL) -> None:
    assert resp.status_code == 429
    assert 890 <= int(resp.headers["Retry-After"]) <= 900
    assert notices(resp) == [message]
    html = resp.get_data(as_text=True)
    assert 'name="email"' in html and 'name="password"' in html  # the form is there to try again later


def test_the_sixth_try_after_five_failures_is_refused_even_with_the_right_password(client, member):
    browser = Browser(client)
    browser.fail(member.email, 5)
    assert_throttled(browser.post(member.email, PASSWORD))
    assert_throttled(browser.post(member.email, "niet mijn wachtwoord"))
    # The same account typed otherwise is the same account.
    assert_throttled(browser.post("  ANNE@Welzijn.Example ", PASSWORD))
    # Still not logged in.
    assert client.get("/bookings/").status_code == 302


def test_the_message_is_in_the_users_language(client, member):
    browser = Browser(client, language="en")
    browser.client.get("/login")
    for _ in range(5):
        assert browser.post(member.email, "wrong password").status_code == 200
    assert_throttled(browser.post(member.email, PASSWORD), THROTTLED_EN)


def test_four_failures_still_let_the_right_password_in_and_that_clears_the_count(client, app, member):
    browser = Browser(client)
    browser.fail(member.email, 4)
    assert browser.post(member.email, PASSWORD).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_tokens(client.get("/account").get_data(as_text=True))
                                 ["csrf_token"]})
    browser.token = None
    browser.fail(member.email, 4)  # counted afresh: four more are allowed
    assert browser.post(member.email, PASSWORD).status_code == 302


def test_another_account_and_another_address_are_not_affected(client, app, member, other_member):
    Browser(client).fail(member.email, 5)
    assert Browser(app.test_client(), address="192.0.2.10").post(other_member.email, PASSWORD).status_code == 302
    # The account is throttled from every address.
    assert_throttled(Browser(app.test_client(), address="198.51.100.7").post(member.email, PASSWORD))


def test_an_unknown_email_is_throttled_like_a_real_one(client):
    browser = Browser(client)
    browser.fail("niemand@welzijn.example", 5)
    assert_throttled(browser.post("niemand@welzijn.example", PASSWORD))


def test_no_email_is_stored_in_the_counts(client, member):
    Browser(client).fail(member.email, 2)
    keys = db.session.scalars(select(LoginFailure.key)).all()
    assert len(keys) == 4  # the account's two and the address's two
    assert not any("anne" in k or "welzijn" in k or "192.0.2" in k for k in keys)


def test_an_empty_form_is_no_failure(client, member):
    browser = Browser(client)
    for _ in range(8):
        assert browser.post(member.email, "").status_code == 200
    assert browser.post(member.email, PASSWORD).status_code == 302


def test_one_address_may_fail_100_times_over_many_accounts(client, app, member):
    browser = Browser(client, address="203.0.113.5")
    for n in range(100):
        browser.fail(f"person{n % 25}@office.example")  # 4 tries each for 25 accounts
    resp = browser.post(member.email, PASSWORD)
    assert resp.status_code == 429 and int(resp.headers["Retry-After"]) > 0
    # Another address is not affected.
    assert Browser(app.test_client(), address="203.0.113.6").post(member.email, PASSWORD).status_code == 302


def test_twenty_tries_at_the_same_moment_get_five_password_checks(app, member):
    """The account's place is taken before the password is checked, in one locked step: a burst of
    simultaneous tries (each from its own address, as a botnet would) cannot pass the limit."""
    email = member.email
    db.session.commit()
    answers: list[int] = []
    start = threading.Barrier(20)

    def one(n: int) -> None:
        client = FlaskClient(app)  # its own app context per request, in this thread
        start.wait()
        answers.append(client.post("/login", data={"email": email, "password": "niet mijn wachtwoord"},
                                   environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code)

    app.config["WTF_CSRF_ENABLED"] = False  # put back after the test (the app fixture)
    threads = [threading.Thread(target=one, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(answers) == [200] * 5 + [429] * 15


def test_the_count_is_shared_by_two_apps_over_one_database(app, database_uri, member):
    """Two app instances (two workers, two servers) on one database: failures on one throttle the other."""
    other = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "test", "NOW": app.config["NOW"]},
                       config_name="testing")
    try:
        Browser(app.test_client()).fail(member.email, 3)
        Browser(other.test_client()).fail(member.email, 2)
        assert_throttled(Browser(app.test_client(), address="198.51.100.1").post(member.email, PASSWORD))
        assert_throttled(Browser(other.test_client(), address="198.51.100.2").post(member.email, PASSWORD))
    finally:
        with other.app_context():
            db.engine.dispose()


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
def test_the_counts_go_to_redis_when_configured(app, database_uri, member):
    """With RATELIMIT_STORAGE_URI naming Redis, two apps share the count there and the database holds none."""
    pytest.importorskip("redis")
    prefix = f"booking-test-{uuid.uuid4().hex}"
    config = {"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "test", "NOW": app.config["NOW"],
              "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "RATELIMIT_KEY_PREFIX": prefix}
    one, two = create_app(config, config_name="testing"), create_app(config, config_name="testing")
    try:
        Browser(one.test_client()).fail(member.email, 3)
        Browser(two.test_client()).fail(member.email, 2)
        assert_throttled(Browser(one.test_client(), address="198.51.100.1").post(member.email, PASSWORD))
        assert_throttled(Browser(two.test_client(), address="198.51.100.2").post(member.email, PASSWORD))
        assert db.session.scalars(select(LoginFailure)).all() == []
        # The app on the database only knows nothing of them.
        assert Browser(app.test_client()).post(member.email, PASSWORD).status_code == 302
    finally:
        import redis

        r = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        for key in r.scan_iter(f"*{prefix}*"):
            r.delete(key)
        r.close()
        for made in (one, two):
            with made.app_context():
                db.engine.dispose()


def test_a_storage_that_does_not_answer_lets_logins_through(app, database_uri, member, caplog):
    """Redis down: logging in goes on unthrottled, and the error is logged."""
    pytest.importorskip("redis")
    broken = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "test", "NOW": app.config["NOW"],
                         "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"}, config_name="testing")
    try:
        browser = Browser(broken.test_client())
        for _ in range(6):
            assert browser.post(member.email, "niet mijn wachtwoord").status_code == 200
        assert browser.post(member.email, PASSWORD).status_code == 302
        assert "login throttle: the storage does not answer" in caplog.text
    finally:
        with broken.app_context():
            db.engine.dispose()


def test_ratelimit_enabled_false_turns_the_throttle_off(app, database_uri, member):
    """RATELIMIT_ENABLED = False: no failure is counted and the right password still gets in after many wrong ones."""
    off = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "test", "NOW": app.config["NOW"],
                      "RATELIMIT_ENABLED": False}, config_name="testing")
    try:
        browser = Browser(off.test_client())
        browser.fail(member.email, 7)
        assert browser.post(member.email, PASSWORD).status_code == 302
        assert db.session.scalars(select(LoginFailure)).all() == []
    finally:
        with off.app_context():
            db.engine.dispose()
