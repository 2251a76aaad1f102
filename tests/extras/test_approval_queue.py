"""The front desk's approval queue shows what each request asks for besides the room: the beamer must be free too."""
from __future__ import annotations

from web.helpers import logged_in, page_text


def test_the_queue_lists_each_requests_extras(app, client, site, stock, member, frontdesk, token_of):
    headers = token_of(member)
    for title, extras in (("Buurtvoorstelling", [{"extra_id": stock.beamer.id, "quantity": 2},
                                                 {"extra_id": stock.koffie.id, "quantity": 40}]),
                          ("Repetitie", [])):
        resp = client.post("/api/v1/bookings", headers=headers, json={
            "room_id": site.theater.id, "title": title, "start": "2027-03-29T09:00" if extras else "2027-03-30T09:00",
            "end": "2027-03-29T11:00" if extras else "2027-03-30T11:00", "extras": extras})
        assert resp.status_code == 201 and resp.get_json()["status"] == "pending", resp.get_json()
    desk = logged_in(app.test_client(), frontdesk)
    text = page_text(desk.get("/frontdesk/approvals"))
    assert "Buurtvoorstelling Welzijn Harderwijk · Theaterzaal" in text
    assert "Extra's 2 × Beamer 40 × Koffie en thee" in text
    assert text.count("Extra's") == 1  # the request without extras shows none
