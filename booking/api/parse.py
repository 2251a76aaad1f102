"""Read and check a JSON request body, collecting a message per field at fault."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import request

from ..domain.errors import InvalidInput
from ..domain.ids import MAX_ID, parse_id
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR, has_control_chars


def read_json() -> Any:
    """The request body read as JSON, or None when it is none (empty, malformed, or nested too deep to read)."""
    if not request.data:
        return None
    try:
        return request.get_json(silent=True)
    except RecursionError:  # '[' nested thousands deep: the parser gives up; it is no JSON object either
        return None


def json_body() -> dict[str, Any]:
    """The request's JSON object, or InvalidInput(400-like) if it is not one."""
    data = read_json()
    if not isinstance(data, dict):
        raise BadBody("The request body must be a JSON object.")
    return data


class BadBody(InvalidInput):
    """The body is not a JSON object at all (400)."""

    code = "bad_request"
    status = 400


def parse_moment(value: Any) -> datetime:
    """An ISO 8601 date-time: with offset an instant, without one the building's local time (naive)."""
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("Give an ISO 8601 date and time, e.g. 2027-03-29T09:00.")
    if has_control_chars(value, multiline=False):  # Python 3.11 reads '2027-03-29T09:00\x00' as 09:00
        raise ValueError("Contains control characters.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a valid date and time; use e.g. 2027-03-29T09:00.") from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValueError(f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.")
    return moment


def parse_day(value: Any) -> date:
    """A YYYY-MM-DD date."""
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError("Give a date as YYYY-MM-DD.")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a valid date (YYYY-MM-DD).") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError(f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.")
    return day


class Fields:
    """Pulls typed values out of a dict and gathers every field's errors before failing once."""

    def __init__(self, data: dict[str, Any], prefix: str = ""):
        self.data = data
        self.prefix = prefix
        self.errors: dict[str, list[str]] = {}

    def fail(self, name: str, message: str) -> None:
        """Note an error on a field."""
        self.errors.setdefault(self.prefix + name, []).append(message)

    def _get(self, name: str, required: bool):
        if name not in self.data or self.data[name] is None:
            if required:
                self.fail(name, "This field is required.")
            return None
        return self.data[name]

    def integer(self, name: str, required: bool = True, low: int = 0, high: int = MAX_ID) -> int | None:
        """A whole number between low and high."""
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(name, "Must be a whole number.")
            return None
        if not low <= value <= high:
            self.fail(name, f"Must be between {low} and {high}.")
            return None
        return value

    def query_id(self, name: str) -> int | None:
        """A record's id given as text (a query string's): None when absent; 0 when it is a number no
        record can have (so the caller's lookup finds nothing and answers 404); an error when no number."""
        raw = self.data.get(name)
        if raw is None:
            return None
        if not (isinstance(raw, str) and raw.isascii() and raw.isdigit()):  # isdigit() alone admits '²'
            self.fail(name, "Must be a whole number.")
            return None
        return parse_id(raw) or 0

    def text(self, name: str, required: bool = True, max_length: int = 200, multiline: bool = False,
             default: str = "") -> str | None:
        """A string without control characters, stripped, at most max_length long."""
        value = self._get(name, required)
        if value is None:
            return None if required else default
        if not isinstance(value, str):
            self.fail(name, "Must be text.")
            return None
        value = value.strip()
        if required and not value:
            self.fail(name, "This field is required.")
        elif len(value) > max_length:
            self.fail(name, f"At most {max_length} characters.")
        elif has_control_chars(value, multiline):
            self.fail(name, "Contains control characters.")
        else:
            return value
        return None

    def boolean(self, name: str, default: bool = False) -> bool:
        """true or false."""
        value = self._get(name, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(name, "Must be true or false.")
            return default
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
        """One of `choices`."""
        value = self._get(name, default is None)
        if value is None:
            return default
        if value not in choices:
            self.fail(name, f"Choose one of: {', '.join(choices)}.")
            return None
        return value

    def moment(self, name: str, required: bool = True) -> datetime | None:
        """An ISO 8601 date-time."""
        value = self._get(name, required)
        if value is None:
            return None
        try:
            return parse_moment(value)
        except ValueError as exc:
            self.fail(name, str(exc))
            return None

    def day(self, name: str, required: bool = True) -> date | None:
        """A YYYY-MM-DD date."""
        value = self._get(name, required)
        if value is None:
            return None
        try:
            return parse_day(value)
        except ValueError as exc:
            self.fail(name, str(exc))
            return None

    def days(self, name: str, max_items: int = 800) -> list[date]:
        """A list of YYYY-MM-DD dates."""
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > max_items:
            self.fail(name, f"Must be a list of at most {max_items} dates.")
            return []
        out = []
        for item in value:
            try:
                out.append(parse_day(item))
            except ValueError as exc:
                self.fail(name, str(exc))
        return out

    def strings(self, name: str, max_items: int = 7) -> list[str]:
        """A short list of short strings."""
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > max_items or not all(
                isinstance(v, str) and len(v) <= 4 for v in value):
            self.fail(name, f"Must be a list of at most {max_items} weekday codes such as \"MO\".")
            return []
        return list(value)

    def check(self, message: str = "Some fields are not valid.") -> None:
        """Raise InvalidInput with every error gathered so far."""
        if self.errors:
            raise InvalidInput(message, self.errors)


def same_kind_of_time(f: Fields, start: datetime | None, end: datetime | None) -> None:
    """Both times with an offset, or both local: a mix is ambiguous on DST days."""
    if start and end and (start.tzinfo is None) != (end.tzinfo is None):
        f.fail("end", "Give both times with an offset, or both without.")
