"""The privacy pages, the export and the retention run send as many SQL statements for 200 bookings as for 2
(bulk statements, not one per row)."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from booking.bookings.context import Context
from booking.extensions import db
from booking.models import AuditEntry, Booking, Occurrence, Status
from booking.privacy.retention import anonymise
from sqlcount import counting
from web.helpers import form_post, logged_in

START = datetime(2024, 6, 3, 8, tzinfo=UTC)  # long past the retention period of the suite's now


def add_old_bookings(site, user, first: int, last: int) -> None:
    """Bookings number first..last-1 by `user`, each with one date, a description and two audit entries."""
    for i in range(first, last):
        s = START + timedelta(hours=i)
        b = Booking(room=site.kamer, organisation=site.huisarts, creator=user, title=f"Spreekuur {i}",
                    description=f"Patiënt {i}", status=Status.CONFIRMED)
        b.occurrences = [Occurrence(room=site.kamer, starts_at=s, ends_at=s + timedelta(minutes=30),
                                    blocked_until=s + timedelta(minutes=30), cancel_reason=f"ziek {i}")]
        db.session.add(b)
        db.session.flush()
        db.session.add_all([
            AuditEntry(actor_id=user.id, action="booking.create", subject_type="booking", subject_id=b.id,
                       detail=json.dumps({"occurrences": 1})),
            AuditEntry(actor_id=user.id, action="booking.update", subject_type="booking", subject_id=b.id,
                       detail=json.dumps({"new": {"title": f"Spreekuur {i}"}, "old": {"title": "x"}}))])
    db.session.commit()


def count(client, method: str, url: str, **kwargs) -> int:
    with counting() as seen:
        resp = getattr(client, method)(url, **kwargs)
    assert resp.status_code == 200, (url, resp.status_code)
    return len(seen)


def test_the_pages_and_the_export(client, site, admin, other_member):
    logged_in(client, admin)
    csrf = {"source": f"/admin/users/{other_member.id}"}
    urls = ["/admin/privacy", f"/admin/users/{other_member.id}/erase"]
    add_old_bookings(site, other_member, 0, 2)
    small = [count(client, "get", u) for u in urls]
    with counting() as seen:
        assert form_post(client, f"/admin/users/{other_member.id}/export", {}, **csrf).status_code == 200
    small_export = len(seen)
    add_old_bookings(site, other_member, 2, 200)
    assert [count(client, "get", u) for u in urls] == small
    with counting() as seen:
        resp = form_post(client, f"/admin/users/{other_member.id}/export", {}, **csrf)
    assert len(json.loads(resp.get_data(as_text=True))["bookings"]) == 200
    assert len(seen) == small_export
    assert max(small) <= 6


def test_the_retention_run_is_bulk(app, site, admin, other_member):
    def run() -> tuple[int, int]:
        with counting() as seen:
            result = anonymise(Context(session=db.session, actor=admin, now=app.config["NOW"]), 24)
        return len(seen), result.bookings

    add_old_bookings(site, other_member, 0, 2)
    small, done = run()
    assert done == 2
    add_old_bookings(site, other_member, 2, 200)
    large, done = run()
    assert done == 198 and large == small
