"""The fit of a room to a group: the finder's order and the booking form's suggestions (De Kiekmure's demo rooms)."""
import pytest

from booking.domain.fit import Candidate, Need, facility_set, far_too_large, judge, ranked

DEMO = [Candidate(name, capacity, facility_set(facilities)) for name, capacity, facilities in [
    ("Spreekkamer 1", 3, "onderzoeksbank, wastafel, pc"),
    ("Zaal A", 40, "beamer, geluidsinstallatie, stoelen"),
    ("Zaal B", 40, "whiteboard, flip-over, stoelen"),
    ("Grote zaal", 90, "beamer, geluidsinstallatie, podium, schuifwand"),
    ("Keuken", 12, "kookeilanden, vaatwasser, koelkast, oven"),
    ("Vergaderruimte", 14, "beamer, whiteboard, videobellen"),
    ("Activiteitenruimte", 25, "whiteboard, knutselmateriaal, wastafel, koffiebar"),
    ("Sportzaal", 30, "matten, geluidsinstallatie, kleedkamers, douches"),
    ("Stiltekamer", 6, "fauteuils, gedimd licht"),
    ("Gespreksruimte", 4, "geluiddicht, koffie en thee"),
]]
BY_NAME = {c.name: c for c in DEMO}


def names(need: Need, rooms=DEMO) -> list[str]:
    return [c.name for c, _ in ranked(rooms, need, lambda c: c)]


def test_the_smallest_room_that_holds_the_group_comes_first():
    assert names(Need(people=10)) == ["Keuken", "Vergaderruimte", "Activiteitenruimte", "Sportzaal",
                                      "Zaal A", "Zaal B", "Grote zaal"]


def test_rooms_too_small_are_left_out_and_far_too_large_ones_come_last():
    # For 12 people a room is far too large above 36 seats (3 x 12) and 32 (12 + 20): the 40-seat halls and the
    # 90-seat hall come after every room that fits well; the rooms for 3, 4 and 6 are left out.
    fits = ranked(DEMO, Need(people=12), lambda c: c)
    assert [(c.name, f.too_large) for c, f in fits] == [
        ("Keuken", False), ("Vergaderruimte", False), ("Activiteitenruimte", False), ("Sportzaal", False),
        ("Zaal A", True), ("Zaal B", True), ("Grote zaal", True)]


@pytest.mark.parametrize("capacity, people, expected", [
    (90, 8, True), (40, 10, True), (40, 12, True), (40, 14, False), (30, 8, True), (28, 8, False),
    (12, 2, False), (25, 2, True), (0, 8, False), (90, None, False), (90, 0, False)])
def test_far_too_large(capacity, people, expected):
    assert far_too_large(capacity, people) is expected


def test_a_40_person_group_gets_no_small_room():
    # Zaal A and Zaal B each have three facilities nobody asked for: by name.
    assert names(Need(people=40)) == ["Zaal A", "Zaal B", "Grote zaal"]


def test_wanted_facilities_are_required_compared_without_case():
    assert names(Need(people=8, facilities=facility_set("Beamer"))) == ["Vergaderruimte", "Zaal A", "Grote zaal"]
    assert names(Need(facilities=facility_set(["whiteboard", " WASTAFEL "]))) == ["Activiteitenruimte"]
    assert names(Need(facilities=facility_set("sauna"))) == []


def test_with_the_people_unknown_any_size_fits_smallest_first():
    assert names(Need())[:4] == ["Spreekkamer 1", "Gespreksruimte", "Stiltekamer", "Keuken"]
    assert all(f.good for _, f in ranked(DEMO, Need(), lambda c: c))


def test_among_rooms_of_one_size_the_fewest_unused_facilities_first():
    rooms = [Candidate("Keuken", 12, facility_set("oven, koelkast, vaatwasser")), Candidate("Zaaltje", 12, frozenset()),
             Candidate("Atelier", 12, facility_set("beamer, wastafel"))]
    assert names(Need(people=10), rooms) == ["Zaaltje", "Atelier", "Keuken"]
    # A facility asked for is not unused; ties are broken by name.
    assert names(Need(people=10, facilities=facility_set("beamer")), rooms) == ["Atelier"]
    assert names(Need(), [Candidate("b", 5, frozenset()), Candidate("A", 5, frozenset())]) == ["A", "b"]


def test_a_room_of_another_kind_than_the_one_asked_for_fits_loosely():
    # A meeting asked in the meeting room: the kitchen shares none of its facilities, so it is of another kind;
    # the activities room (whiteboard) and the plain room (no facilities listed) are not.
    kind = facility_set("beamer, whiteboard, videobellen")
    rooms = [BY_NAME["Keuken"], BY_NAME["Activiteitenruimte"], Candidate("Zaaltje", 16, frozenset())]
    fits = ranked(rooms, Need(people=10, kind=kind), lambda c: c)
    assert [(c.name, f.other_kind, f.good) for c, f in fits] == [
        ("Zaaltje", False, True), ("Activiteitenruimte", False, True), ("Keuken", True, False)]
    # The kind's own facilities are not 'unused': the activities room has three others, not four.
    assert fits[1][1].unused == 3


def test_rooms_not_admitted_are_left_out_and_an_unknown_size_comes_after_the_known():
    rooms = [Candidate("Praktijk", 6, frozenset(), admitted=False), Candidate("Onbekend", 0, frozenset()),
             Candidate("Kamer", 8, frozenset())]
    fits = ranked(rooms, Need(people=6), lambda c: c)
    assert [(c.name, f.unknown_size) for c, f in fits] == [("Kamer", False), ("Onbekend", True)]
    assert judge(rooms[0], Need()) is None


def test_facility_set():
    assert facility_set(" Beamer ,whiteboard,, ") == frozenset({"beamer", "whiteboard"})
    assert facility_set("") == frozenset()
