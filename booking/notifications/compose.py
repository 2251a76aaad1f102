"""Who hears of a change to a booking, in which language and with which calendar method.

Pure: plain data in, plain data out (no Flask, no database). The requester (the booking's creator)
and the organisation's coordinators (its other active users) hear of every change; the front desk
(users with role frontdesk, and admins) of every new request waiting for approval. A private
booking's title goes only to its own organisation, the front desk and admins.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

# The languages the app speaks (booking/i18n.py), Dutch first: the language of a user who chose none.
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
# What happened, as the booking services name it, and what the front desk gets for a new request.
KINDS = ("confirmed", "pending", "approved", "rejected", "changed", "cancelled")
REQUEST_KIND = "request"
# A cancelled or rejected date leaves the recipient's calendar: METHOD:CANCEL; everything else updates it.
CANCELLING = ("cancelled", "rejected")


@dataclass(frozen=True)
class Person:
    """Someone who may be told: an active user, as far as mail needs."""

    id: int
    email: str
    name: str
    language: str | None
    staff: bool                  # front desk or admin
    organisation_id: int | None


@dataclass(frozen=True)
class Change:
    """A change to a booking, as far as choosing its recipients goes."""

    kind: str                    # one of KINDS
    organisation_id: int
    creator_id: int | None
    private: bool
    new_request: bool = False    # dates now wait for the front desk's decision


@dataclass(frozen=True)
class Envelope:
    """One message to be written: to whom, of what kind, in which language, what they may read."""

    person: Person
    kind: str
    language: str
    sees_title: bool
    method: str                  # the .ics METHOD: REQUEST or CANCEL


def language_of(person: Person) -> str:
    """The person's chosen language, or Dutch."""
    return person.language if person.language in LANGUAGES else DEFAULT_LANGUAGE


def sees_title(person: Person, change: Change) -> bool:
    """Whether the person may read the booking's title: not private, their organisation's, or staff."""
    return not change.private or person.staff or person.organisation_id == change.organisation_id


def method_of(kind: str) -> str:
    """The .ics METHOD of a message of `kind`."""
    return "CANCEL" if kind in CANCELLING else "REQUEST"


def envelopes(change: Change, people: Sequence[Person]) -> list[Envelope]:
    """The messages of one change: one per person at most, the requester first, then by id.

    A staff member of the booking's own organisation gets the front desk's message for a new request
    (the one that asks for a decision) instead of the coordinators' one; the requester always gets theirs.
    """
    out: list[Envelope] = []
    for person in sorted(people, key=lambda p: (p.id != change.creator_id, p.id)):
        if change.new_request and person.staff and person.id != change.creator_id:
            kind = REQUEST_KIND
        elif person.id == change.creator_id or person.organisation_id == change.organisation_id:
            kind = change.kind
        else:
            continue
        out.append(Envelope(person, kind, language_of(person), sees_title(person, change),
                            method_of(change.kind if kind != REQUEST_KIND else "pending")))
    return out
