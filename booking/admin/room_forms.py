"""The room form of the admin pages: size, facilities, buffer, approval, who may book it, its limits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..bookings.forms import CheckboxesField, no_control_chars, options
from ..domain.charges import DAYPART_MODE, HOUR_MODE, MAX_DEADLINE_HOURS, MAX_RATE_CENTS, euro_field, parse_euros

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
    charge_mode = SelectField(_l("Charge"), choices=options([
        (HOUR_MODE, _l("per hour")), (DAYPART_MODE, _l("per day part (ochtend, middag, avond)"))]),
        default=HOUR_MODE)
    cancel_deadline_hours = IntegerField(_l("Cancelling is free until this many hours before the start"),
                                         default=0, validators=[Optional(), NumberRange(0, MAX_DEADLINE_HOURS)])
    submit = SubmitField(_l("Save"))


def euros(form, field) -> None:
    """An amount in euros ('12,50'), empty for none."""
    try:
        parse_euros(field.data)
    except ValueError:
        raise ValidationError(_l("Give an amount in euros such as 12,50 (at most %(most)s).",
                                 most=MAX_RATE_CENTS // 100)) from None


# Per kind of organisation a rate per hour and per day part (empty: that kind uses the room for free).
RATE_FIELDS = [(kind, f"hour_{kind}", f"daypart_{kind}") for kind, _label in KIND_PAIRS]
for _kind, _hour, _daypart in RATE_FIELDS:
    setattr(RoomForm, _hour, StringField(_l("Per hour (EUR)"), validators=[Optional(), Length(max=20), euros]))
    setattr(RoomForm, _daypart, StringField(_l("Per day part (EUR)"), validators=[Optional(), Length(max=20), euros]))
del _kind, _hour, _daypart


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
            "max_duration_minutes": form.max_duration_minutes.data,
            "charge_mode": form.charge_mode.data, "cancel_deadline_hours": form.cancel_deadline_hours.data or 0,
            "rates": {kind: {"hour_cents": parse_euros(getattr(form, hour).data),
                             "daypart_cents": parse_euros(getattr(form, daypart).data)}
                      for kind, hour, daypart in RATE_FIELDS}}


def fill_room_form(form: RoomForm, room) -> None:
    """Show a stored room in the form."""
    for name in ("name", "capacity", "facilities", "buffer_minutes", "requires_approval", "min_notice_minutes",
                 "max_advance_days", "max_duration_minutes", "charge_mode", "cancel_deadline_hours"):
        getattr(form, name).data = getattr(room, name)
    rates = {r.kind.value: r for r in room.rates}
    for kind, hour, daypart in RATE_FIELDS:
        rate = rates.get(kind)
        getattr(form, hour).data = euro_field(rate.hour_cents if rate else None)
        getattr(form, daypart).data = euro_field(rate.daypart_cents if rate else None)
    form.building_id.data = room.building_id
    form.allowed_kinds.data = sorted(room.kinds())
    form.organisation_ids.data = sorted(o.id for o in room.allowed_organisations)
