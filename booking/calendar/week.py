"""A room's or an organisation's week and month.

URLs (all need a login):

  /rooms/<room_id>/week?date=YYYY-MM-DD       the week (Monday to Sunday) holding that date; today's without
  /rooms/<room_id>/month?month=YYYY-MM        the month; this month without
  /organisations/<org_id>/week?date=...       an organisation's own dates in every room
  /organisations/<org_id>/month?month=...

Who sees what: a room's pages show everyone what holds the room (confirmed and waiting dates, its
own and those of the rooms it shares a part with: a booking of the large hall fills hall A too),
and its closures; another organisation's private booking shows as 'Busy', without its organisation.
An organisation's pages show its own dates in every state (cancelled and rejected ones struck
through) to its members and to the front desk and administrators; a member asking for another
organisation's pages gets 403, whether it exists or not. An inactive room's pages are for staff.

Days are local days of the room's building (an organisation's pages: the configured zone), each
drawn with its true length: the Sunday the clocks go forward has no 02:00, the Sunday they go
back has 02:00 twice (booking/domain/weeks.py does the arithmetic). On a phone a week is a list
by day and a month the list of its days with bookings (static/css/site.css, 'Week and month').
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Sequence
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_day_names
from flask import abort, flash, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from ..bookings.permissions import may_change, sees_details
from ..domain.clock import zone_of
from ..domain.rules import ClosurePeriod, OpeningHours
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from ..domain.weeks import (TRACKS_PER_HOUR, Day, Placed, RowKey, month_days, monday_of, next_month,
                            offset_label, parse_month, place, repeated, rows_of, span_of, tracks, week_days)
from ..extensions import db
from ..i18n import STATUS_LABELS, clock, span
from ..models import Occurrence, Status
from ..web import building_zone, now
from . import bp, week_queries

# Hours drawn at full height: those the building is open, and any with a booking in them; the rest
# of the night is drawn low. An organisation's pages are about no one building: its usual hours.
USUAL_HOURS = OpeningHours.every_day()
FULL_ROW, LOW_ROW = 3.5, 0.75  # rem per hour
# A block's lines in the week's grid (static/css/site.css: .75rem type at line height 1.25, .15rem padding above
# and below, a 1px margin), and the blocks that draw each line on one line: those up to this many lines high.
LINE, BLOCK_EDGES, SHORT_BLOCK = 0.9375, 0.425, 4
# A month's day shows this many bookings; the rest are counted, with a link to the week.
MONTH_SHOWN = 4


@dataclass
class Entry:
    """One booking date (or closure) as a day shows it."""

    placed: Placed
    kind: str                  # 'booking', 'busy' (another organisation's private booking) or 'closure'
    title: str
    when: str                  # '09:00–11:00', or the whole span when it crosses midnight
    status: str = "confirmed"
    note: str = ""             # said beside the time: 'waiting for approval', 'cancelled', 'closed'
    organisation: str = ""
    room: str = ""             # the room's name where it is not the page's own room
    link: str | None = None
    first: int = 0             # the grid lines it is drawn between
    last: int = 1
    fit: int = 0               # the lines a short block has room for (lines_that_fit), 0 for a taller one


@dataclass
class DayView:
    """One day of a page: the day, what is on it, and how its hours are drawn."""

    day: Day
    entries: list[Entry] = field(default_factory=list)
    cells: Markup = Markup("")  # the hour cells behind the entries, as HTML (week pages only)
    lanes: int = 1
    today: bool = False
    in_month: bool = True
    more: int = 0              # bookings a month's day does not show

    @property
    def bookings(self) -> list[Entry]:
        return [e for e in self.entries if e.kind != "closure"]


def _parse_day(raw: str | None, today: date) -> date:
    """The day a week page asks for (?date=YYYY-MM-DD), today when not given; a bad one is said and ignored."""
    if not raw:
        return today
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not EARLIEST_YEAR <= day.year <= LATEST_YEAR or len(raw) != 10:
        flash(_("%(value)s is not a date; use the date picker.", value=raw[:20]), "error")
        return today
    return day


def _parse_month(raw: str | None, today: date) -> tuple[int, int]:
    """The month a month page asks for (?month=YYYY-MM), this month when not given."""
    if not raw:
        return today.year, today.month
    found = parse_month(raw)
    if found is None or not EARLIEST_YEAR <= found[0] <= LATEST_YEAR:
        flash(_("%(value)s is not a month; write it as 2027-03.", value=raw[:20]), "error")
        return today.year, today.month
    return found


def _time_text(start: datetime, end: datetime, zone: ZoneInfo, day: Day | None = None) -> str:
    """'09:00–11:00' in the zone: '22:00–24:00' for an end at the next midnight, 'all day' for the whole of
    `day`, the whole span when it crosses midnight, and the UTC offset after a time that happens twice
    (the night the clocks go back)."""
    tz = zone.key
    if day is not None and start <= day.start and end >= day.end:
        return _("all day")

    def at(t: datetime) -> str:
        return f"{clock(t, tz)} ({offset_label(t, zone)})" if repeated(t, zone) else clock(t, tz)

    first, last = start.astimezone(zone), end.astimezone(zone)
    if first.date() == last.date():
        return f"{at(start)}–{at(end)}"
    if last.time() == datetime.min.time() and (last.date() - first.date()).days == 1:
        return f"{at(start)}–24:00"
    return span(start, end, tz)


def _lanes(entries: Sequence[Entry]) -> int:
    return max((e.placed.lanes for e in entries), default=1)


def _grid(days: Sequence[Day], per_day: Sequence[list[Placed]], hours: OpeningHours):
    """The week's hour rows, and the rows drawn at full height: open hours, and hours with a booking."""
    rows = rows_of(days)
    # The hours of the night the clocks change are drawn in full, to be seen: the hour a day lacks,
    # and both of an hour that comes twice.
    full: set[RowKey] = {(h, f) for h, f in rows if any((h, f) not in d.keys for d in days) or (h, 1) in rows}
    for d, placed in zip(days, per_day):
        opening = hours.days.get(d.date.weekday())
        for h in d.hours:
            if opening and opening[0] < h.hour * 60 + 60 and h.hour * 60 < opening[1]:
                full.add(h.key)
        for p in placed:
            for h in d.hours:
                if h.start < p.end and p.start < h.end:
                    full.add(h.key)
    return rows, full


def _row_sizes(rows: Sequence[RowKey], full: set[RowKey]) -> str:
    """The CSS grid rows of the week: TRACKS_PER_HOUR tracks per hour, runs of equal height merged."""
    out: list[list] = []
    for key in rows:
        height = (FULL_ROW if key in full else LOW_ROW) / TRACKS_PER_HOUR
        if out and out[-1][1] == height:
            out[-1][0] += TRACKS_PER_HOUR
        else:
            out.append([TRACKS_PER_HOUR, height])
    return " ".join(f"repeat({n}, {h:.4f}rem)" for n, h in out)


def _cells(day: Day, rows: Sequence[RowKey], full: set[RowKey], opening: tuple[int, int] | None) -> Markup:
    """The day's hour cells behind its entries, as HTML: an hour the day lacks (the night the clocks go
    forward) is 'missing', an hour outside the opening hours 'closed', an empty closed hour 'low'."""
    # Written here rather than by a template loop: a week has 7 x 24 of them, and the loop was a third
    # of the page's time. Nothing in them comes from users, so there is nothing to escape.
    keys = day.keys
    out = []
    for i, key in enumerate(rows):
        hour = key[0]
        if key not in keys:
            state = " missing"
        elif not opening or not (opening[0] < hour * 60 + 60 and hour * 60 < opening[1]):
            state = " closed"
        else:
            state = ""
        low = " low" if key not in full else ""
        out.append(f'<span class="hour-cell{state}{low}" style="grid-row: {i * TRACKS_PER_HOUR + 1} / '
                   f'{(i + 1) * TRACKS_PER_HOUR + 1}"></span>')
    return Markup("".join(out))


def _hour_labels(days: Sequence[Day], rows: Sequence[RowKey], zone: ZoneInfo) -> list[dict]:
    """The labels of the hour rows; the repeated hour the night the clocks go back is marked as such."""
    labels = []
    for i, (hour, fold) in enumerate(rows):
        text = f"{hour:02d}:00"
        if fold or any((hour, 1) in d.keys for d in days):
            slot = next(h for d in days for h in d.hours if h.key == (hour, fold))
            text += f" ({offset_label(slot.start, zone)})"
        labels.append({"first": i * TRACKS_PER_HOUR + 1, "last": (i + 1) * TRACKS_PER_HOUR + 1, "text": text})
    return labels


def _booking_view(booking, actor) -> tuple[bool, str, str | None]:
    """What the viewer sees of a booking: whether its details, its organisation's name, and its link."""
    shown = sees_details(actor, booking)
    return (shown, booking.organisation.name if shown and booking.organisation else "",
            url_for("bookings.detail", booking_id=booking.id) if may_change(actor, booking) else None)


def _entry(p: Placed, occ: Occurrence, zone: ZoneInfo, *, page_room_id: int | None,
           bookings: dict[int, tuple[bool, str, str | None]]) -> Entry:
    booking = occ.booking
    # A series shows on many days of a page: what the viewer may see of it is worked out once.
    seen = bookings.get(booking.id)
    if seen is None:
        seen = bookings[booking.id] = _booking_view(booking, current_user)
    shown, organisation, link = seen
    return Entry(
        placed=p, kind="booking" if shown else "busy", title=(occ.title or booking.title) if shown else _("Busy"),
        when=_time_text(occ.starts_at, occ.ends_at, zone), status=occ.status.value,
        note=str(STATUS_LABELS[occ.status.value]) if occ.status != Status.CONFIRMED else "",
        organisation=organisation, room=occ.room.name if occ.room_id != page_room_id else "", link=link)


def _closure_entry(p: Placed, c: ClosurePeriod, zone: ZoneInfo, day: Day) -> Entry:
    # The part of the closure on this day: a closure over a holiday is 'all day' on that day.
    return Entry(placed=p, kind="closure", title=c.reason or _("Closed (no reason given)"),
                 when=_time_text(p.start, p.end, zone, day), status="closed", note=_("closed"))


def _day_views(days: Sequence[Day], occurrences: Sequence[Occurrence], closures: Sequence[ClosurePeriod],
               zone: ZoneInfo, page_room_id: int | None, today: date) -> list[DayView]:
    items = [(o.starts_at, o.ends_at, o) for o in occurrences] + [(c.start, c.end, c) for c in closures]
    views, bookings = [], {}
    for d, placed in zip(days, place(days, items)):
        entries = [_closure_entry(p, p.item, zone, d) if isinstance(p.item, ClosurePeriod)
                   else _entry(p, p.item, zone, page_room_id=page_room_id, bookings=bookings) for p in placed]
        views.append(DayView(d, entries, lanes=_lanes(entries), today=d.date == today))
    return views


def _week_page(days: Sequence[Day], views: list[DayView], hours: OpeningHours, zone: ZoneInfo) -> dict:
    """What the week template draws: the rows, the hour labels, and each day's cells and entries in the grid."""
    per_day = [[e.placed for e in v.bookings] for v in views]
    rows, full = _grid(days, per_day, hours)
    track_rem = [(FULL_ROW if key in full else LOW_ROW) / TRACKS_PER_HOUR for key in rows]
    for v in views:
        v.cells = _cells(v.day, rows, full, hours.days.get(v.day.date.weekday()))
        for e in v.entries:
            first, last = tracks(v.day, rows, e.placed.start, e.placed.end)
            e.first, e.last = first + 1, last + 1
            fit = lines_that_fit(sum(track_rem[t // TRACKS_PER_HOUR] for t in range(first, last)))
            e.fit = fit if fit <= SHORT_BLOCK else 0
    return {"row_sizes": _row_sizes(rows, full), "hour_labels": _hour_labels(days, rows, zone), "days": views}


def lines_that_fit(height: float) -> int:
    """How many whole lines of text a block `height` rem high shows in the week's grid: at least one. A short
    block draws each of its lines (time, title, room, organisation) on one line and leaves out those it has no
    room for, so that none is cut in half (site.css .fit-1 to .fit-4); hovered or focused, it shows them all."""
    return max(1, int((height - BLOCK_EDGES) / LINE))


def _today(zone: ZoneInfo) -> date:
    return now().astimezone(zone).date()


def _week_links(endpoint: str, monday: date, today: date, **ids) -> dict[str, str]:
    return {"previous": url_for(endpoint, date=(monday - timedelta(days=7)).isoformat(), **ids),
            "next": url_for(endpoint, date=(monday + timedelta(days=7)).isoformat(), **ids),
            "today": url_for(endpoint, **ids) if monday_of(today) != monday else None}


def _month_links(endpoint: str, year: int, month: int, today: date, **ids) -> dict[str, str]:
    py, pm = next_month(year, month, -1)
    ny, nm = next_month(year, month, 1)
    return {"previous": url_for(endpoint, month=f"{py:04d}-{pm:02d}", **ids),
            "next": url_for(endpoint, month=f"{ny:04d}-{nm:02d}", **ids),
            "today": url_for(endpoint, **ids) if (today.year, today.month) != (year, month) else None}


def _month_label(first: date) -> str:
    """'maart 2027'."""
    return format_date(first, "LLLL y", locale=str(get_locale()))


def _weekday_names() -> list[str]:
    """'ma', 'di', ... 'zo': the heads of a month's columns."""
    names = get_day_names("abbreviated", locale=str(get_locale()))
    return [names[i] for i in range(7)]


def _booked(weeks: list[list[DayView]], month: int) -> bool:
    """Whether anything is on a day of the month itself."""
    return any(v.entries or v.more for w in weeks for v in w if v.in_month)


def _month_views(weeks: list[list[Day]], occurrences, closures, zone, page_room_id, today,
                 month) -> list[list[DayView]]:
    flat = [d for w in weeks for d in w]
    views = _day_views(flat, occurrences, closures, zone, page_room_id, today)
    for v in views:
        v.in_month = v.day.date.month == month
        shown = [e for e in v.entries if e.kind == "closure"] + v.bookings[:MONTH_SHOWN]
        v.more = len(v.entries) - len(shown)
        v.entries = shown
    return [views[i:i + 7] for i in range(0, len(views), 7)]


# --- a room ---------------------------------------------------------------------------------------

def _room_place(room_id: int) -> week_queries.RoomPlace:
    found = week_queries.room_place(db.session, room_id)
    if found is None or (not found.room.active and not current_user.is_staff):
        abort(404)
    return found


def _may_book(room) -> bool:
    return room.active and (current_user.is_staff or room.admits(current_user.organisation, current_user.role))


@bp.get("/rooms/<id:room_id>/week")
@login_required
def room_week(room_id: int):
    """A room's week: days as columns, hours as rows; what holds the room, and its closures."""
    found = _room_place(room_id)
    room = found.room
    zone = zone_of(room.building.timezone)
    today = _today(zone)
    days = week_days(_parse_day(request.args.get("date"), today), zone)
    start, end = span_of(days)
    views = _day_views(days, week_queries.room_dates(db.session, found, start, end),
                       week_queries.room_closures(db.session, found, start, end), zone, room.id, today)
    return render_template(
        "calendar/week.html", subject=room.name, room=room, rooms=found.rooms, organisation=None,
        first=days[0].date, last=days[-1].date, zone=zone.key,
        links=_week_links("calendar.room_week", days[0].date, today, room_id=room.id),
        month_link=url_for("calendar.room_month", room_id=room.id, month=f"{days[0].date:%Y-%m}"),
        may_book=_may_book(room), **_week_page(days, views, room.building.hours_rule(), zone))


@bp.get("/rooms/<id:room_id>/month")
@login_required
def room_month(room_id: int):
    """A room's month: its weeks of seven days, each day with what holds the room."""
    found = _room_place(room_id)
    room = found.room
    zone = zone_of(room.building.timezone)
    today = _today(zone)
    year, month = _parse_month(request.args.get("month"), today)
    weeks = month_days(year, month, zone)
    start, end = weeks[0][0].start, weeks[-1][-1].end
    views = _month_views(weeks, week_queries.room_dates(db.session, found, start, end),
                         week_queries.room_closures(db.session, found, start, end), zone, room.id, today, month)
    return render_template(
        "calendar/month.html", subject=room.name, room=room, rooms=found.rooms, organisation=None,
        month=date(year, month, 1), weeks=views, booked=_booked(views, month), zone=zone.key,
        links=_month_links("calendar.room_month", year, month, today, room_id=room.id),
        week_endpoint="calendar.room_week", ids={"room_id": room.id}, may_book=_may_book(room),
        month_label=_month_label, weekday_names=_weekday_names)


# --- an organisation ------------------------------------------------------------------------------

def _organisation(org_id: int):
    """The organisation whose pages these are: members only their own (403 otherwise, before any
    lookup, so the answer does not tell which ids exist); staff any (404 when unknown)."""
    if not current_user.is_staff and current_user.organisation_id != org_id:
        abort(403)
    org = week_queries.organisation_by_id(db.session, org_id)
    if org is None:
        abort(404)
    return org


@bp.get("/organisations/<id:org_id>/week")
@login_required
def organisation_week(org_id: int):
    """An organisation's week across all rooms, every date in every state."""
    org = _organisation(org_id)
    zone = building_zone()
    today = _today(zone)
    days = week_days(_parse_day(request.args.get("date"), today), zone)
    start, end = span_of(days)
    views = _day_views(days, week_queries.organisation_dates(db.session, org.id, start, end), [], zone, None, today)
    return render_template(
        "calendar/week.html", subject=org.name, room=None, organisation=org,
        organisations=week_queries.organisations(db.session) if current_user.is_staff else [],
        first=days[0].date, last=days[-1].date, zone=zone.key,
        links=_week_links("calendar.organisation_week", days[0].date, today, org_id=org.id),
        month_link=url_for("calendar.organisation_month", org_id=org.id, month=f"{days[0].date:%Y-%m}"),
        **_week_page(days, views, USUAL_HOURS, zone))


@bp.get("/organisations/<id:org_id>/month")
@login_required
def organisation_month(org_id: int):
    """An organisation's month across all rooms."""
    org = _organisation(org_id)
    zone = building_zone()
    today = _today(zone)
    year, month = _parse_month(request.args.get("month"), today)
    weeks = month_days(year, month, zone)
    start, end = weeks[0][0].start, weeks[-1][-1].end
    views = _month_views(weeks, week_queries.organisation_dates(db.session, org.id, start, end), [], zone, None,
                         today, month)
    return render_template(
        "calendar/month.html", subject=org.name, room=None, organisation=org,
        organisations=week_queries.organisations(db.session) if current_user.is_staff else [],
        month=date(year, month, 1), weeks=views, booked=_booked(views, month), zone=zone.key,
        links=_month_links("calendar.organisation_month", year, month, today, org_id=org.id),
        week_endpoint="calendar.organisation_week", ids={"org_id": org.id},
        month_label=_month_label, weekday_names=_weekday_names)
