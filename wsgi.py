"""Entry point for gunicorn: `gunicorn wsgi:app`."""
import os

from booking import create_app

app = create_app(config_name=os.environ.get("BOOKING_CONFIG", "production"))
