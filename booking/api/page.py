"""/api: the API's reference page for people, drawn from the same OpenAPI document scripts read."""
from __future__ import annotations

from flask import Blueprint, render_template

from .document import cached_document
from .reading import operations

page_bp = Blueprint("api_page", __name__)


@page_bp.get("/api")
def reference():
    """The API page: how to get a token, then every operation with its fields and answers."""
    document = cached_document()
    return render_template("api/page.html", info=document["info"], groups=operations(document))
