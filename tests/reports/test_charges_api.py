"""GET /api/v1/reports/charges: the euros of the hand-checked week in cents, CSV, who may read it, bad input; and
the page, the CSV and the API read a fixed number of statements with 2 and with 200 bookings."""
from __future__ import annotations

import pytest

from sqlcount import counting

from .test_charges import WEEK
from .test_statement_counts import LARGE, SMALL, grow

URL = "/api/v1/reports/charges"


def test_the_week_in_cents(client, priced, staff):
    body = client.get(f"{URL}?{WEEK}", headers=staff()).get_json()
    assert body["amount_cents"] == 29750 and body["cancelled_late_cents"] == 5000
    gp, welfare = body["rows"]
    assert gp["name"] == "Huisartsenpraktijk" and gp["month"] == "2027-03" and gp["amount_cents"] == 17000
    assert gp["used"] == {"dates": 2, "hours": 0.0, "dayparts": 4, "amount_cents": 12000}
    assert gp["cancelled_late"] == {"dates": 1, "hours": 2.0, "dayparts": 0, "amount_cents": 5000}
    assert welfare["used"] == {"dates": 3, "hours": 7.0, "dayparts": 1, "amount_cents": 12750}


def test_csv(client, priced, staff):
    resp = client.get(f"{URL}?{WEEK}&format=csv", headers=staff())
    assert resp.status_code == 200 and resp.get_data().startswith(b"\xef\xbb\xbf")
    assert resp.headers["Content-Disposition"] == 'attachment; filename="rental-charges-2027-03-01-2027-03-07.csv"'
    assert "127,50" in resp.get_data().decode("utf-8")


def test_members_are_refused(client, priced, staff):
    assert client.get(f"{URL}?{WEEK}", headers=staff("member")).status_code == 403
    assert client.get(f"{URL}?{WEEK}").status_code == 401


@pytest.mark.parametrize("query, field", [
    ("", "start"), ("start=2027-03-01", "end"), ("start=2027-02-30&end=2027-03-07", "start"),
    ("start=2027-03-07&end=2027-03-01", "end"), ("start=2025-01-01&end=2027-01-02", "end"),
    ("start=%00%ff&end=2027-03-07", "start"), (WEEK + "&format=xlsx", "format"),
])
def test_bad_dates_are_422_with_a_message(client, priced, staff, query, field):
    resp = client.get(f"{URL}?{query}", headers=staff())
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error"] == "invalid" and field in body["fields"] and body["message"]


URLS = {
    "page, a month": "/reports/charges?start=2027-03-01&end=2027-03-31",
    "page, two years": "/reports/charges?start=2027-01-01&end=2028-12-31",
    "page, CSV": "/reports/charges?start=2027-01-01&end=2027-12-31&format=csv",
    "API": URL + "?start=2027-01-01&end=2028-12-31",
}


def test_charges_cost_the_same_with_2_and_200_bookings(client, priced, staff, desk_browser):
    browser = desk_browser
    headers = staff("admin")
    assert client.get(URLS["API"], headers=headers).status_code == 200  # a token's first use writes once
    counts, made = {}, 0
    for n in (SMALL, LARGE):
        grow(priced, made, n)
        made = n
        counts[n] = {}
        for name, url in URLS.items():
            api = url.startswith("/api")
            with counting() as seen:
                resp = (client if api else browser).get(url, headers=headers if api else {})
            assert resp.status_code == 200
            counts[n][name] = len(seen)
    table = "\n".join(f"{counts[SMALL][k]:3} {counts[LARGE][k]:3}  {k}" for k in URLS)
    assert counts[SMALL] == counts[LARGE], table
    assert max(counts[LARGE].values()) <= 8, table
    print(table)
