"""The booking form, the change form and the small cancel/reject forms."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     StringField, SubmitField, TextAreaField, TimeField, ValidationError, widgets)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..domain.text import EARLIEST_YEAR, LATEST_YEAR, has_control_chars

try:  # WTForms 3.3 declares options as SelectChoice; tuples are deprecated there and go in 3.4
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms 3.1 and 3.2 take (value, label) tuples
    SelectChoice = None


def options(pairs) -> list:
    """(value, label) pairs as the choices of a select, radio or checkbox field, on every WTForms we allow."""
    return [SelectChoice(value, label) if SelectChoice else (value, label) for value, label in pairs]


WEEKDAY_CHOICES = options([("MO", _l("Monday")), ("TU", _l("Tuesday")), ("WE", _l("Wednesday")),
                           ("TH", _l("Thursday")), ("FR", _l("Friday")), ("SA", _l("Saturday")),
                           ("SU", _l("Sunday"))])
VISIBILITY_CHOICES = options([("public", _l("Public: on the building's public agenda")),
                              ("internal", _l("Internal: visible to all users")),
                              ("private", _l("Private: others see only 'Busy'"))])


class CheckboxesField(SelectMultipleField):
    """A group of checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def no_control_chars(multiline: bool = False):
    """Refuse control characters (newlines allowed in multi-line text)."""
    def check(form, field):
        if field.data and has_control_chars(field.data, multiline):
            raise ValidationError(_l("Remove the control characters from this text."))
    return check


def plausible_year(form, field):
    """Refuse dates the calendar cannot reasonably mean (year 1 or 9999 break date arithmetic)."""
    if field.data and not EARLIEST_YEAR <= field.data.year <= LATEST_YEAR:
        raise ValidationError(_l("Choose a date between %(first)s and %(last)s.", first=EARLIEST_YEAR,
                                 last=LATEST_YEAR))


def parse_dates(text: str) -> list[date]:
    """Dates separated by commas, spaces or new lines, as 29-03-2027 or 2027-03-29."""
    out = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", token)
        try:
            out.append(date(int(m[3]), int(m[2]), int(m[1])) if m else date.fromisoformat(token))
        except ValueError:
            raise ValueError(token) from None
    return out


def check_when_empty(field, check) -> bool:
    """Run an inline check on a field left empty: its Optional() stops the validation chain first,
    so `validate_<field>` never sees an empty value. False (and the message on the field) if it fails."""
    if field.data is not None or field.errors:
        return True
    try:
        check(field)
    except ValidationError as exc:
        field.errors = [*field.errors, str(exc)]
        return False
    return True


class BookingForm(FlaskForm):
    """A new booking, once or repeating."""

    room_id = SelectField(_l("Room"), coerce=int, validators=[InputRequired()])
    organisation_id = SelectField(_l("For organisation"), coerce=int, validators=[Optional()])
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Enter a valid date.")), plausible_year])
    start_time = TimeField(_l("Start time"), validators=[InputRequired(message=_l("Enter a valid time."))])
    end_time = TimeField(_l("End time"), validators=[InputRequired(message=_l("Enter a valid time."))])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), no_control_chars()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000),
                                                               no_control_chars(multiline=True)])
    visibility = RadioField(_l("Who may see this booking"), choices=VISIBILITY_CHOICES, default="internal")
    expected_people = IntegerField(_l("Expected number of people"),
                                   validators=[Optional(), NumberRange(min=0, max=10000)])
    setup_notes = TextAreaField(_l("Notes for the front desk (table layout, coffee, key)"),
                                validators=[Optional(), Length(max=2000), no_control_chars(multiline=True)])
    repeat = SelectField(_l("Repeat"), default="none", choices=options([
        ("none", _l("Does not repeat")), ("daily", _l("Daily")), ("weekly", _l("Weekly")),
        ("monthly", _l("Monthly"))]))
    interval = IntegerField(_l("Every how many days, weeks or months"), default=1,
                            validators=[Optional(), NumberRange(min=1, max=52)])
    weekdays = CheckboxesField(_l("On these weekdays"), choices=WEEKDAY_CHOICES)
    monthly_mode = RadioField(_l("Monthly on"), default="date", choices=options([
        ("date", _l("the same date")), ("nth", _l("the same weekday of the month (e.g. the 2nd Tuesday)")),
        ("last", _l("the last such weekday of the month"))]))
    ends = RadioField(_l("Ends"), default="count", choices=options([("count", _l("after a number of times")),
                                                                     ("until", _l("on a date"))]))
    count = IntegerField(_l("Number of times"), validators=[Optional(), NumberRange(min=1, max=800)])
    until = DateField(_l("Last date"), validators=[Optional(), plausible_year])
    skip_dates = TextAreaField(_l("Dates to skip"), validators=[Optional(), Length(max=4000)])
    skip_holidays = BooleanField(_l("Skip Dutch public holidays"))
    skip_closures = BooleanField(_l("Skip the days the building or room is closed"))
    skip_school_holidays = BooleanField(_l("Skip school holidays"))
    preview = SubmitField(_l("Check availability"))
    book = SubmitField(_l("Book"))
    book_free = SubmitField(_l("Book only the free dates"))

    def validate_skip_dates(self, field):
        try:
            parse_dates(field.data or "")
        except ValueError as exc:
            raise ValidationError(_l("%(value)s is not a date; write dates as 29-03-2027.", value=str(exc)))

    def validate_count(self, field):
        if self.repeat.data != "none" and self.ends.data == "count" and field.data is None:
            raise ValidationError(_l("How many times?"))

    def validate_until(self, field):
        if self.repeat.data != "none" and self.ends.data == "until" and field.data is None:
            raise ValidationError(_l("Enter the last date."))

    def validate_weekdays(self, field):
        if self.repeat.data == "weekly" and not field.data:
            raise ValidationError(_l("Choose at least one weekday."))

    def validate_end_time(self, field):
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The end must be after the start."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = check_when_empty(self.count, self.validate_count) and ok
        return check_when_empty(self.until, self.validate_until) and ok


class OccurrenceForm(FlaskForm):
    """Move one date, or the series from this date onward."""

    scope = RadioField(_l("Change"), default="one", choices=options([("one", _l("only this date")),
                                                                     ("following", _l("this and all later dates"))]))
    day = DateField(_l("Date"), validators=[Optional(), plausible_year])
    start_time = TimeField(_l("Start time"), validators=[InputRequired(message=_l("Enter a valid time."))])
    end_time = TimeField(_l("End time"), validators=[InputRequired(message=_l("Enter a valid time."))])
    room_id = SelectField(_l("Room"), coerce=int, validators=[InputRequired()])
    submit = SubmitField(_l("Save change"))

    def validate_day(self, field):
        if self.scope.data == "one" and field.data is None:
            raise ValidationError(_l("Enter a valid date."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return check_when_empty(self.day, self.validate_day) and ok

    def validate_end_time(self, field):
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The end must be after the start."))


class CancelForm(FlaskForm):
    """Cancel one date or the rest of a series, with an optional reason."""

    scope = RadioField(_l("Cancel"), default="one", choices=options([("one", _l("only this date")),
                                                                     ("following", _l("this and all later dates"))]))
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500), no_control_chars()])
    submit = SubmitField(_l("Cancel booking"))


class DecisionForm(FlaskForm):
    """Approve or reject a request."""

    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500), no_control_chars()])
    approve = SubmitField(_l("Approve"))
    reject = SubmitField(_l("Reject"))


class ExtendForm(FlaskForm):
    """Add the next period to a series: the period the page showed travels with the form, so it is added once."""

    period_first = DateField(widget=widgets.HiddenInput(), validators=[InputRequired(), plausible_year])
    period_last = DateField(widget=widgets.HiddenInput(), validators=[InputRequired(), plausible_year])
    extend = SubmitField(_l("Extend"))
    extend_free = SubmitField(_l("Extend with only the free dates"))


__all__ = ["options", "BookingForm", "OccurrenceForm", "CancelForm", "DecisionForm", "ExtendForm", "parse_dates",
           "WEEKDAY_CHOICES"]


class DateTitleForm(FlaskForm):
    """One date's own title; empty gives it the booking's title back."""

    title = StringField(_l("Title of this date"), validators=[Optional(), Length(max=200), no_control_chars()])
    save_title = SubmitField(_l("Save title"))
