"""The room form of the admin pages: size, facilities, buffer, approval, who may book it, its limits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..bookings.forms import CheckboxesField, no_control_chars, options

KIND_PAIRS = [("care", _l("Care")), ("welfare", _l("Welfare")), ("volunteers", _l("Volunteers")),
              ("residents", _l("Residents")), ("other", _l("Other"))]
KIND_CHOICES = options(KIND_PAIRS)
# The longest notice and duration a room may ask (a year in minutes), and the farthest horizon (ten years).
YEAR_MINUTES, HORIZON_DAYS = 525600, 3650


class RoomForm(FlaskForm):
    """A room: what it is, and its rules (empty limits: none)."""

    building_id = SelectField(_l("Building"), coerce=int, choices=[])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_chars()])
    capacity = IntegerField(_l("Capacity (people)"), validators=[InputRequired(), NumberRange(0, 10000)])
    facilities = StringField(_l("Facilities (separated by commas)"),
                             validators=[Optional(), Length(max=500), no_control_chars()])
    buffer_minutes = IntegerField(_l("Changeover time between bookings (minutes)"), default=0,
                                  validators=[InputRequired(), NumberRange(0, 1440)])
    requires_approval = BooleanField(_l("Bookings by members wait for the front desk's approval"))
    allowed_kinds = CheckboxesField(_l("Kinds of organisation that may book it"), choices=KIND_CHOICES)
    organisation_ids = CheckboxesField(_l("Organisations that may book it"), coerce=int, choices=[])
    min_notice_minutes = IntegerField(_l("Minimum notice (minutes)"),
                                      validators=[Optional(), NumberRange(0, YEAR_MINUTES)])
    max_advance_days = IntegerField(_l("Bookable at most this many days ahead"),
                                    validators=[Optional(), NumberRange(0, HORIZON_DAYS)])
    max_duration_minutes = IntegerField(_l("Longest booking (minutes)"),
                                        validators=[Optional(), NumberRange(1, YEAR_MINUTES)])
    submit = SubmitField(_l("Save"))


class ActiveForm(FlaskForm):
    """Deactivate or reactivate a room."""

    deactivate = SubmitField(_l("Deactivate this room"))
    reactivate = SubmitField(_l("Reactivate this room"))


def room_fields(form: RoomForm) -> dict:
    """What the form says about the room, as update_room and add_room take it."""
    return {"name": form.name.data.strip(), "capacity": form.capacity.data,
            "facilities": ", ".join(f.strip() for f in (form.facilities.data or "").split(",") if f.strip()),
            "buffer_minutes": form.buffer_minutes.data, "requires_approval": bool(form.requires_approval.data),
            "allowed_kinds": ",".join(form.allowed_kinds.data or []),
            "organisation_ids": sorted(set(form.organisation_ids.data or [])),
            "min_notice_minutes": form.min_notice_minutes.data, "max_advance_days": form.max_advance_days.data,
            "max_duration_minutes": form.max_duration_minutes.data}


def fill_room_form(form: RoomForm, room) -> None:
    """Show a stored room in the form."""
    for name in ("name", "capacity", "facilities", "buffer_minutes", "requires_approval", "min_notice_minutes",
                 "max_advance_days", "max_duration_minutes"):
        getattr(form, name).data = getattr(room, name)
    form.building_id.data = room.building_id
    form.allowed_kinds.data = sorted(room.kinds())
    form.organisation_ids.data = sorted(o.id for o in room.allowed_organisations)
