"""The privacy pages' forms: buttons that post (with the CSRF token) and nothing else."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class AnonymiseForm(FlaskForm):
    """Anonymise the bookings that are due now."""

    submit = SubmitField(_l("Anonymise now"))


class ExportForm(FlaskForm):
    """Download a user's personal data."""

    submit = SubmitField(_l("Export personal data (JSON)"))


class EraseForm(FlaskForm):
    """The confirmation step of erasing a user."""

    submit = SubmitField(_l("Erase this user"))
