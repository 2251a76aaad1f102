"""GET /api/v1/reports/occupancy: booked and open hours per room, hours per organisation; GET
/api/v1/reports/charges: rental charges per organisation and month (front desk, admin)."""
from __future__ import annotations

from datetime import date

from flask import Response, g, jsonify, request

from ..domain.errors import Forbidden, InvalidInput
from ..extensions import db
from ..domain.charges import Line
from ..reports.build import Summary, charges_report, occupancy_summary
from ..reports.charges import ChargeReport
from ..reports.charges_page import charges_csv
from ..reports.csvfile import Number, csv_bytes
from ..reports.period import period_problem
from . import bp
from .auth import token_required
from .openapi import ERROR, documented
from .parse import Fields
from .schema import INTEGER, NUMBER, STRING, Choice, Day, QueryId, Shape, array, nullable, obj

FORMATS = ("json", "csv")


def summary_dict(s: Summary) -> dict:
    """The report as JSON: rooms in the day page's order, organisations by hours (most first)."""
    return {"rooms": [{"room_id": r.room_id, "name": r.name, "booked_hours": r.booked_hours,
                       "open_hours": r.open_hours, "occupancy": r.occupancy} for r in s.rooms],
            "organisations": [{"organisation_id": o.id, "name": o.name, "kind": o.kind.value, "hours": o.hours}
                              for o in s.organisations]}


def summary_csv(s: Summary) -> bytes:
    """The report as CSV: the rooms section, an empty line, the organisations section; the JSON's names as headers."""
    rooms = [("room_id", "name", "booked_hours", "open_hours", "occupancy")]
    rooms += [(r.room_id, r.name, Number(r.booked_hours), Number(r.open_hours), Number(r.occupancy, 4))
              for r in s.rooms]
    orgs = [("organisation_id", "name", "kind", "hours")]
    orgs += [(o.id, o.name, o.kind.value, Number(o.hours)) for o in s.organisations]
    return csv_bytes([rooms, orgs])


def asked() -> tuple[date, date, str, int | None]:
    """start, end, format and building_id of the query string: 403 for members; 422 for bad, reversed or too many
    days, a format other than json or csv, a building id that is no number."""
    if not g.actor.is_staff:
        raise Forbidden("Only the front desk and administrators read the reports.")
    f = Fields(request.args.to_dict())
    v = REPORT_QUERY.read(f)  # building_id 0 for a number no building has: 404
    first, last, fmt, building_id = v["start"], v["end"], v["format"], v["building_id"]
    f.check("Give a start and an end date as YYYY-MM-DD.")
    problem = period_problem(first, last)
    if problem:
        raise InvalidInput(problem, {"end": [problem]})
    return first, last, fmt, building_id


def csv_download(body: bytes, name: str, first: date, last: date) -> Response:
    """A CSV file named after the report and its days."""
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}-{first.isoformat()}-{last.isoformat()}.csv"'})


REPORT_QUERY = Shape(Day("start"), Day("end", description="Included."),
                     Choice("format", choices=FORMATS, default="json"),
                     QueryId("building_id", description="The default building when left out."))
OCCUPANCY = obj({
    "rooms": array(obj({"room_id": INTEGER, "name": STRING, "booked_hours": NUMBER, "open_hours": NUMBER,
                        "occupancy": nullable(NUMBER)})),
    "organisations": array(obj({"organisation_id": nullable(INTEGER), "name": STRING, "kind": STRING,
                                "hours": NUMBER}))})
LINE = obj({"dates": INTEGER, "hours": NUMBER, "dayparts": INTEGER, "amount_cents": INTEGER})
CHARGES = obj({"rows": array(obj({"organisation_id": nullable(INTEGER), "name": STRING, "kind": STRING,
                                  "month": STRING, "used": LINE, "cancelled_late": LINE, "amount_cents": INTEGER})),
               "amount_cents": INTEGER, "cancelled_late_cents": INTEGER})


@bp.get("/reports/occupancy")
@token_required
@documented(tag="reports", query=REPORT_QUERY, csv=True, answers={200: OCCUPANCY, 403: ERROR, 404: ERROR})
def occupancy():
    """?start=YYYY-MM-DD&end=YYYY-MM-DD[&building_id=ID][&format=csv]: both days included, in the building's
    zone. 403 for members; 422 for bad, reversed or too many days; 404 for an unknown building."""
    first, last, fmt, building_id = asked()
    summary = occupancy_summary(db.session, building_id, first, last)
    if fmt == "csv":
        return csv_download(summary_csv(summary), "occupancy", first, last)
    return jsonify(summary_dict(summary))


def charges_dict(report: ChargeReport) -> dict:
    """The rental charges as JSON: per organisation and month the dates taken place and those cancelled late
    (amounts in whole cents), and the totals."""
    def line(x: Line) -> dict:
        return {"dates": x.dates, "hours": round(float(x.hours), 2), "dayparts": x.dayparts, "amount_cents": x.cents}
    return {"rows": [{"organisation_id": r.organisation_id, "name": r.organisation, "kind": r.kind.value,
                      "month": f"{r.month[0]}-{r.month[1]:02d}", "used": line(r.used), "cancelled_late": line(r.late),
                      "amount_cents": r.cents} for r in report.rows],
            "amount_cents": report.cents, "cancelled_late_cents": report.late_cents}


@bp.get("/reports/charges")
@token_required
@documented(tag="reports", query=REPORT_QUERY, csv=True, answers={200: CHARGES, 403: ERROR, 404: ERROR})
def charges():
    """Rental charges per organisation and month: the same query string, answers and errors as
    /reports/occupancy; format=csv gives the page's CSV."""
    first, last, fmt, building_id = asked()
    report = charges_report(db.session, building_id, first, last)
    if fmt == "csv":
        return csv_download(charges_csv(report), "rental-charges", first, last)
    return jsonify(charges_dict(report))
