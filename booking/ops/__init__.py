"""Running the app in production: /healthz, one JSON log line per request, backup and restore."""
from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)


def init_app(app: Flask) -> None:
    """Install the request log (first, so that it times the whole request) and the /healthz route."""
    from . import requestlog, views  # noqa: F401  (views registers its route on bp)

    requestlog.install(app)
    app.register_blueprint(bp)
