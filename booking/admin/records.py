"""What the admin's add-or-change services share: the record asked for, and a name no other record has."""
from __future__ import annotations

from sqlalchemy import select

from ..bookings.context import Context
from ..domain.errors import InvalidInput, NotFound
from ..domain.ids import is_id
from ..domain.messages import N_


def record_to_change(ctx: Context, model, record_id: int | None, missing: str):
    """The record with `record_id`, None when adding (no id); NotFound with `missing` for an unknown id."""
    if record_id is None:
        return None
    record = ctx.session.get(model, record_id) if is_id(record_id) else None
    if record is None:
        raise NotFound(missing)
    return record


def require_free_name(ctx: Context, model, name: str, record, taken: str) -> None:
    """Refuse `name` (InvalidInput with `taken`) when another record of `model` than `record` has it."""
    others = select(model.id).where(model.name == name.strip())
    if record is not None:
        others = others.where(model.id != record.id)
    if ctx.session.scalars(others).first():
        raise InvalidInput(taken, {"name": [N_("This name is taken.")]})
