"""How the reports write their figures and periods in the reader's language: hours, percentages, weeks,
months, kinds of organisation."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Hashable

from babel.numbers import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import date_label, date_words, locale_name
from ..models.enums import OrganisationKind
from .tally import Group

KIND_LABELS = {OrganisationKind.CARE: _l("Care organisations"), OrganisationKind.WELFARE: _l("Welfare organisations"),
               OrganisationKind.VOLUNTEERS: _l("Volunteer groups"), OrganisationKind.RESIDENTS: _l("Residents' groups"),
               OrganisationKind.OTHER: _l("Other organisations")}


def hours_text(hours: float) -> str:
    """'4,5' (Dutch) or '4.5': hours with at most two decimals."""
    return format_decimal(hours, "#,##0.##", locale=locale_name())


def percent_text(part: float) -> str:
    """'3,9 %' (Dutch) or '3.9 %': a fraction as a percentage with one decimal, halves rounded up (6.25 -> 6.3)."""
    rounded = Decimal(repr(part * 100)).quantize(Decimal("0.1"), ROUND_HALF_UP) / 100
    return format_percent(rounded, "#,##0.0 %", locale=locale_name())


def points_text(difference: float) -> str:
    """'+2,5' or '-1,0': a difference of two fractions in percentage points, with its sign."""
    points = float(Decimal(repr(difference * 100)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    text = format_decimal(abs(points), "#,##0.0", locale=locale_name())
    return f"+{text}" if points > 0 else f"-{text}" if points < 0 else text


def kind_label(kind: OrganisationKind) -> str:
    """The kind of organisation in the reader's language."""
    return str(KIND_LABELS[kind])


def short_day(day: date) -> str:
    """'1 mrt'."""
    return f"{day.day} {date_words(locale_name()).short_months[day.month]}"


def days_text(first: date, last: date) -> str:
    """'ma 1 mrt 2027 – zo 7 mrt 2027', or one day."""
    return date_label(first) if first == last else f"{date_label(first)} – {date_label(last)}"


def group_name(key: Hashable, by: str) -> str:
    """'Week 9', 'maart 2027', '2027'."""
    if by == "week":
        iso = key.isocalendar()
        return _("Week %(week)s, %(year)s", week=iso.week, year=iso.year)
    if by == "month":
        year, month = key
        return f"{date_words(locale_name()).long_months[month]} {year}"
    return str(key)


def group_label(group: Group, by: str) -> str:
    """A chart's label of a week or month: 'Week 9, 2027 · 1 mrt – 7 mrt' (the days as far as they lie in the period)."""
    return f"{group_name(group.key, by)} · {short_day(group.first)} – {short_day(group.last)}"
