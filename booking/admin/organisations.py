"""Add and change organisations: name, kind, contact, colour; deactivate and reactivate them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import audit
from ..bookings.context import Context
from ..database import begin_write, commit
from ..domain.errors import InvalidInput
from ..domain.messages import N_
from ..models import Organisation, OrganisationKind
from ..rooms.editing import undo_on_error
from .closures import require_admin
from .records import record_to_change, require_free_name

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class OrganisationValues:
    """What the organisation form says."""

    name: str
    kind: str
    contact: str
    colour: str
    active: bool = True


def check_organisation(values: OrganisationValues) -> None:
    """Refuse an empty name, an unknown kind and a colour that is no '#RRGGBB'."""
    if not values.name.strip():
        msg = N_("Give the organisation a name.")
        raise InvalidInput(msg, {"name": [msg]})
    if values.kind not in {k.value for k in OrganisationKind}:
        msg = N_("Unknown kind of organisation.")
        raise InvalidInput(msg, {"kind": [msg]})
    if values.colour and not COLOUR.fullmatch(values.colour):
        msg = N_("Give a colour as #RRGGBB, for example #1f6feb.")
        raise InvalidInput(msg, {"colour": [msg]})


def described(org: Organisation) -> dict:
    """What the audit trail keeps of an organisation."""
    return {"name": org.name, "kind": org.kind.value, "contact": org.contact, "colour": org.colour,
            "active": org.active}


@undo_on_error
def save_organisation(ctx: Context, organisation_id: int | None, values: OrganisationValues) -> Organisation:
    """Add an organisation (no id) or change one (administrators), audited; deactivating keeps its history."""
    require_admin(ctx.actor)
    check_organisation(values)
    begin_write(ctx.session)
    org = record_to_change(ctx, Organisation, organisation_id, N_("No organisation with this id."))
    require_free_name(ctx, Organisation, values.name, org, N_("An organisation with this name already exists."))
    old = described(org) if org is not None else None
    if org is None:
        org = Organisation()
        ctx.session.add(org)
    org.name, org.kind = values.name.strip(), OrganisationKind(values.kind)
    org.contact, org.colour, org.active = values.contact.strip(), values.colour.lower(), values.active
    ctx.session.flush()
    new = described(org)
    if old != new:
        org.changed_at = ctx.now  # feeds show its name: their 304 key reads this
        audit.record(ctx.session, ctx.actor, "organisation.update" if old else "organisation.create",
                     "organisation", org.id, old=old, new=new)
    commit(ctx.session)
    return org


def organisation_values(org: Organisation, **changes) -> OrganisationValues:
    """An organisation's values as stored, with `changes` applied (deactivating keeps the rest)."""
    return OrganisationValues(**{**described(org), **changes})

