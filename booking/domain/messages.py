"""Messages for people, written in English and translated where they are shown.

The core imports no Flask, so it cannot translate; it returns `Msg` strings that carry
their template and parameters, and the web layer looks the template up in the user's
language. `N_` marks the templates for the catalogue extractor.
"""
from __future__ import annotations

from typing import Any


class Msg(str):
    """An English message that remembers how it was made, so it can be translated later."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> "Msg":
        text = template % params if params else template
        self = super().__new__(cls, text)
        self.template = template
        self.params = params
        return self

    def __reduce__(self):
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Msg:
    return Msg(template, **params)


N_ = Msg


class Moment:
    """A local wall time inside a message: '2027-03-29 09:00' in English, the user's style on pages."""

    def __init__(self, wall):
        self.wall = wall

    def __str__(self) -> str:
        return f"{self.wall:%Y-%m-%d %H:%M}"


class Day:
    """A local date inside a message: '2027-03-29', or the user's style on pages."""

    def __init__(self, day):
        self.day = day

    def __str__(self) -> str:
        return self.day.isoformat()


class WeekdayName:
    """A weekday (0 = Monday) inside a message, named in the reader's language."""

    NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

    def __init__(self, index: int):
        self.index = index

    def __str__(self) -> str:
        return self.NAMES[self.index]
