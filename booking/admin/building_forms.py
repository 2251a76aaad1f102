"""The building form: name, address, time zone, and the opening hours of each weekday."""
from __future__ import annotations

from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TimeField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from ..bookings.forms import no_control_chars
from ..domain.clock import zone_of
from ..domain.errors import InvalidInput
from .buildings import BuildingValues

WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
            _l("Sunday"))


def known_zone(form, field):
    """An IANA time zone such as Europe/Amsterdam."""
    try:
        zone_of(field.data or "")
    except InvalidInput:
        raise ValidationError(_l("Unknown time zone; use a name such as Europe/Amsterdam.")) from None


class BuildingForm(FlaskForm):
    """A building; the hours of each weekday (both empty: closed that day; closing at 00:00: at midnight)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_chars()])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=250), no_control_chars()])
    timezone = StringField(_l("Time zone"), default="Europe/Amsterdam",
                           validators=[DataRequired(), Length(max=64), known_zone])
    submit = SubmitField(_l("Save"))

    def day_fields(self) -> list[tuple[str, TimeField, TimeField]]:
        """Each weekday's name and its two fields."""
        return [(WEEKDAYS[d], self[f"opens_{d}"], self[f"closes_{d}"]) for d in range(7)]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for d in range(7):
            opens, closes = self[f"opens_{d}"], self[f"closes_{d}"]
            if (opens.data is None) != (closes.data is None) and not (opens.errors or closes.errors):
                closes.errors = [*closes.errors, _l("Give both times, or neither for a closed day.")]
                ok = False
            elif opens.data is not None and closes.data is not None and minutes(closes.data, True) <= minutes(opens.data):
                closes.errors = [*closes.errors, _l("The building must open before it closes.")]
                ok = False
        return ok


for _day in range(7):
    setattr(BuildingForm, f"opens_{_day}", TimeField(_l("Opens"), validators=[Optional()]))
    setattr(BuildingForm, f"closes_{_day}", TimeField(_l("Closes"), validators=[Optional()]))


class BuildingActiveForm(FlaskForm):
    """Deactivate or reactivate a building."""

    deactivate = SubmitField(_l("Deactivate this building"))
    reactivate = SubmitField(_l("Reactivate this building"))


def minutes(t: time, closing: bool = False) -> int:
    """Minutes since midnight; a closing time of 00:00 is midnight at the end of the day."""
    m = t.hour * 60 + t.minute
    return 1440 if closing and m == 0 else m


def building_values(form: BuildingForm) -> BuildingValues:
    """What the form says, for save_building."""
    hours = {d: (minutes(form[f"opens_{d}"].data), minutes(form[f"closes_{d}"].data, True))
             for d in range(7) if form[f"opens_{d}"].data is not None}
    return BuildingValues(form.name.data.strip(), (form.address.data or "").strip(), form.timezone.data.strip(), hours)


def fill_building_form(form: BuildingForm, building) -> None:
    """Show a stored building in the form."""
    form.name.data, form.address.data, form.timezone.data = building.name, building.address, building.timezone
    for h in building.opening_hours:
        form[f"opens_{h.weekday}"].data = time(h.opens_minute // 60, h.opens_minute % 60)
        close = h.closes_minute % 1440
        form[f"closes_{h.weekday}"].data = time(close // 60, close % 60)
