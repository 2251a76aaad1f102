"""The upload form of an .ics import and the confirmation of its preview."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..bookings.forms import VISIBILITY_CHOICES, no_control_chars
from ..domain.ids import parse_id
from .services import ALL, FREE


class UploadForm(FlaskForm):
    """A calendar file, the room to book, for whom, and how the bookings are shown."""

    file = FileField(_l("Calendar file (.ics)"), validators=[FileRequired(message=_l("Choose a calendar file."))],
                     render_kw={"accept": ".ics,text/calendar"})
    room_id = SelectField(_l("Room"), coerce=int, validators=[InputRequired()])
    organisation_id = SelectField(_l("For organisation"), coerce=int, validators=[Optional()])
    title_prefix = StringField(_l("Put before every title (optional)"),
                               validators=[Optional(), Length(max=60), no_control_chars()])
    visibility = RadioField(_l("Who may see these bookings"), choices=VISIBILITY_CHOICES, default="internal")
    check = SubmitField(_l("Check the events"))


class ConfirmForm(FlaskForm):
    """The signed preview and the button; the events chosen come as checkboxes named 'event'."""

    preview = HiddenField(validators=[DataRequired()])
    confirm = SubmitField(_l("Book the chosen events"))


def chosen_events(values: list[str]) -> dict[int, str]:
    """The checked boxes ('3:all', '7:free:5') as event index -> the rest ('all', 'free:5'); anything else is left out."""
    chosen: dict[int, str] = {}
    for value in values[:1000]:
        index, _, how = value.partition(":")
        number = parse_id(index)
        if number is not None and (how == ALL or how.startswith(FREE + ":")):
            chosen[number] = how[:20]
    return chosen
