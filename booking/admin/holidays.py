"""The Dutch public holidays of a year, proposed as whole-day closures of a building, then entered."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Callable

from sqlalchemy import select

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.clock import local_day_bounds, zone_of
from ..domain.errors import InvalidInput
from ..domain.holidays import dutch_holidays
from ..domain.ids import is_id
from ..domain.messages import N_
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from ..models import Building, Closure
from ..rooms.editing import undo_on_error
from .closures import closure_detail, require_admin


@dataclass(frozen=True)
class ProposedHoliday:
    """One public holiday as a whole-day closure of the building; `entered` when that closure exists."""

    day: date
    name: str
    start: datetime
    end: datetime
    entered: bool


def holiday_building(ctx: Context, building_id: int | None) -> Building:
    """The building the holidays are for, or InvalidInput."""
    building = ctx.session.get(Building, building_id) if is_id(building_id) else None
    if building is None:
        raise InvalidInput(N_("Unknown building."), {"building_id": [N_("No building with this id.")]})
    return building


def check_year(year: int | None) -> int:
    """A year people may plan for."""
    if not isinstance(year, int) or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        msg = N_("The year must be between %(first)s and %(last)s.", first=EARLIEST_YEAR, last=LATEST_YEAR)
        raise InvalidInput(msg, {"year": [msg]})
    return year


def propose_holidays(ctx: Context, building_id: int | None, year: int | None,
                     language: str = "nl") -> tuple[Building, list[ProposedHoliday]]:
    """The Dutch public holidays of `year` as whole days (local midnight to midnight) in the building's zone,
    each marked when the building already has a whole-building closure of exactly that day."""
    require_admin(ctx.actor)
    year = check_year(year)
    building = holiday_building(ctx, building_id)
    zone = zone_of(building.timezone)
    days = dutch_holidays(date(year, 1, 1), date(year, 12, 31), language)
    bounds = {d: local_day_bounds(d, zone) for d in days}
    first, last = local_day_bounds(date(year, 1, 1), zone)[0], local_day_bounds(date(year, 12, 31), zone)[1]
    existing = {(c.starts_at, c.ends_at) for c in ctx.session.scalars(select(Closure).where(
        Closure.building_id == building.id, Closure.room_id.is_(None),
        Closure.starts_at >= first, Closure.ends_at <= last))}
    return building, [ProposedHoliday(d, name, *bounds[d], entered=bounds[d] in existing)
                      for d, name in sorted(days.items())]


@undo_on_error
def add_holidays(ctx: Context, building_id: int | None, year: int | None, chosen: set[date],
                 language: str = "nl", on_holiday: Callable[[int, int], None] | None = None) -> list[Closure]:
    """Enter the chosen holidays of the proposal as whole-day closures named after them; days the building
    already has closed that way, and days that are no holiday, are left out. One transaction, audited.
    `on_holiday(done, total)` is called after each holiday of the proposal (a progress bar)."""
    require_admin(ctx.actor)
    begin_write(ctx.session)
    building, proposal = propose_holidays(ctx, building_id, year, language)
    added = []
    for i, h in enumerate(proposal, 1):
        if on_holiday is not None:
            on_holiday(i, len(proposal))
        if h.day in chosen and not h.entered:
            closure = Closure(building_id=building.id, room_id=None, starts_at=h.start, ends_at=h.end, reason=h.name)
            ctx.session.add(closure)
            ctx.session.flush()
            audit.record(ctx.session, ctx.actor, "closure.create", "closure", closure.id,
                         new=closure_detail(closure, building))
            added.append(closure)
    commit(ctx.session, keep_loaded=True)
    return added


def whole_days(first: date, last: date) -> tuple[datetime, datetime]:
    """Naive local wall times from the start of `first` to the end of `last` (both days whole)."""
    return datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())
