"""The preview's request and file, signed into the confirmation form, so the upload survives the second step.

Nothing is kept on the server between the two steps: the confirmation posts back the file and the
choices of the preview, signed with the app's secret key and bound to the user; a changed, foreign
or stale one is refused.
"""
from __future__ import annotations

from itsdangerous import BadData, URLSafeTimedSerializer

from ..domain.errors import InvalidInput
from ..domain.messages import N_
from ..models import Visibility
from .services import ImportPlan

SALT = "booking.imports.preview"
# How long a preview may wait for its confirmation.
MAX_AGE_SECONDS = 24 * 3600


def seal(secret: str, actor_id: int, plan: ImportPlan, data: bytes) -> str:
    """The plan and the file as one signed, compressed text for a hidden field."""
    return URLSafeTimedSerializer(secret, salt=SALT).dumps({
        "u": actor_id, "k": plan.key, "r": plan.room_id, "o": plan.organisation_id, "v": plan.visibility.value,
        "p": plan.title_prefix, "n": plan.filename, "f": data.decode("utf-8", errors="replace")})


def unseal(secret: str, actor_id: int, sealed: str) -> tuple[ImportPlan, bytes]:
    """The plan and the file of a sealed preview of this user; InvalidInput if it is not one."""
    try:
        found = URLSafeTimedSerializer(secret, salt=SALT).loads(sealed or "", max_age=MAX_AGE_SECONDS)
        if found["u"] != actor_id:
            raise KeyError("u")
        plan = ImportPlan(room_id=int(found["r"]), organisation_id=found["o"], visibility=Visibility(found["v"]),
                          title_prefix=str(found["p"]), filename=str(found["n"]), key=str(found["k"]))
        return plan, str(found["f"]).encode("utf-8")
    except (BadData, KeyError, TypeError, ValueError):
        raise expired() from None


def expired() -> InvalidInput:
    """The error for a confirmation without a valid preview of its user."""
    msg = N_("This preview has expired or is not valid. Upload the file again.")
    return InvalidInput(msg, {"file": [msg]})
