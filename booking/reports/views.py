"""The report pages (front desk and administrators): /reports/occupancy, /organisations, /public, /annual,
/charges.

Each reads what it is asked for from the query string (params.read_args: a value it cannot read is said
and replaced by its default), calls one function of reports.build, and renders the page, or with
`format=csv` the same figures as CSV.
"""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for

from ..extensions import db
from ..models import Role
from ..web import building_zone, now, roles_required, tr
from . import bp
from .build import annual_report, charges_report, occupancy_report, organisation_report, public_report
from .charges_page import charges_csv, charges_page, money_text, month_name, use_text
from .labels import days_text, group_name, hours_text, kind_label, percent_text, points_text
from .occupancy_page import occupancy_csv, occupancy_page
from .params import Asked, read_args
from .summary_pages import annual_csv, annual_page, organisation_csv, organisation_page, public_csv, public_page

STAFF = (Role.ADMIN, Role.FRONTDESK)
FORMATTERS = {"hours_text": hours_text, "percent_text": percent_text, "points_text": points_text,
              "kind_label": kind_label, "days_text": days_text, "money_text": money_text, "use_text": use_text,
              "month_name": month_name,
              "week_name": lambda monday: group_name(monday, "week")}


def asked() -> Asked:
    """The report asked for; what could not be read is flashed (and its default used)."""
    result = read_args(request.args, now().astimezone(building_zone()).date())
    for problem in result.problems:
        flash(tr(problem), "error")
    return result


def csv_response(body: bytes, name: str, a: Asked, year: bool = False) -> Response:
    """A CSV download named after the report and its period."""
    period = str(a.year) if year else f"{a.first.isoformat()}-{a.last.isoformat()}"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}-{period}.csv"'})


def page(template: str, a: Asked, report_name: str, **context) -> str:
    """Render a report page with what every report page shows: the choice of building and period."""
    return render_template(template, asked=a, report_name=report_name, **FORMATTERS, **context)


@bp.get("/")
@roles_required(*STAFF)
def index():
    """The reports start with occupancy."""
    return redirect(url_for("reports.occupancy", **request.args))


@bp.get("/occupancy")
@roles_required(*STAFF)
def occupancy():
    """Occupancy per room per week or month, with the share arrived, no-show and cancelled late."""
    a = asked()
    report = occupancy_report(db.session, a.building_id, a.first, a.last, a.by)
    if a.csv:
        return csv_response(occupancy_csv(report), f"occupancy-by-{a.by}", a)
    return page("reports/occupancy.html", a, "occupancy", shown=occupancy_page(report, a))


@bp.get("/organisations")
@roles_required(*STAFF)
def organisations():
    """Hours per organisation and per kind of organisation."""
    a = asked()
    report = organisation_report(db.session, a.building_id, a.first, a.last)
    if a.csv:
        return csv_response(organisation_csv(report), "organisations", a)
    return page("reports/organisations.html", a, "organisations", shown=organisation_page(report))


@bp.get("/public")
@roles_required(*STAFF)
def public():
    """Public activities per week."""
    a = asked()
    report = public_report(db.session, a.building_id, a.first, a.last)
    if a.csv:
        return csv_response(public_csv(report), "public-activities", a)
    return page("reports/public.html", a, "public", shown=public_page(report))


@bp.get("/annual")
@roles_required(*STAFF)
def annual():
    """The occupancy rate per room and for the building in a year, against the year before."""
    a = asked()
    report = annual_report(db.session, a.building_id, a.year)
    if a.csv:
        return csv_response(annual_csv(report), "occupancy-rate", a, year=True)
    return page("reports/annual.html", a, "annual", shown=annual_page(report))


@bp.get("/charges")
@roles_required(*STAFF)
def charges():
    """Rental charges per organisation per month, the dates cancelled late apart."""
    a = asked()
    report = charges_report(db.session, a.building_id, a.first, a.last)
    if a.csv:
        return csv_response(charges_csv(report), "rental-charges", a)
    return page("reports/charges.html", a, "charges", shown=charges_page(report))
