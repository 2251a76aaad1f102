"""The start page."""
from flask import Blueprint, render_template

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """The start page: what this is and where to go."""
    return render_template("main/index.html")
