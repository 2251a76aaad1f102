"""Extending a series books the period the page showed, once: a form posted again, or several at once,
adds nothing more (it once took a weekly series from 4 to 7, 13 and 24 dates, and to 46 on a double click)."""
from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from booking.bookings.context import Context
from booking.bookings.preview import BOOK, preview_extension
from booking.bookings.series import AlreadyExtended, Period
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import Booking, User

from .helpers import book, csrf_tokens, local, logged_in, notices, occurrences_of, parse

MONDAYS_IN_MARCH = 5  # 1 to 29 March 2027


def extend_form(client, booking_id: int) -> dict:
    """What a browser posts from the extend page when 'Verlengen' is pressed: its hidden fields and the button."""
    html = client.get(f"/bookings/{booking_id}/extend").get_data(as_text=True)
    body = {c["name"]: c.get("value", "") for c in parse(html).controls
            if c["tag"] == "input" and c.get("type") == "hidden" and c.get("name")}
    assert csrf_tokens(html) and "period_first" in body and "period_last" in body, body
    return {**body, "extend": "Verlengen"}


def series_of_mondays(member, site):
    return book(member, site.zaal, local(2027, 3, 1, 9), local(2027, 3, 1, 11), "Taalcafé",
                recurrence=Recurrence("weekly", byweekday=("MO",), count=MONDAYS_IN_MARCH))


def test_the_extend_form_posted_three_times_books_the_period_once(client, app, site, member):
    series = series_of_mondays(member, site)
    app.config["NOW"] = datetime(2027, 3, 10, 9, tzinfo=UTC)
    anne = logged_in(client, member)
    body = extend_form(anne, series.id)
    assert (body["period_first"], body["period_last"]) == ("2027-04-05", "2027-04-26")

    first = anne.post(f"/bookings/{series.id}/extend", data=body)
    assert first.status_code == 302
    assert "De reeks is verlengd." in notices(anne.get(first.headers["Location"]))
    for _ in range(2):
        again = anne.post(f"/bookings/{series.id}/extend", data=body)
        assert again.status_code == 302
        assert again.headers["Location"].endswith(f"/bookings/{series.id}")
        assert notices(anne.get(again.headers["Location"])) == [
            "Deze periode is al aan de reeks toegevoegd; er is niets dubbel gereserveerd."]
    assert len(occurrences_of(series.id)) == MONDAYS_IN_MARCH + 4  # 5, 12, 19 and 26 April, once

    # The page now offers the next period, which a fresh form may add.
    assert extend_form(anne, series.id)["period_first"] == "2027-05-03"


def test_four_simultaneous_posts_of_the_extend_form_book_the_period_once(client, app, site, member):
    series = series_of_mondays(member, site)
    app.config["NOW"] = datetime(2027, 3, 10, 9, tzinfo=UTC)
    anne = logged_in(client, member)
    url = f"/bookings/{series.id}/extend"  # read here: the threads must not touch this session's objects
    body = extend_form(anne, series.id)
    cookie = anne.get_cookie("session")
    db.session.commit()
    start, answers = threading.Barrier(4), []

    def double_click():
        c = app.test_client()
        c.set_cookie(cookie.key, cookie.value)
        with app.app_context():
            start.wait()
            try:
                answers.append(c.post(url, data=body).status_code)
            except Exception as exc:  # noqa: BLE001  (shown in the assertion below, not lost in a thread)
                answers.append(repr(exc))

    threads = [threading.Thread(target=double_click) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert answers == [302] * 4
    db.session.rollback()
    assert len(occurrences_of(series.id)) == MONDAYS_IN_MARCH + 4


def test_a_form_without_the_period_books_nothing(client, app, site, member):
    series = series_of_mondays(member, site)
    app.config["NOW"] = datetime(2027, 3, 10, 9, tzinfo=UTC)
    anne = logged_in(client, member)
    body = extend_form(anne, series.id)
    del body["period_first"], body["period_last"]
    resp = anne.post(f"/bookings/{series.id}/extend", data=body)
    assert resp.status_code == 200
    assert len(occurrences_of(series.id)) == MONDAYS_IN_MARCH


def test_a_forged_period_books_nothing(client, app, site, member):
    series = series_of_mondays(member, site)
    app.config["NOW"] = datetime(2027, 3, 10, 9, tzinfo=UTC)
    anne = logged_in(client, member)
    body = {**extend_form(anne, series.id), "period_first": "2027-05-03", "period_last": "2027-12-27"}
    resp = anne.post(f"/bookings/{series.id}/extend", data=body)
    assert resp.status_code == 302
    assert len(occurrences_of(series.id)) == MONDAYS_IN_MARCH


def test_a_period_another_request_added_after_this_one_read_the_series_is_refused_as_added(client, app, site, member):
    """The race four simultaneous posts can meet: this request read the series (its next period April), then
    another added April; this one's check now finds April taken by the series itself. That is the period
    added already, refused as such (the page says so), not April shown as taken by others."""
    series = series_of_mondays(member, site)
    app.config["NOW"] = now = datetime(2027, 3, 10, 9, tzinfo=UTC)
    anne = logged_in(client, member)
    body = extend_form(anne, series.id)
    april = Period(date(2027, 4, 5), date(2027, 4, 26))
    assert (body["period_first"], body["period_last"]) == (april.first.isoformat(), april.last.isoformat())
    db.session.commit()
    this = Session(db.engine)  # this request's session: it read the series before the other request
    try:
        read = this.get(Booking, series.id)  # held, as the request holds it, so the session keeps what it read
        assert len(read.occurrences) == MONDAYS_IN_MARCH
        assert anne.post(f"/bookings/{series.id}/extend", data=body).status_code == 302  # the other request
        with pytest.raises(AlreadyExtended) as refused:
            preview_extension(Context(this, this.get(User, member.id), now), series.id, BOOK, april)
        assert refused.value.message == \
            "This period has been added to the series already; nothing was booked twice."
    finally:
        this.rollback()
        this.close()
    assert len(occurrences_of(series.id)) == MONDAYS_IN_MARCH + 4
