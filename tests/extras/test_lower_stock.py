"""Lowering a loanable extra's stock below what dates to come were promised at one moment is refused, with
the days named; promises that never overlap, past dates, cancelled dates and deactivating are fine."""
from __future__ import annotations

from datetime import datetime, timedelta, UTC

import pytest
from sqlalchemy import func, select

from booking.domain.stock import Use, over_stock
from booking.extensions import db
from booking.models import AuditEntry, Extra
from web.helpers import field_errors, form_post, logged_in

MONDAY = {"start": "2027-03-15T09:00", "end": "2027-03-15T11:00"}


def save_stock(client, admin, extra, stock: str):
    """Post the extra's form with a new stock; the answer."""
    logged_in(client, admin)
    return form_post(client, f"/admin/extras/{extra.id}", {
        "building_id": str(extra.building_id), "name": extra.name, "kind": "loan", "stock": stock, "note": "",
        "active": "y"}, follow_redirects=True)


def stock_of(extra_id: int) -> int:
    db.session.rollback()
    return db.session.get(Extra, extra_id).stock


def audited() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "extra.update"))


@pytest.fixture
def promise(client, token_of, member):
    """promise(room, extra, quantity, start, end) books the room with that many of the extra (201 asserted)."""
    headers = token_of(member)

    def book(room, extra, quantity, start=MONDAY["start"], end=MONDAY["end"], **body):
        resp = client.post("/api/v1/bookings", headers=headers, json={
            "room_id": room.id, "title": "Overleg", "start": start, "end": end,
            "extras": [{"extra_id": extra.id, "quantity": quantity}], **body})
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()
    return book


def test_two_beamers_promised_at_once_keep_the_stock_at_two(client, site, stock, admin, promise):
    promise(site.zaal, stock.beamer, 1)
    promise(site.kamer, stock.beamer, 1, start="2027-03-15T10:00", end="2027-03-15T12:00")
    resp = save_stock(client, admin, stock.beamer, "1")
    assert resp.status_code == 200
    assert field_errors(resp, "stock") == [
        "2 Beamer zijn tegelijk beloofd op 15-03-2027: houd er minstens 2, of pas eerst die reserveringen aan."]
    assert stock_of(stock.beamer.id) == 2 and audited() == 0  # nothing written


def test_a_weekly_series_names_its_days(client, site, stock, admin, promise):
    promise(site.zaal, stock.beamer, 2, recurrence={"freq": "weekly", "count": 3})
    resp = save_stock(client, admin, stock.beamer, "1")
    assert field_errors(resp, "stock") == [
        "2 Beamer zijn tegelijk beloofd op 15-03-2027, 22-03-2027, 29-03-2027: houd er minstens 2, of pas eerst "
        "die reserveringen aan."]


def test_promises_one_after_another_allow_a_stock_of_one(client, site, stock, admin, promise):
    promise(site.zaal, stock.beamer, 1)
    promise(site.kamer, stock.beamer, 1, start="2027-03-15T11:00", end="2027-03-15T12:00")  # back to back
    resp = save_stock(client, admin, stock.beamer, "1")
    assert field_errors(resp, "stock") == []
    assert stock_of(stock.beamer.id) == 1 and audited() == 1


def test_cancelled_dates_promise_nothing(client, site, stock, admin, promise, token_of, member):
    booking = promise(site.zaal, stock.beamer, 2)
    assert client.delete(f"/api/v1/bookings/{booking['id']}", headers=token_of(member)).status_code == 200
    save_stock(client, admin, stock.beamer, "1")
    assert stock_of(stock.beamer.id) == 1


def test_a_deactivated_extra_keeps_its_promises(client, site, stock, admin, promise):
    promise(site.zaal, stock.beamer, 2)
    logged_in(client, admin)
    form_post(client, f"/admin/extras/{stock.beamer.id}/active", {"deactivate": "Deze extra deactiveren"},
              source=f"/admin/extras/{stock.beamer.id}")
    db.session.rollback()
    assert db.session.get(Extra, stock.beamer.id).active is False


def test_over_stock_counts_what_is_out_at_each_loan():
    t = datetime(2027, 3, 15, 8, tzinfo=UTC)
    h = timedelta(hours=1)
    uses = [Use(t, t + 2 * h, 1), Use(t + h, t + 3 * h, 2), Use(t + 3 * h, t + 4 * h, 3)]
    assert over_stock(uses, 3) == []  # 3 at most: at t+h (1+2) and at t+3h (the 2 came back as the 3 went out)
    assert over_stock(uses, 2) == [(t + h, 3), (t + 3 * h, 3)]
    assert over_stock([], 0) == []
