"""Change a room: its name, size, changeover buffer, rules and who may book it, or deactivate it.

A changed buffer re-holds the room's dates that can still matter (blocked_until of each date and of
its holds): a raise is refused while it would bring two existing dates closer together than the
buffer (the clash check new bookings pass); a lowering frees the time at once. So the holds always
say what the room's buffer says, and the building's largest buffer (the clash check's reach) covers
every date's buffer.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from .. import audit
from ..bookings.context import Context
from ..bookings.locking import lock_rooms
from ..bookings.permissions import shown_title
from ..bookings.schedule import holds_on
from ..database import begin_write, commit
from ..domain.charges import MAX_DEADLINE_HOURS, MAX_RATE_CENTS, MODES
from ..domain.errors import BookingConflict, BookingError, Clash, Forbidden, InvalidInput, NotFound
from ..domain.ids import is_id
from ..domain.messages import N_
from ..domain.overlap import Held, HeldIndex, blocked_until, too_close
from ..models import (ACTIVE_STATUSES, Booking, Building, Occurrence, Organisation, OrganisationKind, Role, Room,
                      RoomHold, RoomRate)

RATE_KEYS = ("hour_cents", "daypart_cents")

# What update_room may change, and the columns it writes them to.
FIELDS = ("name", "capacity", "buffer_minutes", "requires_approval", "facilities", "active", "allowed_kinds",
          "organisation_ids", "min_notice_minutes", "max_advance_days", "max_duration_minutes",
          "charge_mode", "cancel_deadline_hours", "rates")


@dataclass(frozen=True)
class FutureBooking:
    """A booking with dates still to come in a room: what stands in the way of deactivating it."""

    id: int
    title: str
    organisation: str
    first_start: datetime
    first_end: datetime
    dates: int


class RoomInUse(BookingError):
    """The room still has confirmed or pending dates to come (409); the bookings are listed."""

    code = "conflict"
    status = 409

    def __init__(self, bookings: list[FutureBooking]):
        super().__init__(N_("This room still has bookings to come; cancel or move them first."))
        self.bookings = bookings


class PartOfCombination(RoomInUse):
    """The room is a part of combinations that are still in use (409): booking one of them would book this
    room too, so they go first (deactivated, or their parts changed); the combinations are listed."""

    def __init__(self, combinations: list[tuple[int, str]]):
        super().__init__([])
        self.message = N_("This room is part of combined rooms that can still be booked; deactivate those first.")
        self.combinations = combinations


def undo_on_error(service):
    """Roll the session back when `service(ctx, ...)` fails, so a page that shows the error holds no lock."""
    @wraps(service)
    def run(ctx: Context, *args, **kwargs):
        try:
            return service(ctx, *args, **kwargs)
        except (BookingError, BookingConflict):
            ctx.session.rollback()
            raise
    return run


def require_admin(actor) -> None:
    """Only administrators change rooms."""
    if actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may change rooms."))


def future_bookings(ctx: Context, room: Room) -> list[FutureBooking]:
    """The bookings with confirmed or pending dates in `room` that have not ended, by their next date."""
    return future_bookings_in(ctx, Occurrence.room_id == room.id)


def future_bookings_in(ctx: Context, rooms) -> list[FutureBooking]:
    """The bookings with confirmed or pending dates that have not ended in the rooms the condition `rooms`
    on Occurrence.room_id selects (one room, or a building's), by their next date."""
    dates = ctx.session.scalars(
        select(Occurrence).options(joinedload(Occurrence.booking).joinedload(Booking.organisation))
        .where(rooms, Occurrence.status.in_(ACTIVE_STATUSES), Occurrence.ends_at > ctx.now)
        .order_by(Occurrence.starts_at, Occurrence.id)).all()
    found: dict[int, list[Occurrence]] = {}
    for occ in dates:
        found.setdefault(occ.booking_id, []).append(occ)
    return [FutureBooking(b[0].booking_id, shown_title(ctx.actor, b[0].booking), b[0].booking.organisation.name,
                          b[0].starts_at, b[0].ends_at, len(b)) for b in found.values()]


def check_reactivation(room: Room) -> None:
    """A room comes back only in a building in use, and a combination only with all its parts in use."""
    if not room.building.active:
        msg = N_("The building of this room is deactivated; reactivate the building first.")
        raise InvalidInput(msg, {"active": [msg]})
    idle = sorted(p.name for p in room.parts if not p.active)
    if idle:
        msg = N_("Reactivate its parts first: %(rooms)s.", rooms=", ".join(idle))
        raise InvalidInput(msg, {"active": [msg]})


def check_values(changes: dict) -> None:
    """Refuse values the database would refuse (the forms and the API check them first)."""
    limits = {"capacity": 10000, "buffer_minutes": 1440, "min_notice_minutes": 525600, "max_advance_days": 3650,
              "max_duration_minutes": 525600, "cancel_deadline_hours": MAX_DEADLINE_HOURS}
    for name, high in limits.items():
        value = changes.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= high):
            msg = N_("Must be between %(low)s and %(high)s.", low=0, high=high)
            raise InvalidInput(msg, {name: [msg]})
    if "name" in changes and not (changes["name"] or "").strip():
        msg = N_("Give the room a name.")
        raise InvalidInput(msg, {"name": [msg]})
    kinds = {k.strip() for k in (changes.get("allowed_kinds") or "").split(",") if k.strip()}
    if kinds - {k.value for k in OrganisationKind}:
        msg = N_("Unknown kind of organisation.")
        raise InvalidInput(msg, {"allowed_kinds": [msg]})
    if "charge_mode" in changes and changes["charge_mode"] not in MODES:
        msg = N_("Charge by the hour or by the day part.")
        raise InvalidInput(msg, {"charge_mode": [msg]})
    if "cancel_deadline_hours" in changes and changes["cancel_deadline_hours"] is None:
        msg = N_("Must be between %(low)s and %(high)s.", low=0, high=MAX_DEADLINE_HOURS)
        raise InvalidInput(msg, {"cancel_deadline_hours": [msg]})
    if "rates" in changes:
        check_rates(changes["rates"])


def check_rates(rates) -> None:
    """Rates are {kind: {"hour_cents": cents or None, "daypart_cents": cents or None}} for known kinds."""
    known = {k.value for k in OrganisationKind}
    if not isinstance(rates, dict) or set(rates) - known:
        msg = N_("Unknown kind of organisation.")
        raise InvalidInput(msg, {"rates": [msg]})
    for kind, rate in rates.items():
        if not isinstance(rate, dict) or set(rate) - set(RATE_KEYS):
            msg = N_("Give a rate per hour and per day part.")
            raise InvalidInput(msg, {"rates": [msg]})
        for value in rate.values():
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                      or not 0 <= value <= MAX_RATE_CENTS):
                msg = N_("A rate is at most EUR %(most)s.", most=MAX_RATE_CENTS // 100)
                raise InvalidInput(msg, {"rates": [msg]})


def rates_of(room: Room) -> dict[str, dict[str, int | None]]:
    """The room's rates as the service takes them and the audit trail keeps them: only kinds with a rate."""
    return {r.kind.value: {"hour_cents": r.hour_cents, "daypart_cents": r.daypart_cents}
            for r in sorted(room.rates, key=lambda r: r.kind.value) if r.hour_cents is not None
            or r.daypart_cents is not None}


def merged_rates(current: dict, given: dict) -> dict[str, dict[str, int | None]]:
    """The `current` rates (from rates_of) with the kinds in `given` replaced (a key left out keeps its value;
    both None: the kind books for free)."""
    out = dict(current)
    for kind, rate in given.items():
        new = {**out.get(kind, {"hour_cents": None, "daypart_cents": None}), **rate}
        if all(v is None for v in new.values()):
            out.pop(kind, None)
        else:
            out[kind] = new
    return dict(sorted(out.items()))


def set_rates(room: Room, rates: dict[str, dict[str, int | None]]) -> None:
    """Write `rates` (from merged_rates) to the room's rate rows."""
    rows = {r.kind.value: r for r in room.rates}
    for kind, row in list(rows.items()):
        if kind not in rates:
            room.rates.remove(row)
    for kind, rate in rates.items():
        row = rows.get(kind)
        if row is None:
            room.rates.append(RoomRate(kind=OrganisationKind(kind), **rate))
        else:
            row.hour_cents, row.daypart_cents = rate["hour_cents"], rate["daypart_cents"]


def rehold_dates(ctx: Context, room: Room, minutes: int) -> None:
    """Give the room's dates that can still matter the new buffer; refuse a raise that makes two clash."""
    reach = timedelta(minutes=max(minutes, room.buffer_minutes))
    dates = ctx.session.scalars(select(Occurrence).where(
        Occurrence.room_id == room.id, Occurrence.status.in_(ACTIVE_STATUSES),
        Occurrence.ends_at > ctx.now - reach)).all()
    if not dates:
        return
    buffer = timedelta(minutes=minutes)
    if minutes > room.buffer_minutes:
        windows = [(o.starts_at - buffer, o.ends_at + buffer) for o in dates]
        index = HeldIndex(Held(h.starts_at, h.blocked_until, h.occurrence)
                          for h in holds_on(ctx.session, room.unit_ids(), windows))
        clashes: dict[int, Clash] = {}
        for occ in dates:
            for held in index.clashing(occ.starts_at - buffer, occ.ends_at + buffer):
                other = held.owner
                other_buffer = buffer if other.room_id == room.id else other.blocked_until - other.ends_at
                if other.id != occ.id and other.id not in clashes and too_close(
                        occ.starts_at, occ.ends_at, buffer, other.starts_at, other.ends_at, other_buffer):
                    clashes[other.id] = Clash(other.booking_id, other.id, other.room_id, other.starts_at,
                                              other.ends_at, shown_title(ctx.actor, other.booking),
                                              occ.starts_at, occ.ends_at)
        if clashes:
            raise BookingConflict(sorted(clashes.values(), key=lambda c: (c.start, c.occurrence_id)))
    for occ in dates:
        occ.blocked_until = blocked_until(occ.ends_at, minutes)
    ctx.session.flush()
    table = RoomHold.__table__
    ctx.session.execute(update(table).where(table.c.occurrence_id == bindparam("oid"))
                        .values(blocked_until=bindparam("until", type_=RoomHold.blocked_until.type)),
                        [{"oid": o.id, "until": o.blocked_until} for o in dates])


def apply_changes(ctx: Context, room: Room, changes: dict) -> dict:
    """Write the changes to the room; returns what each changed field was before."""
    old = {}
    for name, value in changes.items():
        if name == "organisation_ids":
            current = sorted(o.id for o in room.allowed_organisations)
            if current != sorted(value):
                old[name] = current
                room.allowed_organisations = [ctx.session.get(Organisation, i) for i in sorted(set(value))]
            continue
        if name == "rates":
            current = rates_of(room)
            wanted = merged_rates(current, value)
            if current != wanted:
                old[name] = current
                set_rates(room, wanted)
                changes[name] = wanted  # the audit trail's 'new': the whole set of rates, as 'old' is
            continue
        if getattr(room, name) != value:
            old[name] = getattr(room, name)
            if name == "buffer_minutes":
                rehold_dates(ctx, room, value)
            setattr(room, name, value)
    return old


@undo_on_error
def update_room(ctx: Context, room_id: int, **changes) -> Room:
    """Change a room (administrators); deactivating it is refused while it has dates to come."""
    require_admin(ctx.actor)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise InvalidInput(N_("Unknown field."), {name: [N_("Unknown field.")] for name in sorted(unknown)})
    check_values(changes)
    room = ctx.session.get(Room, room_id) if is_id(room_id) else None
    if room is None:
        raise NotFound(N_("No room with this id."))
    lock_rooms(ctx, [room])
    begin_write(ctx.session)
    ctx.session.refresh(room)
    if "name" in changes and changes["name"] != room.name and ctx.session.scalars(select(Room.id).where(
            Room.building_id == room.building_id, Room.name == changes["name"], Room.id != room.id)).first():
        raise InvalidInput(N_("A room with this name already exists."), {"name": [N_("This name is taken.")]})
    ids = changes.get("organisation_ids")
    if ids is not None and (not all(is_id(i) for i in ids) or len(ctx.session.scalars(
            select(Organisation.id).where(Organisation.id.in_(ids))).all()) != len(set(ids))):
        msg = N_("Unknown organisation.")
        raise InvalidInput(msg, {"organisation_ids": [msg]})
    if changes.get("active") is False and room.active:
        waiting = future_bookings(ctx, room)
        if waiting:
            raise RoomInUse(waiting)
        # A combination that stays bookable would still book this room (it holds its parts).
        combinations = sorted((c.id, c.name) for c in room.combinations if c.active)
        if combinations:
            raise PartOfCombination(combinations)
    if changes.get("active") is True and not room.active:
        check_reactivation(room)
    old = apply_changes(ctx, room, changes)
    if old:
        room.changed_at = ctx.now  # feeds show its name: their 304 key reads this
        audit.record(ctx.session, ctx.actor, "room.update", "room", room.id, old=old,
                     new={name: changes[name] for name in old})
    commit(ctx.session)
    return room


@undo_on_error
def add_room(ctx: Context, building_id: int | None, **fields) -> Room:
    """Add a room with its rules and who may book it (administrators), in one audited transaction."""
    require_admin(ctx.actor)
    check_values(fields)
    begin_write(ctx.session)
    building = ctx.session.get(Building, building_id) if is_id(building_id) else None
    if building is None:
        raise InvalidInput(N_("Unknown building."), {"building_id": [N_("No building with this id.")]})
    if not building.active:
        msg = N_("This building is deactivated; reactivate it first.")
        raise InvalidInput(msg, {"building_id": [msg]})
    if ctx.session.scalars(select(Room.id).where(Room.building_id == building.id, Room.name == fields["name"])).first():
        raise InvalidInput(N_("A room with this name already exists."), {"name": [N_("This name is taken.")]})
    ids = sorted(set(fields.pop("organisation_ids", None) or []))
    orgs = list(ctx.session.scalars(select(Organisation).where(Organisation.id.in_(ids)))) if ids else []
    if len(orgs) != len(ids):
        msg = N_("Unknown organisation.")
        raise InvalidInput(msg, {"organisation_ids": [msg]})
    rates = merged_rates({}, fields.pop("rates", None) or {})
    room = Room(building=building, allowed_organisations=orgs, **fields)
    set_rates(room, rates)
    ctx.session.add(room)
    ctx.session.flush()
    audit.record(ctx.session, ctx.actor, "room.create", "room", room.id,
                 new={**fields, "building_id": building.id, "organisation_ids": ids, "rates": rates})
    commit(ctx.session)
    return room
