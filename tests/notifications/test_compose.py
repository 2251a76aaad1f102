"""Who hears of what (booking/notifications/compose.py): pure, no app."""
from __future__ import annotations

import pytest

from booking.notifications.compose import Change, Person, envelopes, method_of

REQUESTER = Person(1, "r@welzijn.nl", "R", "en", False, 10)
COORDINATOR = Person(2, "c@welzijn.nl", "C", None, False, 10)
DESK_OF_ORG = Person(3, "d@welzijn.nl", "D", "xx", True, 10)
DESK = Person(4, "balie@kiekmure.nl", "B", "nl", True, 99)
OUTSIDER = Person(5, "o@huisarts.nl", "O", "nl", False, 20)
EVERYONE = [OUTSIDER, DESK, DESK_OF_ORG, COORDINATOR, REQUESTER]


@pytest.mark.parametrize("kind, method", [("confirmed", "REQUEST"), ("pending", "REQUEST"), ("approved", "REQUEST"),
                                          ("changed", "REQUEST"), ("rejected", "CANCEL"), ("cancelled", "CANCEL")])
def test_every_kind_goes_to_the_requester_and_the_organisation_only(kind, method):
    got = envelopes(Change(kind, 10, 1, private=False), EVERYONE)
    assert [(e.person.id, e.kind, e.method) for e in got] == [(1, kind, method), (2, kind, method), (3, kind, method)]
    assert method_of(kind) == method


def test_a_new_request_goes_to_the_front_desk_too_and_staff_of_the_organisation_get_the_front_desks_message():
    got = envelopes(Change("pending", 10, 1, private=False, new_request=True), EVERYONE)
    assert [(e.person.id, e.kind) for e in got] == [(1, "pending"), (2, "pending"), (3, "request"), (4, "request")]


def test_languages_default_to_dutch():
    got = envelopes(Change("confirmed", 10, 1, private=False), EVERYONE)
    assert [e.language for e in got] == ["en", "nl", "nl"]


def test_without_a_creator_the_organisation_still_hears():
    got = envelopes(Change("cancelled", 10, None, private=True), EVERYONE)
    assert [(e.person.id, e.sees_title) for e in got] == [(1, True), (2, True), (3, True)]
