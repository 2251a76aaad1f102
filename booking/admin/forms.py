"""The forms of the admin pages: a closure, its confirmation, the public holidays of a year."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..bookings.forms import CheckboxesField, no_control_chars, plausible_year
from ..domain.ids import parse_id
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR


def seen_ids(text: str | None) -> frozenset[int]:
    """The occurrence ids a confirmation page showed ('12,13'); anything else is left out."""
    return frozenset(i for i in (parse_id(p.strip()) for p in (text or "").split(",")[:5000]) if i is not None)


class ClosureForm(FlaskForm):
    """A closure of a building or one of its rooms, in the building's local time."""

    building_id = SelectField(_l("Building"), coerce=int, choices=[])
    room_id = SelectField(_l("Room"), coerce=int, choices=[])
    start_day = DateField(_l("From (date)"), validators=[InputRequired(), plausible_year])
    start_time = TimeField(_l("From (time)"), validators=[Optional()])
    end_day = DateField(_l("Until (date)"), validators=[InputRequired(), plausible_year])
    end_time = TimeField(_l("Until (time)"), validators=[Optional()])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500), no_control_chars()])
    # The confirmation step: the dates the admin was shown, and what they want said to the organisations.
    seen = HiddenField()
    message = TextAreaField(_l("Message to the organisations (the reason of the cancellation)"),
                            validators=[Optional(), Length(max=500), no_control_chars(multiline=True)])
    check = SubmitField(_l("Add closure"))
    cancel_dates = SubmitField(_l("Add the closure and cancel these dates"))
    keep_dates = SubmitField(_l("Add the closure and keep these bookings"))


class DeleteForm(FlaskForm):
    """Remove one item (a closure)."""

    submit = SubmitField(_l("Remove"))


class HolidayForm(FlaskForm):
    """The Dutch public holidays of a year for one building, to tick and enter as closures."""

    building_id = SelectField(_l("Building"), coerce=int, choices=[])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(EARLIEST_YEAR, LATEST_YEAR)])
    days = CheckboxesField(_l("Holidays to close the building on"), choices=[])
    propose = SubmitField(_l("Show the holidays"))
    save = SubmitField(_l("Add the chosen days as closures"))
