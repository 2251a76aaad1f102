"""Add and change the extras of a building (administrators), audited; deactivating keeps their history."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.errors import Forbidden, InvalidInput, NotFound
from ..domain.ids import is_id
from ..domain.messages import N_
from ..domain.clock import wall, zone_of
from ..domain.stock import MAX_QUANTITY, over_stock
from ..domain.text import LATEST_YEAR
from ..models import Building, Extra, ExtraKind, Role
from ..rooms.editing import undo_on_error
from .requests import day_list, lock_extra_rows, uses_of

# Past every date a booking can have.
FAR_FUTURE = datetime(LATEST_YEAR + 1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ExtraValues:
    """What the extra form says; `stock` counts for a loanable item only."""

    building_id: int | None
    name: str
    kind: str
    stock: int | None
    note: str = ""
    active: bool = True


def require_admin(actor) -> None:
    """Only administrators add and change extras."""
    if actor is None or actor.role != Role.ADMIN:
        raise Forbidden(N_("Only an administrator may change the extras."))


def check_extra(values: ExtraValues) -> None:
    """Refuse an empty name, an unknown kind and a loanable item without a stock from 1 to MAX_QUANTITY."""
    if not values.name.strip():
        msg = N_("Give the extra a name.")
        raise InvalidInput(msg, {"name": [msg]})
    if values.kind not in {k.value for k in ExtraKind}:
        msg = N_("Choose whether the extra is lent out or consumed.")
        raise InvalidInput(msg, {"kind": [msg]})
    if values.kind == ExtraKind.LOAN and not (isinstance(values.stock, int) and 1 <= values.stock <= MAX_QUANTITY):
        msg = N_("Give how many the building has, from 1 to %(most)s.", most=MAX_QUANTITY)
        raise InvalidInput(msg, {"stock": [msg]})


def described(extra: Extra) -> dict:
    """What the audit trail keeps of an extra."""
    return {"building_id": extra.building_id, "name": extra.name, "kind": extra.kind.value, "stock": extra.stock,
            "note": extra.note, "active": extra.active}


def extra_to_change(ctx: Context, extra_id: int | None) -> Extra | None:
    """The extra with `extra_id`, None when adding; NotFound for an unknown id."""
    if extra_id is None:
        return None
    extra = ctx.session.get(Extra, extra_id) if is_id(extra_id) else None
    if extra is None:
        raise NotFound(N_("No extra with this id."))
    return extra


def require_free_name(ctx: Context, building_id: int, name: str, extra: Extra | None) -> None:
    """Refuse a name another extra of the same building has."""
    others = select(Extra.id).where(Extra.building_id == building_id, Extra.name == name)
    if extra is not None:
        others = others.where(Extra.id != extra.id)
    if ctx.session.scalars(others).first():
        raise InvalidInput(N_("This building already has an extra with this name."),
                           {"name": [N_("This name is taken.")]})


def require_stock_for_promises(ctx: Context, extra: Extra, values: ExtraValues) -> None:
    """Refuse a lower stock of a loanable extra while dates to come were promised more of it at one moment; the
    message names the first such days. The extra's row is locked first, as a booking that asks for it locks it,
    so no booking slips in between the count and the change."""
    lowered = values.kind == ExtraKind.LOAN and (values.stock or 0) < extra.stock
    if not extra.is_loan or not values.active or not lowered:
        return  # a consumed extra has no limit; a deactivated one keeps its promises (its bookings keep it)
    lock_extra_rows(ctx, [extra.id])
    uses = uses_of(ctx, [extra.id], [(ctx.now, FAR_FUTURE)])[extra.id]
    over = over_stock(uses, values.stock)
    if not over:
        return
    zone = zone_of(ctx.session.get(Building, extra.building_id).timezone)
    days = sorted({wall(moment, zone).date() for moment, _ in over})
    most = max(n for _, n in over)
    msg = N_("%(most)s %(name)s are promised at one time on %(days)s: keep at least %(most)s, or change those "
             "bookings first.", most=most, name=extra.name, days=day_list(days))
    raise InvalidInput(msg, {"stock": [msg]})


@undo_on_error
def save_extra(ctx: Context, extra_id: int | None, values: ExtraValues) -> Extra:
    """Add an extra (no id) or change one (administrators), audited. An extra stays in its building;
    a deactivated one stays on the bookings that asked for it but cannot be asked for again."""
    require_admin(ctx.actor)
    check_extra(values)
    begin_write(ctx.session)
    extra = extra_to_change(ctx, extra_id)
    building_id = extra.building_id if extra is not None else values.building_id
    if extra is None and (not is_id(building_id) or ctx.session.get(Building, building_id) is None):
        msg = N_("No building with this id.")
        raise InvalidInput(msg, {"building_id": [msg]})
    name = values.name.strip()
    require_free_name(ctx, building_id, name, extra)
    old = described(extra) if extra is not None else None
    if extra is not None:
        require_stock_for_promises(ctx, extra, values)
    if extra is None:
        extra = Extra(building_id=building_id)
        ctx.session.add(extra)
    extra.name, extra.kind, extra.note, extra.active = name, ExtraKind(values.kind), values.note.strip(), values.active
    extra.stock = values.stock if extra.kind == ExtraKind.LOAN else 0
    ctx.session.flush()
    new = described(extra)
    if old != new:
        audit.record(ctx.session, ctx.actor, "extra.update" if old else "extra.create", "extra", extra.id,
                     old=old, new=new)
    commit(ctx.session)
    return extra


def extra_values(extra: Extra, **changes) -> ExtraValues:
    """An extra's values as stored, with `changes` applied (deactivating keeps the rest)."""
    stored = described(extra)
    return ExtraValues(**{**stored, **changes})
