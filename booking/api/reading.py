"""The OpenAPI document turned into what the API page shows: operations by group, fields in plain words (pure)."""
from __future__ import annotations

from dataclasses import dataclass

METHOD_ORDER = {"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}
GROUPS = ("bookings", "rooms", "building", "reports", "feeds", "api")


@dataclass(frozen=True)
class Row:
    """One parameter or body field: its name, where it goes, whether it is required, its type in words."""

    name: str
    where: str
    required: bool
    kind: str
    description: str


@dataclass(frozen=True)
class Operation:
    """One method on one path, as the page shows it."""

    anchor: str
    method: str
    path: str
    summary: str
    description: str
    needs_token: bool
    fields: list[Row]
    answers: list[tuple[str, str, str]]  # status, description, shape in words


def type_words(schema: dict) -> str:
    """A JSON Schema in a few words: 'whole number 1 to 10000', 'text (at most 200)', 'list of Room'."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if "oneOf" in schema:
        return " or ".join(type_words(s) for s in schema["oneOf"])
    kind = schema.get("type", "object")
    if "enum" in schema:
        words = "one of: " + ", ".join("null" if v is None else str(v) for v in schema["enum"])
    elif kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        if high is not None and high >= 2**31 - 1:  # an id: its ceiling says nothing to a reader
            high = None
        words = "whole number" + (f" {low} to {high}" if low is not None and high is not None
                                  else f" from {low}" if low is not None else "")
    elif kind == "string":
        fmt = schema.get("format") or ("date-time" if "example" in schema and "T" in schema["example"] else "")
        words = {"date": "date (YYYY-MM-DD)", "date-time": "date and time (ISO 8601)"}.get(fmt, "text")
        if "maxLength" in schema:
            words += f" (at most {schema['maxLength']})"
    elif kind == "array":
        words = "list of " + type_words(schema.get("items", {}))
    elif kind == "object" and schema.get("properties"):
        words = "object with " + ", ".join(schema["properties"])
    else:
        words = {"boolean": "true or false", "number": "number"}.get(kind, kind)
    return words + (" or null" if schema.get("nullable") and "enum" not in schema else "")


def body_rows(schema: dict, prefix: str = "") -> list[Row]:
    """A body's fields, a nested object's fields after it as 'parent.field'."""
    rows = []
    required = set(schema.get("required", []))
    for name, field in schema.get("properties", {}).items():
        rows.append(Row(prefix + name, "body", name in required, type_words(field), field.get("description", "")))
        if field.get("type") == "object" and field.get("properties"):
            rows += body_rows(field, f"{prefix}{name}.")
    return rows


def operations(document: dict) -> dict[str, list[Operation]]:
    """Every operation of the document by group, in a steady order."""
    out: dict[str, list[Operation]] = {group: [] for group in GROUPS}
    for path, methods in sorted(document["paths"].items()):
        for method, op in sorted(methods.items(), key=lambda m: METHOD_ORDER.get(m[0], 9)):
            fields = [Row(p["name"], p["in"], p.get("required", False), type_words(p["schema"]),
                          p.get("description", "")) for p in op.get("parameters", [])]
            if "requestBody" in op:
                fields += body_rows(op["requestBody"]["content"]["application/json"]["schema"])
            answers = [(status, answer["description"],
                        type_words(answer.get("content", {}).get("application/json", {}).get("schema", {})))
                       for status, answer in sorted(op["responses"].items())]
            out.setdefault(op["tags"][0], []).append(Operation(
                op["operationId"], method.upper(), path, op["summary"], op.get("description", ""),
                "security" in op, fields, answers))
    return {group: ops for group, ops in out.items() if ops}
