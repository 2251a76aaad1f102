"""Retention: bookings whose last date ended more than BOOKING_RETENTION_MONTHS ago lose their personal data,
by the command and the admin's button; their hours, rooms, statuses and attendance stay."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from booking.extensions import db
from booking.models import AuditEntry, Booking, MailNotice, Occurrence, OutboxMessage
from web.helpers import counts, form_post, logged_in, notices, page_text

REPORT = "/api/v1/reports/occupancy?start=2024-12-01&end=2025-02-28"


def state(booking_id: int) -> dict:
    """What a booking holds now, its dates with everything the reports read."""
    db.session.rollback()
    b = db.session.get(Booking, booking_id)
    return {"title": b.title, "description": b.description, "setup_notes": b.setup_notes,
            "decision_note": b.decision_note, "creator_id": b.creator_id, "organisation_id": b.organisation_id,
            "room_id": b.room_id, "status": b.status.value, "visibility": b.visibility.value,
            "dates": [(o.starts_at, o.ends_at, o.room_id, o.status.value, o.attendance and o.attendance.value,
                       o.cancel_reason) for o in sorted(b.occurrences, key=lambda o: o.starts_at)]}


def date_titles(booking_id: int) -> list[str | None]:
    """The dates' own titles, in time order."""
    db.session.rollback()
    return list(db.session.scalars(select(Occurrence.title).where(Occurrence.booking_id == booking_id)
                                   .order_by(Occurrence.starts_at)))


def trail_text(booking: Booking) -> str:
    """Every audit detail about a booking and its dates, as one text."""
    db.session.rollback()
    dates = select(Occurrence.id).where(Occurrence.booking_id == booking.id)
    return " ".join(db.session.scalars(select(AuditEntry.detail).where(
        ((AuditEntry.subject_type == "booking") & (AuditEntry.subject_id == booking.id))
        | ((AuditEntry.subject_type == "occurrence") & AuditEntry.subject_id.in_(dates)))))


def mail_about(booking: Booking) -> int:
    """The notices of its changes and the messages written from them."""
    db.session.rollback()
    return sum(db.session.scalar(select(func.count()).select_from(table).where(table.booking_id == booking.id))
               for table in (MailNotice, OutboxMessage))


def test_the_command_anonymises_what_ended_25_months_ago_and_not_23(client, runner, story, admin, token_of):
    headers = token_of(admin)
    report_before = client.get(REPORT, headers=headers).get_json()
    old_before, recent_before = state(story.old.id), state(story.recent.id)
    assert "Jansen" in trail_text(story.old) and mail_about(story.old) > 0
    assert date_titles(story.old.id) == ["Spreekuur mevrouw Jansen, herhaling", None]

    result = runner.invoke(args=["privacy", "anonymise"])
    assert result.exit_code == 0, result.output
    assert "1 bookings were anonymised; 3 audit entries were scrubbed of personal texts." in result.output
    assert "before 2025-01-04 08:00 UTC" in result.output

    old = state(story.old.id)
    assert {k: old[k] for k in ("title", "description", "setup_notes", "decision_note", "creator_id")} == {
        "title": "Geanonimiseerd", "description": "", "setup_notes": "", "decision_note": "", "creator_id": None}
    # Hours, room, organisation, statuses, visibility and attendance as they were; only the reason is gone.
    assert {k: v for k, v in old.items() if k not in ("title", "description", "setup_notes", "decision_note",
                                                        "creator_id", "dates")} == {
        k: v for k, v in old_before.items() if k not in ("title", "description", "setup_notes", "decision_note",
                                                           "creator_id", "dates")}
    assert [d[:5] for d in old["dates"]] == [d[:5] for d in old_before["dates"]]
    assert [d[3:] for d in old["dates"]] == [("confirmed", "arrived", ""), ("cancelled", None, "")]
    assert "Jansen" not in trail_text(story.old) and "ziek" not in trail_text(story.old)
    assert date_titles(story.old.id) == [None, None]  # a date's own title goes with the booking's
    assert mail_about(story.old) == 0
    # The one that ended 23 months ago keeps everything.
    assert state(story.recent.id) == recent_before and mail_about(story.recent) > 0
    assert client.get(REPORT, headers=headers).get_json() == report_before
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.anonymise")).one()
    assert entry.actor_id is None and json.loads(entry.detail)["bookings"] == 1

    again = runner.invoke(args=["privacy", "anonymise"])
    assert "0 bookings were anonymised" in again.output and state(story.old.id) == old


def test_a_dry_run_writes_nothing(runner, story):
    before, old = counts(), state(story.old.id)
    result = runner.invoke(args=["privacy", "anonymise", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 bookings would be anonymised; 3 audit entries would be scrubbed of personal texts." in result.output
    assert counts() == before and state(story.old.id) == old


def test_retention_zero_keeps_everything(app, runner, client, story, admin):
    app.config["RETENTION_MONTHS"] = 0
    old = state(story.old.id)
    result = runner.invoke(args=["privacy", "anonymise"])
    assert "kept forever" in result.output and state(story.old.id) == old
    assert "Reserveringen worden voor altijd bewaard" in page_text(logged_in(client, admin).get("/admin/privacy"))


def test_a_shorter_setting_takes_the_recent_one_too(app, runner, story):
    app.config["RETENTION_MONTHS"] = 12
    assert "2 bookings were anonymised" in runner.invoke(args=["privacy", "anonymise"]).output
    assert state(story.recent.id)["title"] == "Geanonimiseerd"


def test_the_admin_page_counts_and_anonymises(client, story, admin):
    logged_in(client, admin)
    text = page_text(client.get("/admin/privacy"))
    assert "meer dan 24 maanden geleden" in text and "1 reservering is aan de beurt." in text
    assert "Geëindigd vóór: za 4 jan 2025, 09:00" in text
    resp = form_post(client, "/admin/privacy/anonymise", {}, source="/admin/privacy", follow_redirects=True)
    assert notices(resp) == ["1 reservering geanonimiseerd."]
    assert "0 reserveringen zijn aan de beurt." in page_text(resp) and "Nu anonimiseren" not in page_text(resp)
    assert state(story.old.id)["title"] == "Geanonimiseerd"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.anonymise")).one()
    assert entry.actor_id == admin.id


@pytest.mark.parametrize("method, url", [("get", "/admin/privacy"), ("post", "/admin/privacy/anonymise")])
def test_only_administrators(app, client, story, member, frontdesk, method, url):
    if method == "get":
        assert client.get(url).status_code == 302  # to the login page
    for user in (member, frontdesk):
        other = logged_in(app.test_client(), user)
        # A post carries a valid CSRF token (of a page they may see): the refusal is the role's.
        resp = other.get(url) if method == "get" else form_post(other, url, {}, source="/account")
        assert resp.status_code == 403
    assert state(story.old.id)["title"] == "Spreekuur mevrouw Jansen"


def test_the_admin_index_links_to_the_privacy_page(client, admin):
    assert "/admin/privacy" in logged_in(client, admin).get("/admin").get_data(as_text=True)
