"""The extra form of the admin pages, and the booking form's quantities of the extras."""
from __future__ import annotations

from typing import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..bookings.forms import no_control_chars, options
from ..domain.stock import MAX_QUANTITY
from .requests import ExtraRequest
from .services import ExtraValues

KIND_CHOICES = options([("loan", _l("Lent out: a number in stock (a beamer)")),
                        ("consumable", _l("Consumed: per person, no limit (coffee and tea)"))])
# The name of a quantity field of the booking form: 'extra-12' for the extra with id 12.
FIELD_PREFIX = "extra-"


class ExtraForm(FlaskForm):
    """An extra of a building: equipment to lend out or something consumed."""

    building_id = SelectField(_l("Building"), coerce=int, choices=[])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_chars()])
    kind = RadioField(_l("Kind"), choices=KIND_CHOICES, default="loan")
    stock = IntegerField(_l("Number in stock (items lent out only)"),
                         validators=[Optional(), NumberRange(1, MAX_QUANTITY)])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=500),
                                                            no_control_chars(multiline=True)])
    active = BooleanField(_l("Active: can be asked for with a booking"), default=True)
    submit = SubmitField(_l("Save"))


class ActiveForm(FlaskForm):
    """Deactivate or reactivate an extra."""

    deactivate = SubmitField(_l("Deactivate this extra"))
    reactivate = SubmitField(_l("Reactivate this extra"))


def extra_form_values(form: ExtraForm) -> ExtraValues:
    """What the form says, for save_extra."""
    return ExtraValues(form.building_id.data, form.name.data.strip(), form.kind.data, form.stock.data,
                       (form.note.data or "").strip(), bool(form.active.data))


def fill_extra_form(form: ExtraForm, extra) -> None:
    """Show a stored extra in the form."""
    form.building_id.data, form.name.data, form.kind.data = extra.building_id, extra.name, extra.kind.value
    form.stock.data = extra.stock if extra.is_loan else None
    form.note.data, form.active.data = extra.note, extra.active


def quantity(raw: str) -> object:
    """A posted quantity: '' or '0' is none asked (0), digits a number, anything else kept as text (refused later)."""
    raw = raw.strip()
    if raw == "":
        return 0
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw)
    return raw


def requested_extras(posted: Mapping[str, str]) -> tuple[ExtraRequest, ...]:
    """The extras the booking form asks for: its quantity fields above 0 (bad values kept, so that the service
    names them); a field of an extra the form did not offer is asked for too, so that the service refuses it
    rather than the page dropping it silently."""
    asked = []
    for name in posted:
        if not name.startswith(FIELD_PREFIX):
            continue
        raw_id = name[len(FIELD_PREFIX):]
        extra_id: object = int(raw_id) if raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 10 else raw_id
        amount = quantity(posted.get(name, ""))
        if amount != 0:
            asked.append(ExtraRequest(extra_id, amount))
    return tuple(sorted(asked, key=lambda r: str(r.extra_id)))


def shown_quantities(posted: Mapping[str, str]) -> dict[str, str]:
    """What the user typed in each quantity field, to show again with the form."""
    return {k[len(FIELD_PREFIX):]: v[:12] for k, v in posted.items() if k.startswith(FIELD_PREFIX)}
