"""Configuration defaults. instance/config.py may override them, BOOKING_* environment variables override both."""
from __future__ import annotations


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = "dev-only-not-secret"
    # None: create_app() puts an SQLite file in the instance folder.
    SQLALCHEMY_DATABASE_URI: str | None = None
    # No ping before every use of a pooled connection (a round trip per request): see DB_PING_AFTER_IDLE_SECONDS.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": False}
    # A pooled connection that lay unused this long is pinged before use, and replaced when the database
    # went away (restarted, or closed idle connections). A busy server uses its connections within
    # seconds and skips the round trip; only a request in the moment of a restart can then fail once.
    DB_PING_AFTER_IDLE_SECONDS = 10.0
    # The zone a new building gets, and the name of the default building.
    DEFAULT_TIMEZONE = "Europe/Amsterdam"
    DEFAULT_BUILDING = "De Kiekmure"
    SERIES_MAX_MONTHS = 24
    # Privacy (AVG/GDPR): a booking whose last date ended this many months ago loses its title, description
    # and personal data (its hours stay for the reports); `flask privacy anonymise` or /admin/privacy. 0: never.
    RETENTION_MONTHS = 24
    # How long an SQLite writer waits for the lock before giving up.
    SQLITE_BUSY_TIMEOUT_MS = 20000
    # The no-double-booking guard (lock + database constraint). Only a test's negative
    # control turns it off, to show the concurrency test can see a double booking.
    BOOKING_GUARD = True
    # Whether `flask seed-demo` may run: its accounts have published passwords. Off in production.
    DEMO_DATA_ALLOWED = True
    MAX_CONTENT_LENGTH = 1024 * 1024
    # Rendered reads kept per process while the database is unchanged (booking/readcache.py); 0 turns it off.
    READ_CACHE_BYTES = 4 * 1024 * 1024
    # The calendar feeds' window: this many days back, this many months ahead.
    FEED_DAYS_BACK = 30
    FEED_MONTHS_AHEAD = 12
    # Where the app is reached from outside (https://rooms.example.org), for absolute links such as
    # the feed URLs; None: the scheme and host each request came in on.
    PUBLIC_URL: str | None = None
    # How many proxies in front of the app to trust X-Forwarded-Proto/-Host/-For from (0: none).
    PROXY_HOPS = 0
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    JSON_SORT_KEYS = False
    # Email notifications (booking/notifications/). Without MAIL_SERVER every message is written as an
    # .eml file into MAIL_OUTBOX (None: instance/outbox/). MAIL_USE_TLS: STARTTLS after connecting
    # (port 587); MAIL_USE_SSL: TLS from the start (port 465). MAIL_PORT None: 25, or 465 with SSL.
    MAIL_SERVER: str | None = None
    MAIL_PORT: int | None = None
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_FROM = "Zaalreservering <zaalreservering@localhost>"
    MAIL_OUTBOX: str | None = None
    MAIL_TIMEOUT = 10
    # A thread in each app process sends what is due every MAIL_INTERVAL seconds (off where a
    # `flask mail send` worker runs, and in tests).
    MAIL_BACKGROUND = True
    MAIL_INTERVAL = 5
    # One JSON line per request on the logger 'booking.requests' (to stderr), for log collectors.
    # On in production; the access log of gunicorn is then left off (deploy/gunicorn.conf.py).
    LOG_JSON = False
    # Seconds /healthz waits for the database (connecting and its SELECT 1) before answering 503.
    HEALTH_TIMEOUT = 3
    # Login throttling (booking/security/throttle.py): failed logins allowed per account and per client
    # address (limits' notation). The counts are kept in the database (table login_failure), or in the
    # Redis server RATELIMIT_STORAGE_URI names (redis://127.0.0.1:6379/0), shared by every worker and
    # server; RATELIMIT_KEY_PREFIX keeps two installations on one Redis apart.
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "100 per 15 minutes"
    RATELIMIT_STORAGE_URI: str | None = None
    RATELIMIT_KEY_PREFIX = "booking"
    # Strict-Transport-Security max-age in seconds (0: no header); production sends it.
    HSTS_SECONDS = 0


class DevelopmentConfig(Config):
    """For `flask run` on a laptop."""

    DEBUG = False


class TestingConfig(Config):
    """For the test suite."""

    TESTING = True
    MAIL_BACKGROUND = False


class ProductionConfig(Config):
    """For gunicorn: secure cookies, a real secret key required (not the development one), HSTS."""

    SECRET_KEY = None
    SESSION_COOKIE_SECURE = True
    # Browsers that once saw the site over https go there over https only, for a year.
    HSTS_SECONDS = 365 * 24 * 3600
    DEMO_DATA_ALLOWED = False
    LOG_JSON = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
