"""Clashes between held intervals, changeover buffers, the index and merging."""
from datetime import datetime, timedelta

from hypothesis import given, settings, strategies as st

from booking.domain.overlap import Held, HeldIndex, blocked_until, clashes, merge, too_close

T0 = datetime(2027, 5, 3, 0, 0)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_overlapping_slots_clash_both_ways():
    assert clashes(at(60), at(120), at(90), at(150))
    assert clashes(at(90), at(150), at(60), at(120))


def test_contained_slot_clashes():
    assert clashes(at(60), at(240), at(90), at(120))
    assert clashes(at(90), at(120), at(60), at(240))


def test_back_to_back_does_not_clash():
    assert not clashes(at(60), at(120), at(120), at(180))
    assert not clashes(at(120), at(180), at(60), at(120))


def test_separate_slots_do_not_clash():
    assert not clashes(at(60), at(120), at(180), at(240))


def test_blocked_until_adds_the_buffer():
    assert blocked_until(at(120), 15) == at(135)
    assert blocked_until(at(120), 0) == at(120)


def test_buffer_turns_back_to_back_into_a_clash():
    assert clashes(at(60), blocked_until(at(120), 15), at(120), blocked_until(at(180), 15))
    assert clashes(at(60), blocked_until(at(120), 15), at(134), blocked_until(at(180), 15))
    assert not clashes(at(60), blocked_until(at(120), 15), at(135), blocked_until(at(180), 15))


slot = st.tuples(st.integers(0, 2000), st.integers(1, 300)).map(lambda t: (at(t[0]), at(t[0] + t[1])))


@settings(max_examples=100, deadline=None)
@given(slot, slot)
def test_clashes_is_symmetric(a, b):
    assert clashes(a[0], a[1], b[0], b[1]) == clashes(b[0], b[1], a[0], a[1])


@settings(max_examples=100, deadline=None)
@given(slot, slot, st.integers(0, 120))
def test_clash_iff_gap_shorter_than_buffer(a, b, buffer):
    (s1, e1), (s2, e2) = a, b
    gap = max(s2 - e1, s1 - e2)  # negative when the slots themselves overlap
    got = clashes(s1, blocked_until(e1, buffer), s2, blocked_until(e2, buffer))
    assert got == (gap < timedelta(minutes=buffer))


held_list = st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 400)), max_size=30)


@settings(max_examples=100, deadline=None)
@given(held_list, slot)
def test_index_matches_brute_force(raw, query):
    held = [Held(at(s), at(s + n), i) for i, (s, n) in enumerate(raw)]
    index = HeldIndex(held)
    got = index.clashing(*query)
    want = [h for h in held if clashes(query[0], query[1], h.start, h.until)]
    assert sorted(h.owner for h in got) == sorted(h.owner for h in want)
    assert len(got) == len(want)


def test_index_finds_a_long_interval_that_starts_long_before():
    held = [Held(at(0), at(1000), "long"), Held(at(500), at(510), "short"), Held(at(900), at(905), "late")]
    assert [h.owner for h in HeldIndex(held).clashing(at(800), at(850))] == ["long"]
    assert HeldIndex([]).clashing(at(0), at(10)) == []


def test_merge_examples():
    assert merge([]) == []
    assert merge([(at(60), at(120)), (at(0), at(30))]) == [(at(0), at(30)), (at(60), at(120))]
    assert merge([(at(0), at(60)), (at(60), at(90))]) == [(at(0), at(90))]          # touching
    assert merge([(at(0), at(100)), (at(10), at(20)), (at(50), at(150))]) == [(at(0), at(150))]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=20))
def test_merge_is_sorted_disjoint_and_covers_the_same_points(raw):
    intervals = [(at(s), at(s + n)) for s, n in raw]
    merged = merge(intervals)
    for s, e in merged:
        assert s < e
    for (s1, e1), (s2, e2) in zip(merged, merged[1:]):
        assert e1 < s2  # sorted, disjoint and not even touching
    for m in range(0, 245):
        p = at(m)
        assert any(s <= p < e for s, e in intervals) == any(s <= p < e for s, e in merged)


@settings(max_examples=100, deadline=None)
@given(slot, slot, st.integers(0, 120))
def test_too_close_with_one_buffer_is_the_held_interval_clash(a, b, buffer):
    gap = timedelta(minutes=buffer)
    (s1, e1), (s2, e2) = a, b
    assert too_close(s1, e1, gap, s2, e2, gap) == clashes(s1, blocked_until(e1, buffer), s2,
                                                          blocked_until(e2, buffer))


@settings(max_examples=100, deadline=None)
@given(slot, slot, st.integers(0, 120), st.integers(0, 120))
def test_too_close_iff_the_gap_is_shorter_than_the_larger_buffer(a, b, buffer_a, buffer_b):
    (s1, e1), (s2, e2) = a, b
    gap = max(s2 - e1, s1 - e2)  # negative when they overlap
    expected = gap < timedelta(minutes=max(buffer_a, buffer_b))
    assert too_close(s1, e1, timedelta(minutes=buffer_a), s2, e2, timedelta(minutes=buffer_b)) == expected
    # The database's guard, [start, end + own buffer), never refuses what the service allows.
    if not expected:
        assert not clashes(s1, blocked_until(e1, buffer_a), s2, blocked_until(e2, buffer_b))
