"""Series and single bookings across the 2027 clock changes in Europe/Amsterdam.

Summer time starts on Sunday 2027-03-28 (02:00 -> 03:00) and ends on Sunday 2027-10-31 (03:00 -> 02:00).
"""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from booking.extensions import db
from booking.models import Occurrence

from .helpers import counts, starts

SKIPPED = "2027-03-28 02:30 does not exist in Europe/Amsterdam: the clocks jump forward an hour that night."


def test_weekly_nine_oclock_stays_nine_across_the_spring_change(booked, member, room):
    body = booked(member, room, "2027-03-15T09:00", "2027-03-15T11:00", recurrence={"freq": "weekly", "count": 4})
    assert [(o["start"], o["end"]) for o in body["occurrences"]] == [
        ("2027-03-15T09:00:00+01:00", "2027-03-15T11:00:00+01:00"),
        ("2027-03-22T09:00:00+01:00", "2027-03-22T11:00:00+01:00"),
        ("2027-03-29T09:00:00+02:00", "2027-03-29T11:00:00+02:00"),
        ("2027-04-05T09:00:00+02:00", "2027-04-05T11:00:00+02:00")]
    stored = sorted(o.starts_at for o in db.session.query(Occurrence))
    assert [s.astimezone(UTC).hour for s in stored] == [8, 8, 7, 7]


def test_weekly_nine_oclock_stays_nine_across_the_autumn_change(booked, member, room):
    body = booked(member, room, "2027-10-18T09:00", "2027-10-18T11:00", recurrence={"freq": "weekly", "count": 4})
    assert [(o["start"], o["end"]) for o in body["occurrences"]] == [
        ("2027-10-18T09:00:00+02:00", "2027-10-18T11:00:00+02:00"),
        ("2027-10-25T09:00:00+02:00", "2027-10-25T11:00:00+02:00"),
        ("2027-11-01T09:00:00+01:00", "2027-11-01T11:00:00+01:00"),
        ("2027-11-08T09:00:00+01:00", "2027-11-08T11:00:00+01:00")]


def test_a_series_given_with_an_offset_is_expanded_in_local_time(booked, member, room):
    body = booked(member, room, "2027-03-22T08:00:00Z", "2027-03-22T10:00:00Z",
                  recurrence={"freq": "weekly", "count": 2})
    assert starts(body) == ["2027-03-22T09:00:00+01:00", "2027-03-29T09:00:00+02:00"]


def test_daily_series_through_both_change_days(booked, member, room):
    spring = booked(member, room, "2027-03-27T09:00", "2027-03-27T10:00", recurrence={"freq": "daily", "count": 3})
    assert starts(spring) == ["2027-03-27T09:00:00+01:00", "2027-03-28T09:00:00+02:00", "2027-03-29T09:00:00+02:00"]
    autumn = booked(member, room, "2027-10-30T22:00", "2027-10-30T23:00", recurrence={"freq": "daily", "count": 3})
    assert [(o["start"], o["end"]) for o in autumn["occurrences"]] == [
        ("2027-10-30T22:00:00+02:00", "2027-10-30T23:00:00+02:00"),
        ("2027-10-31T22:00:00+01:00", "2027-10-31T23:00:00+01:00"),
        ("2027-11-01T22:00:00+01:00", "2027-11-01T23:00:00+01:00")]


def test_monthly_last_sunday_is_the_change_day_itself(booked, member, room):
    body = booked(member, room, "2027-02-28T10:00", "2027-02-28T12:00",
                  recurrence={"freq": "monthly", "byweekday": ["-1SU"], "count": 3})
    assert starts(body) == ["2027-02-28T10:00:00+01:00", "2027-03-28T10:00:00+02:00", "2027-04-25T10:00:00+02:00"]


@pytest.mark.parametrize("hours", ["default", "open_all_night"])
def test_a_time_the_clocks_skip_is_refused_with_a_clear_message(request, book, member, room, hours):
    if hours == "open_all_night":
        request.getfixturevalue("open_all_day")
    before = counts()
    r = book(member, room, "2027-03-28T02:30", "2027-03-28T03:30")
    assert r.status_code == 422, r.get_json()
    body = r.get_json()
    assert (body["error"], body["message"], body["fields"]) == ("invalid", SKIPPED, {"start": [SKIPPED]})
    assert counts() == before


def test_a_skipped_end_is_refused_on_end(book, member, room, open_all_day):
    r = book(member, room, "2027-03-28T01:30", "2027-03-28T02:15")
    assert r.status_code == 422
    msg = "2027-03-28 02:15 does not exist in Europe/Amsterdam: the clocks jump forward an hour that night."
    assert r.get_json()["fields"] == {"end": [msg]}


def test_a_series_with_one_skipped_date_is_refused_whole(book, member, room, open_all_day):
    before = counts()
    r = book(member, room, "2027-03-26T02:30", "2027-03-26T04:00", recurrence={"freq": "daily", "count": 4})
    assert r.status_code == 422
    assert r.get_json()["message"] == SKIPPED
    assert counts() == before
    # Leaving the night out books the other three dates.
    ok = book(member, room, "2027-03-26T02:30", "2027-03-26T04:00",
              recurrence={"freq": "daily", "count": 4, "exdates": ["2027-03-28"]})
    assert ok.status_code == 201
    assert starts(ok.get_json()) == ["2027-03-26T02:30:00+01:00", "2027-03-27T02:30:00+01:00",
                                     "2027-03-29T02:30:00+02:00"]


def test_a_wall_time_in_the_gap_given_with_an_offset_is_just_an_instant(booked, member, room, open_all_day):
    # 02:30+01:00 is 01:30 UTC, which the clocks in Harderwijk show as 03:30 summer time.
    body = booked(member, room, "2027-03-28T02:30:00+01:00", "2027-03-28T03:00:00+00:00")
    assert [(o["start"], o["end"]) for o in body["occurrences"]] == [
        ("2027-03-28T03:30:00+02:00", "2027-03-28T05:00:00+02:00")]


def test_an_ambiguous_time_is_the_first_one_summer_time(booked, book, member, room, open_all_day, client):
    first = booked(member, room, "2027-10-31T02:30", "2027-10-31T02:45")
    assert [(o["start"], o["end"]) for o in first["occurrences"]] == [
        ("2027-10-31T02:30:00+02:00", "2027-10-31T02:45:00+02:00")]
    stored = db.session.get(Occurrence, first["occurrences"][0]["id"])
    assert stored.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    # The second 02:30, an hour later, is free and can be named with its offset.
    second = booked(member, room, "2027-10-31T02:30:00+01:00", "2027-10-31T02:45:00+01:00")
    assert [(o["start"], o["end"]) for o in second["occurrences"]] == [
        ("2027-10-31T02:30:00+01:00", "2027-10-31T02:45:00+01:00")]
    # Naming the first one again clashes with the first booking.
    again = book(member, room, "2027-10-31T02:30", "2027-10-31T02:40")
    assert again.status_code == 409
    assert [c["occurrence_id"] for c in again.get_json()["conflicts"]] == [first["occurrences"][0]["id"]]


def test_a_booking_across_the_autumn_night_lasts_its_real_length(booked, member, room, open_all_day):
    body = booked(member, room, "2027-10-31T01:00", "2027-10-31T04:00")
    occ = db.session.get(Occurrence, body["occurrences"][0]["id"])
    assert (occ.ends_at - occ.starts_at).total_seconds() == 4 * 3600
    assert (body["occurrences"][0]["start"], body["occurrences"][0]["end"]) == (
        "2027-10-31T01:00:00+02:00", "2027-10-31T04:00:00+01:00")


def test_list_window_on_the_short_and_long_days(client, booked, member, room, open_all_day):
    booked(member, room, "2027-03-28T00:30", "2027-03-28T01:00", title="Nacht")
    booked(member, room, "2027-03-28T23:00", "2027-03-29T00:00", title="Laat")
    r = client.get("/api/v1/bookings", query_string={"room_id": room["id"], "start": "2027-03-28T00:00",
                                                     "end": "2027-03-29T00:00"}, headers=member)
    assert [(o["title"], o["start"], o["end"]) for o in r.get_json()["occurrences"]] == [
        ("Nacht", "2027-03-28T00:30:00+01:00", "2027-03-28T01:00:00+01:00"),
        ("Laat", "2027-03-28T23:00:00+02:00", "2027-03-29T00:00:00+02:00")]


def test_availability_across_the_autumn_night(client, booked, member, room, open_all_day):
    booked(member, room, "2027-10-31T02:30:00+01:00", "2027-10-31T03:30:00+01:00")
    r = client.get(f"/api/v1/rooms/{room['id']}/availability",
                   query_string={"start": "2027-10-31T00:00", "end": "2027-11-01T00:00"}, headers=member)
    assert r.get_json()["busy"] == [{"start": "2027-10-31T02:30:00+01:00", "end": "2027-10-31T03:30:00+01:00"}]


def test_moving_a_date_onto_the_skipped_hour_is_refused(client, booked, member, room, open_all_day):
    body = booked(member, room, "2027-03-27T02:30", "2027-03-27T03:30")
    occ = body["occurrences"][0]
    r = client.patch(f"/api/v1/bookings/{body['id']}/occurrences/{occ['id']}",
                     json={"start": "2027-03-28T02:30", "end": "2027-03-28T03:30"}, headers=member)
    assert r.status_code == 422
    assert r.get_json()["fields"] == {"start": [SKIPPED]}
    assert client.get(f"/api/v1/bookings/{body['id']}", headers=member).get_json()["occurrences"] == [occ]
