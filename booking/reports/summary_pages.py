"""The reports on organisations, public activities and the year as the pages and the CSV files show them."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from .build import AnnualReport, OrganisationReport, PublicReport
from .charts import Bar, bar_chart, pair_chart
from .csvfile import Number, csv_bytes
from .hours import fraction
from .labels import days_text, group_label, group_name, hours_text, kind_label, percent_text
from .tally import Tally


@dataclass(frozen=True)
class OrganisationPage:
    """What templates/reports/organisations.html shows."""

    report: OrganisationReport
    period: str
    kind_chart: Markup
    organisation_chart: Markup


def hours_words(hours: float) -> str:
    """'4,5 h'."""
    return _("%(hours)s h", hours=hours_text(hours))


def organisation_page(report: OrganisationReport) -> OrganisationPage:
    """Charts of the hours per kind and per organisation."""
    period = days_text(report.data.first, report.data.last)
    kinds = [(kind_label(k.kind), k) for k in report.kinds]
    kind_chart = bar_chart(
        _("Hours per kind of organisation, %(period)s", period=period),
        _("Confirmed hours: %(figures)s.", figures="; ".join(f"{n} {hours_words(k.hours)}" for n, k in kinds)),
        [Bar(n, k.seconds, hours_words(k.hours)) for n, k in kinds])
    orgs = report.organisations
    organisation_chart = bar_chart(
        _("Hours per organisation, %(period)s", period=period),
        _("Confirmed hours: %(figures)s.", figures="; ".join(f"{o.name} {hours_words(o.hours)}" for o in orgs)
          or _("none")),
        [Bar(o.name, o.seconds, hours_words(o.hours)) for o in orgs])
    return OrganisationPage(report, period, kind_chart, organisation_chart)


def organisation_csv(report: OrganisationReport) -> bytes:
    """Two sections: the kinds (all five), then the organisations with confirmed time."""
    total = report.total_seconds
    kinds = [[_("Kind"), _("Kind of organisation"), _("Organisations"), _("Dates"), _("Hours"), _("Share of hours")]]
    kinds += [[k.kind.value, kind_label(k.kind), len(k.organisations), k.dates, Number(k.hours),
               Number(fraction(k.seconds, total), 4)] for k in report.kinds]
    orgs = [[_("Organisation id"), _("Organisation"), _("Kind"), _("Dates"), _("Hours"), _("Share of hours")]]
    orgs += [[o.id, o.name, o.kind.value, o.dates, Number(o.hours), Number(fraction(o.seconds, total), 4)]
             for o in report.organisations]
    return csv_bytes([kinds, orgs])


@dataclass(frozen=True)
class PublicPage:
    """What templates/reports/public.html shows."""

    report: PublicReport
    period: str
    chart: Markup


def public_text(dates: int, hours: float) -> str:
    """'3 activities · 6 h'."""
    return _("%(n)s activities · %(hours)s h", n=dates, hours=hours_text(hours))


def public_page(report: PublicReport) -> PublicPage:
    """The chart of public activities per week."""
    period = days_text(report.data.first, report.data.last)
    weeks = [(group_label(w.group, "week"), w) for w in report.weeks]
    chart = bar_chart(
        _("Public activities per week, %(period)s", period=period),
        _("Confirmed public activities and their hours: %(figures)s.",
          figures="; ".join(f"{label}: {public_text(w.dates, w.hours)}" for label, w in weeks)),
        [Bar(label, w.seconds, public_text(w.dates, w.hours)) for label, w in weeks])
    return PublicPage(report, period, chart)


def public_csv(report: PublicReport) -> bytes:
    """One section: per week its days, the number of public activities and their hours."""
    rows = [[_("Week"), _("From"), _("To"), _("Public activities"), _("Hours")]]
    rows += [[group_name(w.group.key, "week"), w.group.first.isoformat(), w.group.last.isoformat(), w.dates,
              Number(w.hours)] for w in report.weeks]
    return csv_bytes([rows])


@dataclass(frozen=True)
class YearLine:
    """One room (or the building) in the year before and the year."""

    name: str
    before: Tally
    this: Tally

    @property
    def difference(self) -> float:
        return self.this.occupancy - self.before.occupancy


@dataclass(frozen=True)
class AnnualPage:
    """What templates/reports/annual.html shows."""

    report: AnnualReport
    lines: list[YearLine]       # the rooms, then the building
    chart: Markup


def annual_lines(report: AnnualReport) -> list[YearLine]:
    """Each room in both years, then the whole building."""
    t, year = report.table, report.year
    lines = [YearLine(r.name, t.cell(r.id, year - 1), t.cell(r.id, year)) for r in t.rooms]
    lines.append(YearLine(_("Whole building"), t.building.get(year - 1) or Tally(), t.building.get(year) or Tally()))
    return lines


def annual_page(report: AnnualReport) -> AnnualPage:
    """The chart of the occupancy rate per room, the year against the year before."""
    year, lines = report.year, annual_lines(report)
    chart = pair_chart(
        _("Occupancy rate per room, %(year)s and %(before)s", year=year, before=year - 1),
        _("Occupancy rate in %(year)s and %(before)s: %(figures)s.", year=year, before=year - 1,
          figures="; ".join(f"{line.name} {percent_text(line.this.occupancy)} "
                            f"({percent_text(line.before.occupancy)})" for line in lines)),
        (str(year), str(year - 1)),
        [(line.name, Bar(str(year), line.this.occupancy, f"{year}: {percent_text(line.this.occupancy)}"),
          Bar(str(year - 1), line.before.occupancy, f"{year - 1}: {percent_text(line.before.occupancy)}"))
         for line in lines], scale=1.0)
    return AnnualPage(report, lines, chart)


def annual_csv(report: AnnualReport) -> bytes:
    """One section: per room (and the building) booked hours, open hours and the rate in both years, and the
    difference of the rates (in percentage points)."""
    year = report.year
    rows = [[_("Room"), *(f"{label} {y}" for y in (year - 1, year)
                          for label in (_("Booked hours"), _("Open hours"), _("Occupancy"))),
             _("Difference (percentage points)")]]
    for line in annual_lines(report):
        cells = [line.name]
        for t in (line.before, line.this):
            cells += [Number(t.booked_hours), Number(t.open_hours), Number(t.occupancy, 4)]
        rows.append(cells + [Number(line.difference * 100, 1)])
    return csv_bytes([rows])

