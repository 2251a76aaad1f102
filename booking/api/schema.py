"""What the API reads and answers, declared once: request fields that both parse a request and describe it in the
OpenAPI document, and the JSON Schema of the answers beside the code that builds them."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..domain.ids import MAX_ID
from .parse import Fields

# --- JSON Schema of answers (OpenAPI 3.0: "nullable" rather than a list of types) --------------------------------

INTEGER: dict = {"type": "integer"}
NUMBER: dict = {"type": "number"}
BOOLEAN: dict = {"type": "boolean"}
STRING: dict = {"type": "string"}
MOMENT: dict = {"type": "string", "format": "date-time", "example": "2027-03-29T09:00:00+02:00",
                "description": "Local time of the building, with its offset."}
DAY: dict = {"type": "string", "format": "date", "example": "2027-03-29"}


def nullable(schema: dict) -> dict:
    """The same schema, or null."""
    out = {**schema, "nullable": True}
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def one_of(*values: str) -> dict:
    """A string that is one of `values`."""
    return {"type": "string", "enum": list(values)}


def array(items: dict) -> dict:
    """A list of `items`."""
    return {"type": "array", "items": items}


def obj(properties: dict[str, dict], optional: dict[str, dict] | None = None, more: bool = False) -> dict:
    """An object with every one of `properties` and perhaps `optional`; `more`: other names may appear too."""
    schema = {"type": "object", "properties": {**properties, **(optional or {})},
              "additionalProperties": more}
    if properties:
        schema["required"] = list(properties)
    return schema


def ref(name: str) -> dict:
    """A reference to a shape in the document's components."""
    return {"$ref": f"#/components/schemas/{name}"}


# --- Request fields: each reads itself through Fields (one message per fault) and describes itself --------------

@dataclass(frozen=True)
class Field:
    """One named value of a JSON body or a query string."""

    name: str
    required: bool = True
    description: str = ""

    def read(self, f: Fields) -> Any:
        """The value, or None with an error noted in `f`."""
        raise NotImplementedError

    def schema(self) -> dict:
        """The value's JSON Schema."""
        raise NotImplementedError

    def described(self) -> dict:
        """The schema with this field's description."""
        schema = self.schema()
        return {**schema, "description": self.description} if self.description else schema


@dataclass(frozen=True)
class Integer(Field):
    """A whole number between low and high."""

    low: int = 0
    high: int = MAX_ID

    def read(self, f: Fields) -> int | None:
        return f.integer(self.name, required=self.required, low=self.low, high=self.high)

    def schema(self) -> dict:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


@dataclass(frozen=True)
class QueryId(Field):
    """A record's id in a query string."""

    required: bool = False

    def read(self, f: Fields) -> int | None:
        return f.query_id(self.name)

    def schema(self) -> dict:
        return {"type": "integer", "minimum": 1}


@dataclass(frozen=True)
class Text(Field):
    """Text without control characters, stripped, at most max_length long."""

    max_length: int = 200
    multiline: bool = False

    def read(self, f: Fields) -> str | None:
        return f.text(self.name, required=self.required, max_length=self.max_length, multiline=self.multiline)

    def schema(self) -> dict:
        schema = {"type": "string", "maxLength": self.max_length}
        if self.required:
            schema["pattern"] = r"\S"  # blank is refused like absent
        return schema


@dataclass(frozen=True)
class Moment(Field):
    """An ISO 8601 date-time: local to the building without an offset, an instant with one."""

    def read(self, f: Fields):
        return f.moment(self.name, required=self.required)

    def schema(self) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d", "example": "2027-03-29T09:00",
                "description": "ISO 8601; without an offset it is the building's local time."}


@dataclass(frozen=True)
class Day(Field):
    """A YYYY-MM-DD date."""

    def read(self, f: Fields):
        return f.day(self.name, required=self.required)

    def schema(self) -> dict:
        return DAY


@dataclass(frozen=True)
class Choice(Field):
    """One of a few words; `default` when absent (then it is not required)."""

    choices: tuple[str, ...] = ()
    default: str | None = None

    def __post_init__(self):
        if self.default is not None:  # a word with a default may be left out
            object.__setattr__(self, "required", False)

    def read(self, f: Fields) -> str | None:
        return f.choice(self.name, self.choices, default=self.default)

    def schema(self) -> dict:
        schema = one_of(*self.choices)
        return {**schema, "default": self.default} if self.default is not None else schema


@dataclass(frozen=True)
class Boolean(Field):
    """true or false (false when absent)."""

    required: bool = False

    def read(self, f: Fields) -> bool:
        return f.boolean(self.name)

    def schema(self) -> dict:
        return {"type": "boolean", "default": False}


@dataclass(frozen=True)
class Days(Field):
    """A list of YYYY-MM-DD dates."""

    required: bool = False
    max_items: int = 800

    def read(self, f: Fields):
        return f.days(self.name, max_items=self.max_items)

    def schema(self) -> dict:
        return {"type": "array", "items": DAY, "maxItems": self.max_items}


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Weekdays(Field):
    """A list of weekday codes such as "MO"."""

    required: bool = False

    def read(self, f: Fields):
        return f.strings(self.name)

    def schema(self) -> dict:
        return {"type": "array", "items": one_of(*WEEKDAY_CODES), "maxItems": 7}


@dataclass(frozen=True)
class Custom(Field):
    """A value with a reader of its own (a list of objects, say) and its schema spelled out."""

    required: bool = False
    shape: dict = field(default_factory=dict)
    reader: Callable[[Fields], Any] | None = None

    def read(self, f: Fields) -> Any:
        return self.reader(f) if self.reader else f.data.get(self.name)

    def schema(self) -> dict:
        return self.shape


class Shape:
    """The fields of one JSON body or query string, read in order."""

    def __init__(self, *fields: Field, more: bool = True):
        self.fields = fields
        self.more = more  # other names are ignored, not refused

    def read(self, f: Fields) -> dict[str, Any]:
        """Every field's value by name (None where absent or wrong; the faults are in `f`)."""
        return {fld.name: fld.read(f) for fld in self.fields}

    def schema(self) -> dict:
        """The body's JSON Schema."""
        schema = {"type": "object", "properties": {fld.name: fld.described() for fld in self.fields},
                  "additionalProperties": self.more}
        required = [fld.name for fld in self.fields if fld.required]
        if required:
            schema["required"] = required
        return schema

    def parameters(self) -> list[dict]:
        """The fields as OpenAPI query parameters."""
        return [{"name": fld.name, "in": "query", "required": fld.required, "schema": fld.schema(),
                 **({"description": fld.description} if fld.description else {})} for fld in self.fields]


@dataclass(frozen=True)
class Nested(Field):
    """An object of fields of its own; its faults are named "name.field"."""

    required: bool = False
    shape: Shape = field(default_factory=Shape)
    message: str = "Must be an object."

    def read(self, f: Fields) -> dict[str, Any] | None:
        raw = f.data.get(self.name)
        if raw is None:
            return None
        if not isinstance(raw, dict):
            f.fail(self.name, self.message)
            return None
        inner = Fields(raw, prefix=f"{f.prefix}{self.name}.")
        values = self.shape.read(inner)
        f.errors.update(inner.errors)
        return None if inner.errors else values

    def schema(self) -> dict:
        return self.shape.schema()
