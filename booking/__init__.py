"""Room and facility booking for neighbourhood health and community centres."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask

from .extensions import csrf, db, login_manager, migrate


def resource_folder(name: str, package_dir: str | None = None) -> str:
    """The absolute path of the app's `templates` or `static` folder.

    They live at the top of the repository, beside the package. An installed wheel carries
    copies inside the package (booking/templates, booking/static: see .build/backend.py),
    served from wherever the app runs; a checkout or an editable install has no such copies
    and serves the top-level folders themselves, so edits show without a reinstall.
    """
    package_dir = package_dir or os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(package_dir, name)
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(package_dir), name)


def create_app(test_config: dict[str, Any] | None = None, config_name: str | None = None) -> Flask:
    """Build the app: defaults from config.py, then instance/config.py, then BOOKING_* env, then test_config."""
    from .json_answers import AnswerJSONProvider

    app = Flask(__name__, instance_relative_config=True,
                template_folder=resource_folder("templates"),
                static_folder=resource_folder("static"))
    app.json = AnswerJSONProvider(app)
    configure_settings(app, test_config, config_name)
    configure_database(app)
    configure_ops(app)
    configure_auth(app)
    configure_i18n(app)
    configure_blueprints(app)
    configure_security(app)
    configure_cli(app)
    configure_mail(app)
    return app


def configure_settings(app: Flask, test_config: dict[str, Any] | None, config_name: str | None) -> None:
    """Layer the configuration sources and fill in the instance-folder database."""
    from config import CONFIGS

    name = config_name or os.environ.get("BOOKING_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"BOOKING_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}")
    app.config.from_object(CONFIGS[name])
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("BOOKING")
    if test_config:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        uri = "sqlite:///" + os.path.join(app.instance_path, "booking.sqlite3")
    elif uri.startswith(("postgresql://", "postgres://")):
        # People paste plain URLs; psycopg 3 is the driver we ship.
        uri = "postgresql+psycopg://" + uri.split("://", 1)[1]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    from .security.secrets import check_secret_key

    check_secret_key(app.config, production=name == "production")
    if int(app.config.get("PROXY_HOPS") or 0) > 0:
        # Behind that many proxies, trust their X-Forwarded-For/-Proto/-Host: absolute URLs (the
        # feed links) then carry the scheme and host the client used, https behind a TLS proxy.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def configure_database(app: Flask) -> None:
    """Bind SQLAlchemy and Alembic, and make SQLite safe for concurrent writers."""
    from . import models  # noqa: F401  (registers the tables)
    from .database import install_idle_ping, install_postgres_settings, install_sqlite_guards

    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        install_sqlite_guards(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        install_idle_ping(db.engine, float(app.config["DB_PING_AFTER_IDLE_SECONDS"]))
        install_postgres_settings(db.engine)


def configure_ops(app: Flask) -> None:
    """/healthz and the JSON request log (first of the request hooks, so it times the whole request)."""
    from . import ops

    ops.init_app(app)


def configure_auth(app: Flask) -> None:
    """Flask-Login for browser sessions, CSRF protection for every form."""
    from flask_babel import gettext

    from .accounts.queries import session_user_and_key
    from .readcache import remember_first_state
    from .domain.messages import N_
    from .models import User

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    # The message is translated when flashed (a lazy string cannot go into the session cookie).
    login_manager.login_message = N_("Please log in to see this page.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    csrf.init_app(app)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # "<id>:<session token>" (User.get_id): only an open login session of an active user counts,
        # so logging out, a new password or deactivation ends the cookies of the sessions they end.
        user, state = session_user_and_key(db.session, user_id)
        remember_first_state(state)  # the request's first statement: its reads come after (readcache)
        return user


def configure_i18n(app: Flask) -> None:
    """Dutch first, English second; dates in the building's zone."""
    from . import i18n
    from .domain.clock import zone_of
    from .web import tr

    i18n.init_app(app)
    app.jinja_env.globals.update(tr=tr, zone_of=zone_of)


def configure_blueprints(app: Flask) -> None:
    """Register each feature's blueprint, and the error pages."""
    from . import errors, routing
    from .accounts import bp as accounts_bp
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .api.page import page_bp as api_page_bp
    from .bookings.views import bp as bookings_bp
    from .calendar import bp as calendar_bp
    from .extras.views import bp as extras_bp
    from .feeds import bp as feeds_bp
    from .finder import bp as finder_bp
    from .frontdesk import bp as frontdesk_bp
    from .imports import bp as imports_bp
    from .main import bp as main_bp
    from .privacy import bp as privacy_bp
    from .public import bp as public_bp
    from .reports import bp as reports_bp
    from .schoolholidays.views import bp as schoolholidays_bp

    routing.install(app)  # <id:...> in the routes below
    # The API authenticates every request by token, not by a session cookie: no CSRF.
    csrf.exempt(api_bp)
    for bp in (api_bp, main_bp, accounts_bp, bookings_bp, frontdesk_bp, calendar_bp, finder_bp, public_bp, feeds_bp):
        app.register_blueprint(bp)
    app.register_blueprint(imports_bp)  # the .ics import (issue 9)
    app.register_blueprint(admin_bp)  # administration (issue 10)
    app.register_blueprint(reports_bp)  # usage reports (issue 10)
    app.register_blueprint(schoolholidays_bp)  # school holidays per building (issue 10)
    app.register_blueprint(privacy_bp)  # retention, export and erasure (issue 10)
    app.register_blueprint(extras_bp)  # equipment and extras with a booking (issue 10)
    app.register_blueprint(api_page_bp)  # the API's reference page (issue 11)
    errors.register(app)


def configure_security(app: Flask) -> None:
    """Security headers and no-store on private answers, and the login throttle (issue 11)."""
    from . import security

    security.init_app(app)


def configure_mail(app: Flask) -> None:
    """Email notifications: the background sender starts with a process's first request (MAIL_BACKGROUND)."""
    from .notifications.background import install

    install(app)


def configure_cli(app: Flask) -> None:
    """Register the flask commands: seed-demo, users, tokens."""
    from .cli import register

    register(app)
