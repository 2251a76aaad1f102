"""The front desk's day of the whole building: /frontdesk/day?date=YYYY-MM-DD[&building=ID].

One row per active room (combined rooms beside their parts), one column per half hour of the
opening hours; each date a block (title or 'Busy', organisation, time, people, a mark for setup
notes), pending ones hatched and labelled, closures shaded and written out, a line at the
current time on today's page. Empty half hours link to the booking form. Below the grid the same
day room by room (the phone's view, and where the front desk marks arrivals and ticks off the
setup notes). The page reads at most seven statements, four while the buildings, their rooms and the
menu's count are kept under the change key (day_queries); the marks post back here and return to the
same day (post/redirect/get).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from babel.dates import format_date
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from wtforms import HiddenField, ValidationError
from wtforms.validators import AnyOf, Optional

from ..bookings.permissions import may_change, sees_details
from ..domain import grid
from ..domain.clock import is_ambiguous, wall
from ..domain.ids import parse_id
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR
from ..extensions import db
from ..i18n import date_label, locale_name, translations
from ..models import Role, Status, User
from ..models.enums import Attendance
from ..readcache import first_state, keep, kept, remember_state, viewer_of
from ..web import context, now, reads_only, roles_required
from . import bp, day_html
from .attendance import mark_attendance, mark_setup_done
from .day_queries import DayData, DayDate, day_buildings, load_day


def sent(form, field) -> None:
    """The field was sent, even if empty ('' takes a mark back; a post without it means nothing)."""
    if not field.raw_data:
        raise ValidationError("missing")


class AttendanceForm(FlaskForm):
    """Arrived, no-show, or '' to take the mark back; the day to return to."""

    attendance = HiddenField(validators=[sent, AnyOf(["", *(a.value for a in Attendance)])])
    date = HiddenField(validators=[Optional()])
    building = HiddenField(validators=[Optional()])


class SetupForm(FlaskForm):
    """'1' ticks the setup notes off, '0' unticks them; the day to return to."""

    done = HiddenField(validators=[AnyOf(["0", "1"])])
    date = HiddenField(validators=[Optional()])
    building = HiddenField(validators=[Optional()])


@dataclass(frozen=True)
class Links:
    """The page's links, each made once by url_for with stand-in ids and filled in per date or half hour:
    url_for costs more than the rest of a date's row, and a full day has hundreds of them."""

    detail: str
    attendance: str
    setup: str
    new: str

    BOOKING, OCCURRENCE = 2147483001, 2147483002   # ids no row has: replaced by the real ones

    @classmethod
    def make(cls) -> "Links":
        ids = {"booking_id": cls.BOOKING, "occurrence_id": cls.OCCURRENCE}

        def pattern(endpoint: str, **values) -> str:
            return (url_for(endpoint, **values).replace(str(cls.BOOKING), "{booking}")
                    .replace(str(cls.OCCURRENCE), "{occurrence}"))
        return cls(pattern("bookings.detail", booking_id=cls.BOOKING), pattern("calendar.attendance", **ids),
                   pattern("calendar.setup", **ids), url_for("bookings.new"))


@dataclass(slots=True)
class Entry:
    """One date as the day shows it, its texts and links worked out once (the grid and the list both show it).
    The texts are written as HTML (escaped once here, not each time the grid and the list write them).
    Not frozen: a frozen dataclass sets each of its fields through object.__setattr__, and a full day makes
    hundreds of these."""

    occ: DayDate
    title: str                   # escaped; '' for another organisation's private booking: the page says 'Busy'
    hidden: bool
    organisation: str | None     # escaped
    colour: int
    when: str                    # '09:00–10:30', with an arrow where it began before or ends after the day
    pending: bool
    people: int | None
    notes: str                   # escaped
    attendance: str              # '', 'arrived' or 'no_show'
    extras: str                  # escaped: '1 × Beamer, 12 × Koffie en thee': what the desk prepares ('' for none)
    setup_done: bool
    detail_url: str              # the links escaped too
    attendance_url: str
    setup_url: str


@dataclass(frozen=True)
class HourHead:
    """A column heading: one hour (two half hours, fewer at the edges of the day)."""

    label: str
    count: int
    offset: str      # '+02:00' when the hour happens twice that night, else ''


@dataclass(frozen=True)
class DayPage:
    """Everything the template shows."""

    data: DayData
    heading_date: str
    columns: list[grid.Column]
    hours: list[HourHead]
    rows: list[grid.Row[Entry]]
    now_at: float | None
    is_today: bool
    previous: date
    next: date
    now_label: str
    room_names: dict[int, str]
    grid_html: Markup = Markup()            # the grid's <tbody>s (day_html.grid_body)
    list_html: Markup = Markup()            # the list's rooms with their dates (day_html.list_sections)

    @property
    def groups(self) -> list[list[grid.Row[Entry]]]:
        """The rows in their groups (a combination with its parts), for one <tbody> each."""
        groups: list[list[grid.Row[Entry]]] = []
        for row in self.rows:
            if row.first_in_group:
                groups.append([])
            groups[-1].append(row)
        return groups


def clock_label(instant: datetime, zone, dst_day: bool) -> str:
    """'09:00'; on the night the clocks go back, in the hour that happens twice, with its offset: '02:00 (+01:00)'."""
    local = instant.astimezone(zone)
    if dst_day and is_ambiguous(local.replace(tzinfo=None), zone):
        return f"{local:%H:%M} ({grid.offset_text(local.utcoffset())})"
    return f"{local:%H:%M}"


class Entries:
    """Makes the Entry of each date of one page for `actor`, working out once what many dates share: the
    time texts of each start and end (a day's dates start and end at a few instants), the escaped titles
    and names, the escaped links (escaped once as patterns: the ids put in are digits)."""

    def __init__(self, actor: User, data: DayData, links: Links):
        self.actor, self.data = actor, data
        self.dst_day = data.start.astimezone(data.zone).utcoffset() != data.end.astimezone(data.zone).utcoffset()
        self.detail, self.attendance, self.setup = (_split_link(day_html.html(p)) for p in
                                                     (links.detail, links.attendance, links.setup))
        self.whens: dict[tuple[datetime, datetime], str] = {}
        self.texts: dict[str, str] = {}
        self.rights: dict[tuple, tuple[bool, bool]] = {}

    def when(self, starts_at: datetime, ends_at: datetime) -> str:
        """'09:00–10:30', '← 22:00–01:00' where it began the day before, '23:00–01:00 →' where it ends the next day."""
        found = self.whens.get((starts_at, ends_at))
        if found is None:
            data = self.data
            found = f"{clock_label(starts_at, data.zone, self.dst_day)}–{clock_label(ends_at, data.zone, self.dst_day)}"
            if starts_at < data.start:
                found = "← " + found
            if ends_at > data.end:
                found += " →"
            self.whens[(starts_at, ends_at)] = found
        return found

    def text(self, value: str) -> str:
        """`value` escaped, once per page for each title and name."""
        found = self.texts.get(value)
        if found is None:
            found = self.texts[value] = day_html.html(value)
        return found

    def entry(self, occ: DayDate) -> Entry:
        """The texts and links of one date."""
        actor, data = self.actor, self.data
        # What the actor may see and change of a booking depends on its organisation and visibility alone.
        key = (occ.visibility, occ.organisation_id)
        rights = self.rights.get(key)
        if rights is None:
            rights = self.rights[key] = (sees_details(actor, occ), may_change(actor, occ))
        details, changer = rights
        booking, occurrence = occ.booking_id, occ.id
        extras = data.extras.get(booking) if changer else None
        # When the clocks go back a label holds '(+01:00)', and the arrows are no HTML either: `when` needs no
        # escaping, and neither do the links' ids (digits).
        link, mark, tick = self.detail, self.attendance, self.setup
        return Entry(occ, self.text(occ.title) if details else "", not details,
                     self.text(occ.organisation) if details else None,
                     grid.colour_index(occ.organisation_id) if details else -1, self.when(occ.starts_at, occ.ends_at),
                     occ.status == Status.PENDING, occ.expected_people if changer else None,
                     day_html.html(occ.setup_notes) if changer else "",
                     occ.attendance.value if occ.attendance else "",
                     day_html.html(", ".join(f"{a.quantity} × {a.name}" for a in extras)) if extras else "",
                     occ.setup_done_at is not None,
                     f"{link[0]}{booking}{link[2]}", f"{mark[0]}{booking}{mark[1]}{occurrence}{mark[2]}",
                     f"{tick[0]}{booking}{tick[1]}{occurrence}{tick[2]}")


def _split_link(pattern: str) -> tuple[str, str, str]:
    """A link pattern of Links ('.../bookings/{booking}/occurrences/{occurrence}/setup') as the text before the
    booking's id, between it and the date's id ('' without one) and after: joined with the ids in an f-string
    in a third of the time str.format takes."""
    head, rest = pattern.split("{booking}")
    if "{occurrence}" not in rest:
        return head, "", rest
    middle, tail = rest.split("{occurrence}")
    return head, middle, tail


def hour_heads(columns: list[grid.Column]) -> list[HourHead]:
    """The columns in hours, for the table's heading row."""
    heads: list[HourHead] = []
    for c in columns:
        if heads and not c.on_the_hour and heads[-1].count < 2 and columns[c.index - 1].wall.hour == c.wall.hour:
            last = heads.pop()
            heads.append(HourHead(last.label, last.count + 1, last.offset))
        else:
            heads.append(HourHead(c.label, 1, c.offset_label if c.repeated else ""))
    return heads


def free_cells(row: grid.Row, columns: list[grid.Column], day: date, links: Links, book_word: Markup) -> None:
    """Put in each free run of the room's first lane the <td> of every half hour of it, each a link to the
    booking form with room, date and time filled in. Written here, not in the template: a template loop
    over the thousand free half hours of a full day costs more than the whole page may. The room's part of
    each link is made once per row, not once per run."""
    head = f'<td class="free"><a href="{links.new}?room={row.room.id}&amp;day={day.isoformat()}&amp;start='
    name = f'"><span class="visually-hidden">{book_word} {escape(row.room.name)} '
    for cell in row.lanes[0]:
        if cell.kind == grid.FREE:
            first = cell.column.index
            cell.item = "".join([f"{head}{c.label}{name}{c.label}</span></a></td>"
                                 for c in columns[first:first + cell.count]])


def day_page(data: DayData, actor: User, instant: datetime) -> DayPage:
    """Lay the day out: columns from the opening hours (widened to any date booked outside them), rows, the now line."""
    links = Links.make()
    make = Entries(actor, data, links).entry
    entries = [make(o) for o in data.occurrences]
    # Each start and end once: a full day's 150 dates start and end at a few times.
    columns = grid.day_columns(data.day, data.zone, data.building.hours,
                               {(o.starts_at, o.ends_at) for o in data.occurrences})
    rows = grid.lay_out(columns, [r.node for r in data.rooms],
                        [grid.Placed(e.occ.room_id, e.occ.starts_at, e.occ.ends_at, e) for e in entries],
                        [grid.Closed(c.room_id, c.starts_at, c.ends_at, c.reason) for c in data.closures], data.parts)
    book_word = escape(_("Book"))
    for row in rows:
        free_cells(row, columns, data.day, links, book_word)
    today = instant.astimezone(data.zone).date()
    heading = format_date(data.day, "EEEE d MMMM y", locale=str(get_locale()))
    page = DayPage(data, heading, columns, hour_heads(columns), rows,
                   grid.now_position(instant, columns) if data.day == today else None, data.day == today,
                   data.day - timedelta(days=1), data.day + timedelta(days=1), f"{wall(instant, data.zone):%H:%M}",
                   {r.id: r.name for r in data.rooms})
    w = day_html.words()
    return replace(page, grid_html=day_html.grid_body(page.groups, w),
                   list_html=day_html.list_sections(rows, w))


def _day_arg(raw: str | None) -> date | None:
    """The asked date, or None (today); a wrong one is said and today shown."""
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None or not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        flash(_("%(value)s is not a date; use the date picker.", value=raw[:20]), "error")
        return None
    return day


def _building_arg(raw: str | None) -> int | None:
    """The asked building's id; something that is no id asks for a building that does not exist (404)."""
    return None if not raw else (parse_id(raw) or 0)


# Where the page around the day (calendar/day.html) takes the day's bytes. Escaped data never holds '<', so this
# cannot come from a title or a name.
CONTENT_MARK = "<day-content>"


@dataclass(frozen=True)
class DayContent:
    """The day itself (calendar/_day_content.html) as UTF-8, in pieces cut where its CSRF token stood: each answer
    puts in its own. Bytes, not text: a full day is 250 KB, and copying, searching and encoding text that size
    cost a millisecond on every answer."""

    title: str
    pieces: tuple[bytes, ...]

    def body(self, csrf: bytes) -> bytes:
        """The day with `csrf` where its token stood."""
        return csrf.join(self.pieces)


def day_view(session, building_id: int | None, day: date | None, instant: datetime, actor: User) -> DayContent:
    """The page's title and the day itself (calendar/_day_content.html) for `actor`: kept in the read cache
    while the database is unchanged (readcache; the change key comes with the login's user, the first
    statement, else with the buildings), else read (load_day) and rendered, and kept. NotFound for an unknown building."""
    every, state = day_buildings(session, first_state())
    remember_state(state)  # the menu's count may come from what was kept under it
    # Today's page shows the time (the 'now' line, to the minute); any other day's does not.
    clock = instant.replace(second=0, microsecond=0) if day is None or abs(day - instant.date()) <= timedelta(days=1) \
        else None
    asked = ("day-page", building_id, day, clock, viewer_of(actor), locale_name(), request.script_root)
    found = kept(asked, state)
    if found is None:
        data = load_day(session, building_id, day, instant, with_extras=True, every=every, state=state)
        title = f"{escape(translations().ugettext('Day overview'))} {escape(data.building.name)}, " \
                f"{escape(date_label(data.day))}"
        # The template alone, not render_template: its context processors (the menu's counts) are the page's.
        content = current_app.jinja_env.get_template("calendar/_day_content.html").render(
            page=day_page(data, actor, instant))
        found = (title, *content.encode().split(generate_csrf().encode()))
        keep(asked, state, found)
    return DayContent(found[0], found[1:])


def day_answer(content: DayContent):
    """The whole page: calendar/day.html around the day, joined as bytes (the page around it is small)."""
    page = render_template("calendar/day.html", title=Markup(content.title), content=Markup(CONTENT_MARK))
    head, tail = page.encode().split(CONTENT_MARK.encode())
    return current_app.response_class(b"".join((head, content.body(generate_csrf().encode()), tail)),
                                      mimetype="text/html")


@bp.get("/frontdesk/day", endpoint="day")
@reads_only
@roles_required(Role.ADMIN, Role.FRONTDESK)
def frontdesk_day():
    """The day of one building for the front desk: a grid on a screen and on paper, a list on a phone."""
    # The user itself, not Flask-Login's proxy: the page asks it what it may see for every date.
    return day_answer(day_view(db.session, _building_arg(request.args.get("building")),
                               _day_arg(request.args.get("date")), now(), current_user._get_current_object()))


def _back(form, occurrence_id: int):
    """Back to the day the form came from, at the date just marked."""
    day = _day_arg(form.date.data) if form.date.data else None
    building = parse_id(form.building.data or "")
    return redirect(url_for("calendar.day", date=day.isoformat() if day else None, building=building)
                    + f"#occ-{occurrence_id}")


@bp.post("/frontdesk/day/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/attendance")
@roles_required(Role.ADMIN, Role.FRONTDESK)
def attendance(booking_id: int, occurrence_id: int):
    """Mark a date arrived or no-show, or take the mark back."""
    form = AttendanceForm()
    if not form.validate_on_submit():
        flash(_("The form was not complete; try again."), "error")
        return _back(form, occurrence_id)
    value = Attendance(form.attendance.data) if form.attendance.data else None
    occ = mark_attendance(context(), booking_id, occurrence_id, value)
    title = occ.booking.title
    if value == Attendance.ARRIVED:
        flash(_("Marked as arrived: %(title)s.", title=title), "success")
    elif value == Attendance.NO_SHOW:
        flash(_("Marked as no-show: %(title)s.", title=title), "success")
    else:
        flash(_("Mark taken back: %(title)s.", title=title), "success")
    return _back(form, occurrence_id)


@bp.post("/frontdesk/day/bookings/<id:booking_id>/occurrences/<id:occurrence_id>/setup")
@roles_required(Role.ADMIN, Role.FRONTDESK)
def setup(booking_id: int, occurrence_id: int):
    """Tick off the setup notes of a date, or untick them."""
    form = SetupForm()
    if not form.validate_on_submit():
        flash(_("The form was not complete; try again."), "error")
        return _back(form, occurrence_id)
    done = form.done.data == "1"
    occ = mark_setup_done(context(), booking_id, occurrence_id, done)
    if done:
        flash(_("Setup done: %(title)s.", title=occ.booking.title), "success")
    else:
        flash(_("Setup marked as not done: %(title)s.", title=occ.booking.title), "success")
    return _back(form, occurrence_id)
