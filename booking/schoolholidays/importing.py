"""A school year's Dutch school holidays of one region (the holidays package), proposed, then entered."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.errors import InvalidInput
from ..domain.holidays import dutch_school_holidays
from ..domain.messages import N_
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from ..models import SchoolHoliday
from ..rooms.editing import undo_on_error
from .queries import same_holidays
from .services import REGIONS, holiday_building, holiday_detail, require_admin


@dataclass(frozen=True)
class ProposedHoliday:
    """One school holiday of the package; `entered` when the building has exactly it already."""

    name: str
    first: date
    last: date
    entered: bool


def school_year(year: int | None) -> tuple[date, date]:
    """The days a school year's holidays start in: 1 August `year` to 31 July the year after."""
    if not isinstance(year, int) or not EARLIEST_YEAR <= year < LATEST_YEAR:
        msg = N_("The year must be between %(first)s and %(last)s.", first=EARLIEST_YEAR, last=LATEST_YEAR - 1)
        raise InvalidInput(msg, {"year": [msg]})
    return date(year, 8, 1), date(year + 1, 7, 31)


def propose_school_holidays(ctx: Context, building_id: int | None, region: str | None, year: int | None,
                            language: str = "nl") -> list[ProposedHoliday]:
    """The school holidays of `region` starting in school year `year`-`year+1`, as the package has them,
    each marked when the building has that holiday with those days already."""
    require_admin(ctx.actor)
    first, last = school_year(year)
    if region not in REGIONS:
        msg = N_("Choose noord, midden or zuid.")
        raise InvalidInput(msg, {"region": [msg]})
    building = holiday_building(ctx, building_id)
    # A break that starts in the school year may end in the next calendar year (kerstvakantie).
    periods = [p for p in dutch_school_holidays(region, first, last + timedelta(days=60), language)
               if first <= p.first <= last]
    if not periods:
        msg = N_("The holidays package has no school holidays for this school year.")
        raise InvalidInput(msg, {"year": [msg]})
    entered = same_holidays(ctx.session, building.id, first, last)
    return [ProposedHoliday(p.name, p.first, p.last, (p.name, p.first, p.last) in entered) for p in periods]


@undo_on_error
def add_proposed(ctx: Context, building_id: int | None, region: str | None, year: int | None,
                 chosen: set[date], language: str = "nl") -> list[SchoolHoliday]:
    """Enter the chosen holidays of the proposal (by first day); those entered already, and days that start
    no holiday, are left out. One transaction, audited."""
    require_admin(ctx.actor)
    begin_write(ctx.session)
    proposal = propose_school_holidays(ctx, building_id, region, year, language)
    added = []
    for p in proposal:
        if p.first in chosen and not p.entered:
            holiday = SchoolHoliday(building_id=building_id, name=p.name, start_date=p.first, end_date=p.last,
                                    region=region)
            ctx.session.add(holiday)
            ctx.session.flush()
            audit.record(ctx.session, ctx.actor, "school_holiday.create", "school_holiday", holiday.id,
                         new=holiday_detail(holiday))
            added.append(holiday)
    commit(ctx.session, keep_loaded=True)
    return added
