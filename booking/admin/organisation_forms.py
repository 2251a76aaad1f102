"""The organisation form: name, kind, contact, colour, active."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..bookings.forms import no_control_chars
from .organisations import COLOUR, OrganisationValues
from .room_forms import KIND_CHOICES


class OrganisationForm(FlaskForm):
    """An organisation that books rooms."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_chars()])
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES)
    contact = StringField(_l("Contact (name, phone, email)"),
                          validators=[Optional(), Length(max=250), no_control_chars()])
    colour = StringField(_l("Colour in the calendars"), validators=[
        Optional(), Regexp(COLOUR.pattern + "$", message=_l("Give a colour as #RRGGBB, for example #1f6feb."))])
    active = BooleanField(_l("Active: may book rooms"), default=True)
    submit = SubmitField(_l("Save"))


def organisation_form_values(form: OrganisationForm) -> OrganisationValues:
    """What the form says, for save_organisation."""
    return OrganisationValues(form.name.data.strip(), form.kind.data, (form.contact.data or "").strip(),
                              (form.colour.data or "").strip(), bool(form.active.data))


def fill_organisation_form(form: OrganisationForm, org) -> None:
    """Show a stored organisation in the form."""
    form.name.data, form.kind.data, form.contact.data = org.name, org.kind.value, org.contact
    form.colour.data, form.active.data = org.colour, org.active
