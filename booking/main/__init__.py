"""The home page; later issues hang the booking pages and the front desk here."""
from flask import Blueprint, render_template

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """What this is, and where the API lives."""
    return render_template("main/index.html")
