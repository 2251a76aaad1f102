"""Each report put together: read (reports.queries), add up (reports.tally), shaped for a page, the API or CSV.

One call per request: the views and the API call one function here and render what it returns.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from .charge_queries import load_charges
from .charges import ChargeReport, charge_report
from .queries import ReportData, load_report
from .tally import (KindHours, Occupancy, OrganisationHours, PublicWeek, kinds, occupancies, occupancy, organisations,
                    public_weeks)


@dataclass(frozen=True)
class RoomFigure:
    """One room's booked and open hours in the period and their ratio."""

    room_id: int
    name: str
    booked_hours: float
    open_hours: float
    occupancy: float


@dataclass(frozen=True)
class Summary:
    """GET /api/v1/reports/occupancy: the rooms' figures and the organisations' hours."""

    data: ReportData
    rooms: list[RoomFigure]
    organisations: list[OrganisationHours]


def occupancy_summary(session: Session, building_id: int | None, first: date, last: date) -> Summary:
    """Booked and open hours per room and confirmed hours per organisation, for the local days first..last."""
    data = load_report(session, building_id, first, last, attendance=False)
    occ = occupancy(data, "period")
    rooms = []
    for r in occ.rooms:
        t = occ.cell(r.id, "period")
        rooms.append(RoomFigure(r.id, r.name, t.booked_hours, t.open_hours, round(t.occupancy, 4)))
    return Summary(data, rooms, organisations(data))


@dataclass(frozen=True)
class OccupancyReport:
    """Occupancy per room per week or month, with the attendance shares."""

    data: ReportData
    by: str
    table: Occupancy
    whole: Occupancy      # the whole period, per room


def occupancy_report(session: Session, building_id: int | None, first: date, last: date,
                     by: str = "week") -> OccupancyReport:
    """The occupancy report of the local days first..last, grouped by week or month."""
    data = load_report(session, building_id, first, last)
    found = occupancies(data, (by, "period"))
    return OccupancyReport(data, by, found[by], found["period"])


@dataclass(frozen=True)
class OrganisationReport:
    """Hours per organisation and per kind of organisation."""

    data: ReportData
    organisations: list[OrganisationHours]
    kinds: list[KindHours]

    @property
    def total_seconds(self) -> float:
        return sum(o.seconds for o in self.organisations)


def organisation_report(session: Session, building_id: int | None, first: date, last: date) -> OrganisationReport:
    """Confirmed hours per organisation and per kind in the local days first..last."""
    data = load_report(session, building_id, first, last, attendance=False)
    orgs = organisations(data)
    return OrganisationReport(data, orgs, kinds(orgs))


@dataclass(frozen=True)
class PublicReport:
    """Public activities per week."""

    data: ReportData
    weeks: list[PublicWeek]


def public_report(session: Session, building_id: int | None, first: date, last: date) -> PublicReport:
    """Number and hours of confirmed public dates per week of the local days first..last."""
    data = load_report(session, building_id, first, last, attendance=False)
    return PublicReport(data, public_weeks(data))


@dataclass(frozen=True)
class AnnualReport:
    """The occupancy rate per room and for the building in `year` and the year before."""

    data: ReportData
    year: int
    table: Occupancy


def annual_report(session: Session, building_id: int | None, year: int) -> AnnualReport:
    """Occupancy per room and for the building in `year` and `year` - 1 (one read of both years)."""
    data = load_report(session, building_id, date(year - 1, 1, 1), date(year, 12, 31), attendance=False)
    return AnnualReport(data, year, occupancy(data, "year"))


def charges_report(session: Session, building_id: int | None, first: date, last: date) -> ChargeReport:
    """The rental charges per organisation and month of the local days first..last (five statements whatever
    the number of bookings)."""
    return charge_report(load_charges(session, building_id, first, last))
