"""The sample files in deploy/ and docs/deploy.md name only settings the app has, and say what they must."""
from __future__ import annotations

import re

import pytest

import config
from serverkit import ROOT

DOCUMENTS = ["docs/deploy.md", "deploy/booking.env.example", "deploy/booking.service", "deploy/booking-mail.service",
             "deploy/nginx.conf", "README.md"]
# Read by create_app itself, not a configuration attribute.
NOT_IN_CONFIG = {"CONFIG"}


def names_the_code_reads() -> set[str]:
    """config.py's settings, and the names the package reads from app.config without a default there."""
    read = set()
    for path in (ROOT / "booking").rglob("*.py"):
        read |= set(re.findall(r"config(?:\.get\(|\[)\"([A-Z][A-Z_]+)\"", path.read_text()))
    return read | {n for n in dir(config.ProductionConfig) if n.isupper()}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_booking_setting_named_exists_in_config_py(name):
    text = (ROOT / name).read_text()
    named = {m.group(1) for m in re.finditer(r"\bBOOKING_([A-Z][A-Z_]*[A-Z])\b", text)}
    unknown = named - NOT_IN_CONFIG - names_the_code_reads()
    # The test suite's and the benchmarks' own variables are not settings of the app.
    unknown -= {"TEST_POSTGRES_URL", "BENCH_POSTGRES_URL", "SCREENSHOTS"}
    assert unknown == set(), f"{name} names settings the app does not have"


def test_the_proxy_sets_every_forwarded_header_the_app_trusts():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    for header, value in [("Host", "$host"), ("X-Forwarded-Host", "$host"), ("X-Forwarded-Proto", "$scheme"),
                          ("X-Forwarded-Port", "$server_port"), ("X-Forwarded-For", "$remote_addr"),
                          ("X-Request-ID", "$request_id")]:
        assert re.search(rf"proxy_set_header\s+{re.escape(header)}\s+{re.escape(value)};", nginx), header
    upstream = re.search(r"upstream booking_app \{(.*?)\}", nginx, re.S).group(1)
    assert len(re.findall(r"^\s*server\s+\S+:8000", upstream, re.M)) == 2


def test_the_units_run_gunicorn_with_the_config_and_the_mail_sender():
    app_unit = (ROOT / "deploy" / "booking.service").read_text()
    assert re.search(r"^ExecStart=\S+/gunicorn -c \S+/deploy/gunicorn\.conf\.py wsgi:app$", app_unit, re.M)
    assert "EnvironmentFile=/etc/booking/booking.env" in app_unit
    mail_unit = (ROOT / "deploy" / "booking-mail.service").read_text()
    assert re.search(r"^ExecStart=\S+/flask --app booking mail send$", mail_unit, re.M)
    assert "Type=oneshot" in mail_unit
    assert "OnUnitActiveSec=1min" in (ROOT / "deploy" / "booking-mail.timer").read_text()
