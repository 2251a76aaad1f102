"""The rental charges report as the page and the CSV show it: amounts in euros, the chart, the CSV's rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.numbers import format_currency
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from ..domain.charges import Line, euros
from ..i18n import locale_name
from .charges import ChargeReport
from .charts import Bar, bar_chart
from .csvfile import Number, csv_bytes
from .labels import days_text, group_name, hours_text


def money_text(cents: int) -> str:
    """'€ 12,50' (Dutch) or '€12.50'."""
    return format_currency(euros(cents), "EUR", locale=locale_name())


def use_text(line: Line) -> str:
    """'6 h · 2 day parts', or '–' for nothing."""
    parts = []
    if line.hour_seconds:
        parts.append(_("%(hours)s h", hours=hours_text(round(float(line.hours), 2))))
    if line.dayparts:
        parts.append(ngettext("%(num)s day part", "%(num)s day parts", line.dayparts))
    return " · ".join(parts) or "–"


@dataclass(frozen=True)
class LateDate:
    """A date cancelled late, as the page lists it."""

    organisation: str
    room: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class ChargesPage:
    """What templates/reports/charges.html shows."""

    report: ChargeReport
    period: str
    chart: Markup
    late: list[LateDate]


def month_name(month: tuple[int, int]) -> str:
    """'maart 2027'."""
    return group_name(month, "month")


def charges_page(report: ChargeReport) -> ChargesPage:
    """The chart of the amounts per organisation and the list of the dates cancelled late."""
    period = days_text(report.data.first, report.data.last)
    totals = report.per_organisation()
    chart = bar_chart(
        _("Rental charges per organisation, %(period)s", period=period),
        _("Amounts: %(figures)s.", figures="; ".join(f"{t.organisation} {money_text(t.cents)}" for t in totals)
          or _("none")),
        [Bar(t.organisation, t.cents, money_text(t.cents)) for t in totals])
    rooms = report.data.rooms
    late = [LateDate(d.organisation, rooms[d.room_id].name, d.starts_at, d.ends_at)
            for d in report.data.dates if d.id in report.late_ids]
    return ChargesPage(report, period, chart, late)


def charges_csv(report: ChargeReport) -> bytes:
    """One section: per organisation and month the dates, hours, day parts and amount that took place, the same
    of the dates cancelled late, and the total; a last row with the period's totals. Amounts in euros ('12,50')."""
    head = [_("Organisation id"), _("Organisation"), _("Kind"), _("Month"), _("Dates"), _("Hours"), _("Day parts"),
            _("Amount (EUR)"), _("Cancelled late"), _("Hours cancelled late"), _("Day parts cancelled late"),
            _("Amount cancelled late (EUR)"), _("Total (EUR)")]
    rows: list[list] = [head]
    for r in report.rows:
        rows.append([r.organisation_id, r.organisation, r.kind.value, f"{r.month[0]}-{r.month[1]:02d}",
                     r.used.dates, Number(float(r.used.hours)), r.used.dayparts, Number(euros(r.used.cents)),
                     r.late.dates, Number(float(r.late.hours)), r.late.dayparts, Number(euros(r.late.cents)),
                     Number(euros(r.cents))])
    rows.append(["", _("Total"), "", "", sum(r.used.dates for r in report.rows),
                 Number(float(sum(r.used.hours for r in report.rows))), sum(r.used.dayparts for r in report.rows),
                 Number(euros(report.cents - report.late_cents)), report.late_dates,
                 Number(float(sum(r.late.hours for r in report.rows))), sum(r.late.dayparts for r in report.rows),
                 Number(euros(report.late_cents)), Number(euros(report.cents))])
    return csv_bytes([rows])
