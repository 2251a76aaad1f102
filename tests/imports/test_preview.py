"""The import's preview and confirmation as services, on a small known schedule: exact verdicts, exact bookings."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import current_app
from sqlalchemy import select

import booking.imports.services as import_services
from booking.bookings.context import Context
from booking.domain.errors import BookingConflict, Forbidden, RuleViolation
from booking.domain.recurrence import Recurrence
from booking.extensions import db
from booking.models import AuditEntry, Booking, Closure, Visibility
from booking.imports.services import ImportPlan, confirm_import, preview_import

from web.helpers import book, counts, local, occurrences_of

from .conftest import event, ics


def ctx(actor) -> Context:
    return Context(session=db.session, actor=actor, now=current_app.config["NOW"])


GP_FILE = ics(
    event("koffie", "20270322T090000", "20270322T100000", "Koffie"),            # 1 free (back to back)
    event("overleg", "20270322T110000", "20270322T120000", "Overleg"),          # 2 conflict with a private booking
    event("avond", "20270323T223000", "20270323T233000", "Avond"),              # 3 outside the opening hours
    event("spreekuur", "20270315T090000", "20270315T110000", "Spreekuur",       # 4 partly free: 22 Mar, 5 Apr taken
          "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4"),
    event("yoga", "20270318T190000", "20270318T200000", "Yoga", "RRULE:FREQ=WEEKLY;COUNT=3"),  # 5 free
    "UID:dag\nSUMMARY:Heidag\nDTSTART;VALUE=DATE:20270324\nDTEND;VALUE=DATE:20270325",  # 6 all-day: a problem
    event("weg", "20270325T090000", "20270325T100000", "Afgelast", "STATUS:CANCELLED"),  # left out
)


@pytest.fixture
def schedule(site, other_member):
    """The GP practice's private booking on Monday 22 March 10:00-12:00 and the building closed on 5 April."""
    book(other_member, site.zaal, local(2027, 3, 22, 10), local(2027, 3, 22, 12), "Geheim consult",
         visibility="private")
    db.session.add(Closure(building_id=site.building.id, starts_at=local(2027, 4, 5), ends_at=local(2027, 4, 6),
                           reason="Tweede Paasdag"))
    db.session.commit()
    return site


def plan(site, **extra) -> ImportPlan:
    return ImportPlan(room_id=site.zaal.id, organisation_id=None, filename="spreekuren.ics", key="k-1", **extra)


def test_the_preview_judges_every_event_and_every_date(schedule, member):
    before = counts()
    preview = preview_import(ctx(member), plan(schedule), GP_FILE)
    assert counts() == before  # nothing is written
    assert [(e.event.index, e.verdict) for e in preview.events] == [
        (1, "free"), (2, "conflict"), (3, "opening_hours"), (4, "partly_free"), (5, "free"), (6, "problem")]
    assert [(s.index, s.title) for s in preview.skipped] == [(7, "Afgelast")]
    by = {e.event.index: e for e in preview.events}
    (clash,) = by[2].verdicts[0].clashes
    assert clash.title == "Busy"  # another organisation's private title is never shown
    spreekuur = by[4]
    assert [(v.slot.start.astimezone(UTC).strftime("%m-%d %H:%M"), v.free) for v in spreekuur.verdicts] == [
        ("03-15 08:00", True), ("03-22 08:00", False), ("03-29 07:00", True), ("04-05 07:00", False)]
    assert {p.rule for p in spreekuur.verdicts[3].problems} == {"closure"}
    assert spreekuur.choice == "free" and spreekuur.free_count == 2
    assert "all-day" in by[6].problem
    assert by[1].choice == by[5].choice == "all" and by[2].choice is by[3].choice is None


def test_a_weekly_series_across_the_clock_change_stays_at_its_local_hour(schedule, member):
    preview = preview_import(ctx(member), plan(schedule), GP_FILE)
    yoga = next(e for e in preview.events if e.event.title == "Yoga")
    # Thursdays 18 and 25 March (winter time, +1) and 1 April (summer time, +2): 19:00 local each time.
    assert [v.slot.start.astimezone(UTC).strftime("%m-%d %H:%M") for v in yoga.verdicts] == [
        "03-18 18:00", "03-25 18:00", "04-01 17:00"]


def test_confirm_books_exactly_the_chosen_free_events_and_dates(schedule, member):
    outcome = confirm_import(ctx(member), plan(schedule, visibility=Visibility.PRIVATE), GP_FILE,
                             {1: "all", 4: "free:2", 5: "all"})
    assert outcome.preview is None and not outcome.already
    made = {b.title: b.id for b in outcome.bookings}
    assert set(made) == {"Koffie", "Spreekuur", "Yoga"}
    dates = {title: [o.starts_at.astimezone(UTC).strftime("%m-%d %H:%M") for o in occurrences_of(i)]
             for title, i in made.items()}
    assert dates == {"Koffie": ["03-22 08:00"], "Spreekuur": ["03-15 08:00", "03-29 07:00"],
                     "Yoga": ["03-18 18:00", "03-25 18:00", "04-01 17:00"]}
    stored = db.session.get(Booking, made["Spreekuur"])
    assert stored.organisation_id == schedule.welzijn.id and stored.visibility == Visibility.PRIVATE
    assert "EXDATE:20270322,20270405" in stored.recurrence  # on purpose only the free dates, as the form does
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-4:] == ["booking.create"] * 3 + ["import.confirm"]


def test_a_confirmation_sent_twice_books_once(schedule, member):
    first = confirm_import(ctx(member), plan(schedule), GP_FILE, {1: "all", 5: "all"})
    after_first = counts()
    again = confirm_import(ctx(member), plan(schedule), GP_FILE, {1: "all", 5: "all"})
    assert again.already and [b.id for b in again.bookings] == [b.id for b in first.bookings]
    assert counts() == after_first


def test_an_event_no_longer_as_shown_books_nothing(schedule, member, other_member):
    chosen = {1: "all", 4: "free:2", 5: "all"}
    book(other_member, schedule.zaal, local(2027, 3, 29, 9), local(2027, 3, 29, 10), "Later geboekt")
    before = counts()
    outcome = confirm_import(ctx(member), plan(schedule), GP_FILE, chosen)  # the series has one free date now
    assert outcome.raced and outcome.preview is not None and counts() == before
    refused = confirm_import(ctx(member), plan(schedule), GP_FILE, {2: "all"})  # never free
    assert refused.raced and counts() == before


def test_an_error_while_booking_writes_nothing_of_the_confirmation(schedule, member, monkeypatch):
    calls = []
    real = import_services.add_booking

    def second_fails(context, req):
        calls.append(req.title)
        if len(calls) == 2:
            raise BookingConflict([])
        return real(context, req)

    monkeypatch.setattr(import_services, "add_booking", second_fails)
    before = counts()
    outcome = confirm_import(ctx(member), plan(schedule), GP_FILE, {1: "all", 5: "all"})
    assert calls == ["Koffie", "Yoga"] and outcome.raced
    assert counts() == before  # Koffie, booked first, was rolled back with the rest


def test_events_of_one_file_that_overlap_each_other_are_not_both_free(site, member):
    data = ics(event("a", "20270322T090000", "20270322T110000", "Eerste"),
               event("b", "20270322T100000", "20270322T120000", "Tweede"))
    first, second = preview_import(ctx(member), plan(site), data).events
    assert first.verdict == "free" and second.verdict == "conflict"
    assert "event 1" in second.verdicts[0].problems[0].message


def test_a_member_imports_only_for_their_own_organisation_and_rooms(site, member):
    with pytest.raises(Forbidden):
        preview_import(ctx(member), ImportPlan(site.zaal.id, site.huisarts.id), GP_FILE)
    with pytest.raises(RuleViolation):  # the treatment room is for care organisations only
        preview_import(ctx(member), ImportPlan(site.behandel.id, None), GP_FILE)


def test_staff_import_for_another_organisation(site, admin):
    outcome = confirm_import(ctx(admin), ImportPlan(site.kamer.id, site.huisarts.id, key="k-2"),
                             ics(event("a", "20270322T090000", "20270322T100000", "Spreekuur")), {1: "all"})
    (made,) = outcome.bookings
    assert made.organisation_id == site.huisarts.id and made.creator_id == admin.id


def test_a_series_in_a_room_that_needs_approval_waits_for_the_front_desk(site, member):
    outcome = confirm_import(ctx(member), ImportPlan(site.theater.id, None, key="k-3"),
                             ics(event("a", "20270322T090000", "20270322T100000", "Voorstelling",
                                       "RRULE:FREQ=WEEKLY;COUNT=2")), {1: "all"})
    assert [b.status.value for b in outcome.bookings] == ["pending"]




def test_a_file_with_too_many_dates_in_all_is_refused(site, member, monkeypatch):
    from booking.imports.events import UnreadableFile

    monkeypatch.setattr(import_services, "MAX_DATES", 5)
    data = ics(event("a", "20270315T090000", "20270315T100000", "Reeks", "RRULE:FREQ=DAILY;COUNT=4"),
               event("b", "20270315T110000", "20270315T120000", "Reeks", "RRULE:FREQ=DAILY;COUNT=2"))
    with pytest.raises(UnreadableFile) as caught:
        preview_import(ctx(member), plan(site), data)
    assert "more than 5 dates" in caught.value.message


def test_the_preview_reads_a_fixed_number_of_statements_however_many_events(schedule, member):
    from sqlcount import counting

    def statements(n: int) -> int:
        data = ics(*[event(f"e{i}", f"202703{10 + i:02d}T090000", f"202703{10 + i:02d}T100000", f"E{i}",
                           "RRULE:FREQ=WEEKLY;COUNT=3") for i in range(n)])
        db.session.rollback()
        db.session.expire_all()
        with counting() as seen:
            preview_import(ctx(member), plan(schedule), data)
        return len(seen)

    assert statements(2) == statements(15)


def test_each_imported_booking_is_told_as_a_booking_made_on_the_form_is(site, member):
    from booking.models.outbox import MailNotice, OutboxMessage
    from booking.notifications.drafting import draft_due

    outcome = confirm_import(ctx(member), plan(site), ics(event("a", "20270322T090000", "20270322T100000", "Een"),
                                                          event("b", "20270323T090000", "20270323T100000", "Twee")),
                             {1: "all", 2: "all"})
    noticed = db.session.execute(select(MailNotice.booking_id, MailNotice.kind).order_by(MailNotice.id)).all()
    assert noticed == [(b.id, "created") for b in outcome.bookings]
    assert draft_due(db.session, current_app.config["NOW"]) == 2
    told = db.session.scalars(select(OutboxMessage.booking_id)).all()
    assert set(told) == {b.id for b in outcome.bookings}
    assert len(told) == 2 * len([m for m in told if m == outcome.bookings[0].id])
