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
