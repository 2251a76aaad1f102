"""CSV that Excel with Dutch settings opens as it is: UTF-8 with a byte-order mark, ';' between fields,
decimal commas, CRLF line ends (pure Python).

A file may hold several sections (tables), each with its own header row, separated by one empty line.
A text that begins with =, +, -, @ or a tab is written with a leading apostrophe, so that Excel shows it
as text instead of running it as a formula (a room or organisation is named by people).
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, Sequence

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Number:
    """A number written with a decimal comma and a fixed number of decimals ('12,50')."""

    def __init__(self, value: float, places: int = 2):
        self.value, self.places = value, places

    def __str__(self) -> str:
        text = f"{self.value:.{self.places}f}"
        if text.startswith("-") and float(text) == 0:  # no '-0,00'
            text = text[1:]
        return text.replace(".", ",")


def cell(value) -> str:
    """One field as written: numbers as they are, texts kept from being read as formulas."""
    if value is None:
        return ""
    if isinstance(value, (Number, int)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(sections: Iterable[Sequence[Sequence]]) -> str:
    """The sections (each a header row and its rows) as CSV text, byte-order mark first."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for i, rows in enumerate(sections):
        if i:
            out.write("\r\n")
        writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()


def csv_bytes(sections: Iterable[Sequence[Sequence]]) -> bytes:
    """csv_text encoded as UTF-8 (the byte-order mark becomes EF BB BF)."""
    return csv_text(sections).encode("utf-8")
