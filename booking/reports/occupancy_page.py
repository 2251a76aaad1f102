"""The occupancy report as the page and the CSV show it: charts, the period's groups, the CSV's sections."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from .build import OccupancyReport
from .charts import Bar, Stack, bar_chart, stack_chart
from .csvfile import Number, csv_bytes
from .labels import days_text, group_label, group_name, percent_text
from .params import Asked
from .tally import Group, Tally


@dataclass(frozen=True)
class OccupancyPage:
    """What templates/reports/occupancy.html shows."""

    report: OccupancyReport
    asked: Asked
    period: str
    groups: list[tuple[Group, str, str]]      # the group, its name, its days
    room_chart: Markup
    building_chart: Markup
    attendance_chart: Markup


def attendance_names() -> list[str]:
    """The four parts of the booked dates, in the order of the chart's patterns."""
    return [_("arrived"), _("no-show"), _("cancelled late"), _("not noted")]


def attendance_text(t: Tally) -> str:
    """'3 arrived · 1 no-show · 0 cancelled late · 2 not noted'."""
    return " · ".join(f"{n} {name}" for n, name in zip((t.arrived, t.no_show, t.late, t.not_noted),
                                                       attendance_names()))


def occupancy_page(report: OccupancyReport, asked: Asked) -> OccupancyPage:
    """The charts and groups of the occupancy report."""
    whole, table, by = report.whole, report.table, report.by
    period = days_text(report.data.first, report.data.last)
    rooms = [(r.name, whole.cell(r.id, "period")) for r in whole.rooms]
    room_chart = bar_chart(
        _("Occupancy per room, %(period)s", period=period),
        _("Booked hours as a share of the open hours: %(figures)s.",
          figures="; ".join(f"{name} {percent_text(t.occupancy)}" for name, t in rooms)),
        [Bar(name, t.occupancy, percent_text(t.occupancy)) for name, t in rooms], scale=1.0)
    groups = [(g, group_name(g.key, by), days_text(g.first, g.last)) for g in table.groups]
    overall = [(group_label(g, by), table.building.get(g.key) or Tally()) for g in table.groups]
    building_chart = bar_chart(
        _("Occupancy of the building per week") if by == "week" else _("Occupancy of the building per month"),
        _("Booked hours of all rooms as a share of their open hours: %(figures)s.",
          figures="; ".join(f"{label} {percent_text(t.occupancy)}" for label, t in overall)),
        [Bar(label, t.occupancy, percent_text(t.occupancy)) for label, t in overall], scale=1.0)
    attendance_chart = stack_chart(
        _("What became of the booked dates, per room"),
        _("Per room the booked dates: %(figures)s.",
          figures="; ".join(f"{name}: {attendance_text(t)}" for name, t in rooms)),
        attendance_names(),
        [Stack(name, (t.arrived, t.no_show, t.late, t.not_noted), attendance_text(t)) for name, t in rooms])
    return OccupancyPage(report, asked, period, groups, room_chart, building_chart, attendance_chart)


def figures(t: Tally) -> list:
    """A tally's columns in the CSV."""
    return [Number(t.booked_hours), Number(t.open_hours), Number(t.occupancy, 4), t.counted, t.arrived, t.no_show,
            t.late, t.not_noted]


def occupancy_csv(report: OccupancyReport) -> bytes:
    """Two sections: every room per week (or month), then the building per week (or month)."""
    table, by = report.table, report.by
    head = [_("Week") if by == "week" else _("Month"), _("From"), _("To"), _("Booked hours"), _("Open hours"),
            _("Occupancy"), _("Booked dates"), _("Arrived"), _("No-show"), _("Cancelled late"), _("Not noted")]
    rooms = [[_("Room id"), _("Room"), *head]]
    for r in table.rooms:
        for g in table.groups:
            rooms.append([r.id, r.name, group_name(g.key, by), g.first.isoformat(), g.last.isoformat(),
                          *figures(table.cell(r.id, g.key))])
    building = [head] + [[group_name(g.key, by), g.first.isoformat(), g.last.isoformat(),
                          *figures(table.building.get(g.key) or Tally())] for g in table.groups]
    return csv_bytes([rooms, building])

