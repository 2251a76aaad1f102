"""The free-room finder's form: when, how often, how many people, which facilities. Sent by GET, so a
search is a link (no CSRF token: it changes nothing)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, TimeField, ValidationError
from wtforms.validators import InputRequired, NumberRange, Optional

from ..bookings.forms import CheckboxesField, check_when_empty, options, plausible_year

# A weekly search covers at most this many weeks.
MAX_WEEKS = 52


class FinderForm(FlaskForm):
    """Date and times, optionally every week for a number of weeks, the group's size and the facilities it needs."""

    class Meta:
        csrf = False

    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Enter a valid date.")), plausible_year])
    start = TimeField(_l("Start time"), validators=[InputRequired(message=_l("Enter a valid time."))])
    end = TimeField(_l("End time"), validators=[InputRequired(message=_l("Enter a valid time."))])
    repeat = RadioField(_l("Repeat"), default="none", choices=options([
        ("none", _l("Does not repeat")), ("weekly", _l("Every week"))]))
    weeks = IntegerField(_l("Number of weeks"), validators=[Optional(), NumberRange(min=2, max=MAX_WEEKS)])
    people = IntegerField(_l("Number of people"), validators=[Optional(), NumberRange(min=1, max=10000)])
    facilities = CheckboxesField(_l("Facilities needed"), choices=[])

    def validate_end(self, field):
        if field.data and self.start.data and field.data <= self.start.data:
            raise ValidationError(_l("The end must be after the start."))

    def validate_weeks(self, field):
        if self.repeat.data == "weekly" and field.data is None:
            raise ValidationError(_l("For how many weeks?"))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return check_when_empty(self.weeks, self.validate_weeks) and ok


def facility_choices(rooms) -> list:
    """The facilities the rooms have, as checkbox choices: compared without case ('Beamer' is 'beamer'),
    shown as first written, by name."""
    seen: dict[str, str] = {}
    for room in rooms:
        for name in room.facility_list():
            seen.setdefault(name.casefold(), name)
    return options(sorted(seen.items(), key=lambda kv: kv[1].casefold()))
