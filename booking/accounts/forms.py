"""Account forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..bookings.forms import options
from ..i18n import LANGUAGES

PASSWORD_RULES = [DataRequired(), Length(min=10, max=200, message=_l("Use 10 to 200 characters."))]


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Log in"))


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField(_l("New password"), validators=PASSWORD_RULES)
    confirm = PasswordField(_l("New password again"),
                            validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))])
    submit = SubmitField(_l("Change password"))


class TokenForm(FlaskForm):
    """Make a new API token for oneself, with a name to know it by."""

    name = StringField(_l("Name of the new token"),
                       validators=[DataRequired(), Length(max=80, message=_l("Use at most 80 characters."))])
    submit = SubmitField(_l("Make a token"))


class SetPasswordForm(FlaskForm):
    """Choose a password from an invitation."""

    new_password = PasswordField(_l("Password"), validators=PASSWORD_RULES)
    confirm = PasswordField(_l("Password again"),
                            validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))])
    submit = SubmitField(_l("Set password"))


class LanguageForm(FlaskForm):
    """Choose the language of the pages."""

    language = SelectField(_l("Language"), choices=options([("nl", "Nederlands"), ("en", "English")]),
                           validators=[DataRequired()])
    submit = SubmitField(_l("Save"))


class InviteForm(FlaskForm):
    """An administrator invites a user."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=options([("member", _l("Member")), ("frontdesk", _l("Front desk")),
                                                    ("admin", _l("Administrator"))]))
    organisation_id = SelectField(_l("Organisation"), coerce=int, choices=[])
    submit = SubmitField(_l("Send invitation"))


class RoleForm(FlaskForm):
    """An administrator changes a user's role and organisation."""

    role = SelectField(_l("Role"), choices=options([("member", _l("Member")), ("frontdesk", _l("Front desk")),
                                                    ("admin", _l("Administrator"))]))
    organisation_id = SelectField(_l("Organisation"), coerce=int, choices=[])
    submit = SubmitField(_l("Save"))


__all__ = ["LANGUAGES", "LoginForm", "PasswordForm", "SetPasswordForm", "LanguageForm", "InviteForm", "RoleForm"]
