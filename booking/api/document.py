"""GET /api/v1/openapi.json: the API's OpenAPI 3 document, for anyone (no token)."""
from __future__ import annotations

from flask import current_app, jsonify

from . import bp
from .openapi import api_document, documented


def cached_document() -> dict:
    """The document, built once per app (the routes do not change while it runs)."""
    store = current_app.extensions
    if "api_document" not in store:
        store["api_document"] = api_document(current_app)
    return store["api_document"]


@bp.get("/openapi.json")
@documented(tag="api", answers={200: {"type": "object", "description": "This document."}})
def openapi_json():
    """The OpenAPI 3 document of this API."""
    return jsonify(cached_document())
