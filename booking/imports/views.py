"""The import pages: upload a file and choose a room, look at every event's verdict, book the chosen ones.

/imports/new    GET the form; POST the file: the preview of every event (nothing is written yet)
/imports/confirm POST the preview's signed file and the checked events: the bookings, or the preview again
"""
from __future__ import annotations

import secrets

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..bookings.pages import fill_choices, show_error
from ..domain.describe import describe_rule
from ..domain.errors import BookingError
from ..extensions import db
from ..main import names
from ..models import Visibility
from ..web import context, tr
from . import bp
from .forms import ConfirmForm, UploadForm, chosen_events
from .payload import expired, seal, unseal
from .services import EventPreview, ImportPlan, choice_value, confirm_import, preview_import

# The most a request of these pages may carry: a file of 1 MB, or its signed copy in the confirmation.
REQUEST_LIMIT = 3 * 1024 * 1024


@bp.url_value_preprocessor
def allow_large_request(_endpoint, _values) -> None:
    """Let the requests of these pages carry a calendar file (the app's default limit is for forms).

    A URL value preprocessor, because it runs before every before_request hook, among them the
    CSRF check that reads the form first: a file over the app's limit then gets the import's own
    message on the form instead of the 413 page.
    """
    request.max_content_length = REQUEST_LIMIT
    request.max_form_memory_size = REQUEST_LIMIT


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Upload an .ics file for a room; the answer is the preview of every event."""
    form = UploadForm()
    rooms = fill_choices(form, db.session, current_user)
    if form.validate_on_submit():
        plan = plan_from(form)
        data = form.file.data.read()
        try:
            preview = preview_import(context(), plan, data)
        except BookingError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            sealed = seal(current_app.config["SECRET_KEY"], current_user.id, plan, data)
            return render_template("imports/preview.html", preview=preview, plan=plan,
                                   form=ConfirmForm(preview=sealed), chosen=None)
    return render_template("imports/upload.html", form=form, rooms=rooms)


def plan_from(form: UploadForm) -> ImportPlan:
    """The import the upload form asks for; a member books for their own organisation."""
    org_id = None
    if current_user.is_staff and form.organisation_id is not None and form.organisation_id.data:
        org_id = form.organisation_id.data
    return ImportPlan(room_id=form.room_id.data, organisation_id=org_id,
                      visibility=Visibility(form.visibility.data), title_prefix=(form.title_prefix.data or "").strip(),
                      filename=file_name(form.file.data.filename), key=secrets.token_urlsafe(16))


def file_name(sent: str | None) -> str:
    """The name of the uploaded file without any folder a browser sent with it."""
    return (sent or "").replace("\\", "/").rsplit("/", 1)[-1][:200]


@bp.post("/confirm")
@login_required
def confirm():
    """Book the checked events of a preview, all or none; a second post of the same preview books nothing."""
    form = ConfirmForm()
    try:
        if not form.validate_on_submit():
            raise expired()
        plan, data = unseal(current_app.config["SECRET_KEY"], current_user.id, form.preview.data)
        chosen = chosen_events(request.form.getlist("event"))
        outcome = confirm_import(context(), plan, data, chosen)
    except BookingError as exc:
        db.session.rollback()
        flash(tr(exc.message), "error")
        return redirect(url_for("imports.new"))
    if outcome.preview is not None:
        if outcome.nothing_chosen:
            flash(_("Choose at least one event to book."), "error")
        else:
            flash(_("Some of the events you chose are no longer free. Nothing was booked; check them again."),
                  "error")
        return render_template("imports/preview.html", preview=outcome.preview, plan=plan, form=form,
                               chosen=set(request.form.getlist("event")))
    return render_template("imports/result.html", outcome=outcome, plan=plan)


@bp.app_template_global()
def import_repetition(row: EventPreview) -> str | None:
    """The repetition of an imported series in words ('elke maandag, 10 keer, tot 24 mei 2027'); None for one date."""
    event = row.event
    if event.recurrence is None or event.start is None:
        return None
    locale = str(get_locale())
    return describe_rule(event.recurrence, names(locale), locale, (event.start, event.end))


@bp.app_template_global()
def import_choice(row: EventPreview) -> str:
    """The value of an event's checkbox on the preview."""
    return choice_value(row)
