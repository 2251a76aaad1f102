"""The front desk's day: the grid's rows and the list's dates written as HTML here, not in the template.

A full day has hundreds of dates and cells, each with a dozen values to escape and marks to choose:
in Jinja that cost more than the whole page may (most of the page's time at 274k dates). Here each
date's block and list item is one string, built once. The words come from the same catalogue as the
template's; words the template took from _() are written as they are (Jinja marks them safe), the
rest is escaped as Jinja escapes it. _day_content.html and _day_list.html put these strings where
their loops were; the output is the same, byte for byte.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..domain import grid
from ..i18n import STATUS_LABELS, translations


@dataclass(frozen=True)
class Words:
    """The words the grid and the list show, in the viewer's language, looked up once per page."""

    busy: str
    via: str
    closed: str
    pending: str          # escaped: the template wrote status_label(...)|string, a plain string
    confirmed: str        # likewise
    arrived: str
    no_show: str
    undo: str
    unmarked: str
    notes: str
    done: str
    tick: str
    untick: str
    extras: str
    people: str
    people_short: str


def words() -> Words:
    """The words of the current request's language (named _ so that the extractor finds them for the catalogue)."""
    _ = translations().ugettext
    return Words(busy=_("Busy"), via=_("in use through"), closed=_("Closed"),
                 pending=str(escape(str(STATUS_LABELS["pending"]))),
                 confirmed=str(escape(str(STATUS_LABELS["confirmed"]))),
                 arrived=_("Arrived"), no_show=_("No-show"), undo=_("Take the mark back"),
                 unmarked=_("Not marked yet"), notes=_("Notes for the front desk"), done=_("Setup done"),
                 tick=_("Tick off the setup"), untick=_("Not done after all"), extras=_("Extras"),
                 people=_("people"), people_short=_("ppl."))


# What escaping changes; most titles, names and links hold none of it and are written as they are.
_SPECIAL = re.compile(r"[&<>\"']")


def html(value: str) -> str:
    """`value` escaped as Jinja escapes it (most titles, names and links hold nothing to escape)."""
    return str(escape(value)) if _SPECIAL.search(value) else value



def _colspan(count: int) -> str:
    return f' colspan="{count}"' if count > 1 else ""


def block_cell(e, count: int, w: Words) -> str:
    """The <td> of one date in the grid."""
    out = [f'<td{_colspan(count)} class="block org-c{e.colour}{" pending" if e.pending else ""}">'
           f'<a href="{e.detail_url}">\n          <strong class="title">{w.busy if e.hidden else e.title}</strong>']
    if e.organisation:
        out.append(f'<span class="org">{e.organisation}</span>')
    out.append(f'\n          <span class="time">{e.when}</span>\n          <span class="marks">')
    if e.pending:
        out.append(f'<span class="status">{w.pending}</span> ')
    if e.people is not None:
        out.append(f'<span class="people">{e.people}<span class="visually-hidden"> {w.people}</span>'
                   f'<span aria-hidden="true"> {w.people_short}</span></span> ')
    if e.notes:
        out.append(f'<span class="mark" title="{w.notes}"><span aria-hidden="true">{"✓" if e.setup_done else "✎"}'
                   f'</span><span class="visually-hidden">{w.done if e.setup_done else w.notes}</span></span> ')
    if e.extras:
        extras = e.extras
        out.append(f'<span class="mark" title="{extras}"><span aria-hidden="true">+</span>'
                   f'<span class="visually-hidden">{w.extras}: {extras}</span></span> ')
    if e.attendance == "arrived":
        out.append(f'<span class="mark"><span aria-hidden="true">●</span><span class="visually-hidden">{w.arrived}'
                   '</span></span>')
    elif e.attendance == "no_show":
        out.append(f'<span class="mark"><span aria-hidden="true">✗</span><span class="visually-hidden">{w.no_show}'
                   '</span></span>')
    out.append("</span></a></td>")
    return "".join(out)


def _cell(c: grid.Cell, w: Words) -> str:
    if c.kind == grid.FREE:
        return c.item  # one linked <td> per half hour, written by day.free_cells
    if c.kind == grid.BLOCK:
        return block_cell(c.item, c.count, w)
    if c.kind == grid.CLOSED:
        label = f": {html(c.label)}" if c.label else ""
        return f'<td{_colspan(c.count)} class="closed"><span>{w.closed}{label}</span></td>'
    if c.kind == grid.HELD:
        return (f'<td{_colspan(c.count)} class="held"><span><span class="visually-hidden">{w.via} </span>'
                f'{html(c.label)}</span></td>')
    return f'<td{_colspan(c.count)} class="empty"></td>'


def _combines(names) -> str:
    return " + ".join(html(n) for n in names)


def grid_body(groups: list[list[grid.Row]], w: Words) -> Markup:
    """Every <tbody> of the grid: a group of rooms each, a <tr> per lane of each room."""
    out: list[str] = []
    for group in groups:
        out.append('\n  <tbody class="combined">' if len(group) > 1 else "\n  <tbody>")
        for row in group:
            for n, lane in enumerate(row.lanes):
                out.append('\n    <tr class="lane">' if n else "\n    <tr>")
                if n == 0:
                    rowspan = f' rowspan="{len(row.lanes)}"' if len(row.lanes) > 1 else ""
                    small = f" <small>= {_combines(row.combines)}</small>" if row.combines else ""
                    out.append(f'<th scope="row"{rowspan} class="room{" part" if row.part_of else ""}">'
                               f"{html(row.room.name)}{small}</th>")
                out.extend(_cell(c, w) for c in lane)
                out.append("\n    </tr>")
        out.append("\n  </tbody>")
    return Markup("".join(out))


def list_item(e, w: Words) -> str:
    """One date in the list by room: what it is, its notes and extras, and the front desk's buttons."""
    oid = e.occ.id
    described = f'class="button small" aria-describedby="occ-{oid}-title"'
    out = [f'\n      <li id="occ-{oid}" class="day-date org-c{e.colour}{" pending" if e.pending else ""}">'
           f'\n        <p class="when"><strong>{e.when}</strong> <span class="status">'
           f'{w.pending if e.pending else w.confirmed}</span></p>'
           f'\n        <p class="what"><a id="occ-{oid}-title" href="{e.detail_url}">'
           f'{w.busy if e.hidden else e.title}</a>']
    if e.organisation:
        out.append(f" · {e.organisation}")
    if e.people is not None:
        out.append(f" · {e.people} {w.people}")
    out.append("</p>\n        ")
    if e.extras:
        out.append(f'<p class="extras"><strong>{w.extras}:</strong> {e.extras}</p>')
    out.append("\n        ")
    if e.notes:
        setup = e.setup_url
        out.append(f'\n        <div class="setup{" done" if e.setup_done else ""}">'
                   f'\n          <p><strong>{w.notes}:</strong> <span class="pre">{e.notes}</span></p>'
                   '\n          <p class="marks">')
        if e.setup_done:
            out.append(f'<span class="state"><span aria-hidden="true">✓</span> {w.done}</span>'
                       f'\n            <button type="submit" formaction="{setup}" name="done" value="0" {described}>'
                       f'{w.untick}</button>')
        else:
            out.append(f'<button type="submit" formaction="{setup}" name="done" value="1" {described}>'
                       f'{w.tick}</button>')
        out.append("</p>\n        </div>\n        ")
    out.append(f'\n        <p class="marks attendance"><span class="state state-{e.attendance or "none"}">')
    if e.attendance == "arrived":
        out.append(f'<span aria-hidden="true">●</span> {w.arrived}')
    elif e.attendance == "no_show":
        out.append(f'<span aria-hidden="true">✗</span> {w.no_show}')
    else:
        out.append(w.unmarked)
    out.append("</span>")
    marking = e.attendance_url
    if e.attendance != "arrived":
        out.append(f' <button type="submit" formaction="{marking}" name="attendance" value="arrived" {described}>'
                   f'{w.arrived}</button>')
    if e.attendance != "no_show":
        out.append(f' <button type="submit" formaction="{marking}" name="attendance" value="no_show" {described}>'
                   f'{w.no_show}</button>')
    if e.attendance:
        out.append(f' <button type="submit" formaction="{marking}" name="attendance" value="" {described}>'
                   f'{w.undo}</button>')
    out.append("</p>\n      </li>\n    ")
    return "".join(out)


def list_sections(rows: list[grid.Row], w: Words) -> Markup:
    """The list's <section> of every room with dates: its name (with the rooms it combines) and the <li> of
    each of its dates, in time order (written here, not in _day_list.html's loop over the rooms)."""
    out: list[str] = []
    for row in rows:
        if row.items:
            rid = row.room.id
            small = f" <small>= {_combines(row.combines)}</small>" if row.combines else ""
            out.append(f'\n  <section class="day-room" aria-labelledby="list-room-{rid}">'
                       f'\n    <h3 id="list-room-{rid}">{html(row.room.name)}{small}</h3>'
                       '\n    <ol class="day-dates">\n    ')
            out.extend(list_item(p.item, w) for p in row.items)
            out.append("\n    </ol>\n  </section>\n  ")
    return Markup("".join(out))
