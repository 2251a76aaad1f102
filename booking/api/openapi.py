"""The OpenAPI 3 document of API v1, generated from the routes, the fields they read and the shapes they answer."""
from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask

from .schema import STRING, Shape, array, obj, ref

TITLE = "Room booking API"
VERSION = "1.0"
INTRO = (
    "The JSON API of the room booking system: rooms, bookings and their dates, the building's day, closures, "
    "extras, reports and calendar feeds. Send an API token (made on your account page) as "
    "'Authorization: Bearer TOKEN'. Times are ISO 8601: what you send without an offset is the building's local "
    "time (Europe/Amsterdam); what you get back is local time with its offset. Every error is JSON with an "
    "'error' code and a 'message'; a 422 names the fields at fault under 'fields'.")

# Components every operation may refer to; the feature modules add theirs through `named`.
SHAPES: dict[str, dict] = {
    "Error": obj({"error": STRING, "message": STRING},
                 {"fields": {"type": "object", "additionalProperties": array(STRING),
                             "description": "Per field at fault, its messages."}}, more=True),
}


ERROR = ref("Error")


def named(name: str, schema: dict) -> dict:
    """Register an answer's shape under `name` in the document's components; a reference to it."""
    SHAPES[name] = schema
    return ref(name)


def documented(*, answers: dict[int, dict], body: Shape | None = None, query: Shape | None = None,
               tag: str = "bookings", csv: bool = False) -> Callable:
    """Mark a view with what it reads and answers, for the OpenAPI document (the docstring gives the words)."""
    def mark(view):
        view.api_doc = {"answers": answers, "body": body, "query": query, "tag": tag, "csv": csv}
        return view
    return mark


def error(description: str) -> dict:
    """An error answer of the API's shape."""
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def summary(words: str) -> str:
    """A docstring's first sentence (up to its first colon or full stop)."""
    for i, ch in enumerate(words):
        if ch in ".:" and (i + 1 == len(words) or words[i + 1] == " ") and i > 10:
            return words[:i]
    return words


def operation(view, rule) -> dict:
    """One operation of the document: parameters, body and answers of a view."""
    doc = view.api_doc
    words = " ".join(line.strip() for line in (view.__doc__ or "").strip().splitlines())
    op: dict = {"operationId": rule.endpoint.split(".", 1)[1], "tags": [doc["tag"]], "summary": summary(words),
                "description": words, "responses": {}}
    params = [{"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}
              for name in sorted(rule.arguments)]
    if doc["query"] is not None:
        params += doc["query"].parameters()
    if params:
        op["parameters"] = params
    if doc["body"] is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": doc["body"].schema()}}}
    for status, schema in doc["answers"].items():
        content = {"application/json": {"schema": schema}}
        if doc["csv"] and status == 200:
            content["text/csv"] = {"schema": STRING}
        op["responses"][str(status)] = {"description": HTTPStatus(status).phrase, "content": content}
    needs_token = getattr(view, "needs_token", False)
    if needs_token:
        op["security"] = [{"token": []}]
        op["responses"].setdefault("401", error("No valid API token."))
    if doc["body"] is not None:
        op["responses"].setdefault("400", error("The body is not a JSON object."))
        op["responses"].setdefault("413", error("The body is too large."))
    if doc["body"] is not None or doc["query"] is not None:
        op["responses"].setdefault("422", error("A field is missing or not valid; 'fields' says which."))
    if rule.arguments:
        op["responses"].setdefault("404", error("No such record, or not yours to see."))
    return op


def api_document(app: Flask) -> dict:
    """The whole OpenAPI 3 document of /api/v1, every route of the API blueprint included."""
    spec = APISpec(title=TITLE, version=VERSION, openapi_version="3.0.3", plugins=[FlaskPlugin()],
                   info={"description": INTRO}, servers=[{"url": "/"}])
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    for name, schema in sorted(SHAPES.items()):
        spec.components.schema(name, schema)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("api."):
            continue
        view = app.view_functions[rule.endpoint]
        methods = sorted(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
        spec.path(view=view, app=app, operations={m: operation(view, rule) for m in methods})
    return spec.to_dict()


def undocumented(app: Flask) -> list[str]:
    """The API's endpoints that no `documented` marks (a test keeps this empty)."""
    return sorted(rule.endpoint for rule in app.url_map.iter_rules()
                  if rule.endpoint.startswith("api.") and not hasattr(app.view_functions[rule.endpoint], "api_doc"))




def resolved(schema, components: dict[str, dict]):
    """`schema` with every component reference replaced by the component itself (for a plain validator)."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return resolved(components[schema["$ref"].rsplit("/", 1)[1]], components)
        return {key: resolved(value, components) for key, value in schema.items()}
    if isinstance(schema, list):
        return [resolved(item, components) for item in schema]
    return schema
