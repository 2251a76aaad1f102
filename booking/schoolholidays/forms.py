"""The forms of the school holiday pages: one period, and a school year's holidays of a region to import."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ..bookings.forms import CheckboxesField, no_control_chars, options, plausible_year
from ..domain.text import EARLIEST_YEAR, LATEST_YEAR

REGION_CHOICES = options([("noord", _l("Noord")), ("midden", _l("Midden")), ("zuid", _l("Zuid"))])


class SchoolHolidayForm(FlaskForm):
    """A school holiday of a building: a name and its first and last day (both included)."""

    building_id = SelectField(_l("Building"), coerce=int, choices=[])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_chars()])
    start_date = DateField(_l("First day"), validators=[InputRequired(message=_l("Enter a valid date.")),
                                                          plausible_year])
    end_date = DateField(_l("Last day"), validators=[InputRequired(message=_l("Enter a valid date.")),
                                                       plausible_year])
    region = SelectField(_l("Region (optional)"), choices=options([("", _l("(none)"))]) + REGION_CHOICES,
                         default="")
    submit = SubmitField(_l("Save"))


class SchoolHolidayDeleteForm(FlaskForm):
    """Remove one school holiday."""

    submit = SubmitField(_l("Remove"))


class SchoolYearForm(FlaskForm):
    """A region's school holidays of one school year, to tick and enter for a building."""

    building_id = SelectField(_l("Building"), coerce=int, choices=[])
    region = SelectField(_l("Region"), choices=REGION_CHOICES, default="midden")
    year = IntegerField(_l("School year starting in"),
                        validators=[InputRequired(), NumberRange(EARLIEST_YEAR, LATEST_YEAR - 1)])
    days = CheckboxesField(_l("Holidays to enter"), choices=[])
    propose = SubmitField(_l("Show the school holidays"))
    save = SubmitField(_l("Add the chosen school holidays"))
