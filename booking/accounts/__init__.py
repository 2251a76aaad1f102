"""Accounts: log in and out, passwords, invitations, deactivation."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from . import views  # noqa: E402,F401
