"""deploy/gunicorn.conf.py: its settings come from the environment, and a real gunicorn started with it
serves the app, answers /healthz and writes the app's JSON lines instead of an access log."""
from __future__ import annotations

import json
import runpy
import sys

import pytest

from serverkit import ROOT, Gunicorn, get_status

CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def settings(monkeypatch, **env) -> dict:
    """The names deploy/gunicorn.conf.py sets, read with `env` as the environment."""
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND", "FORWARDED_ALLOW_IPS", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_the_settings_come_from_the_environment(monkeypatch):
    s = settings(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="6", GUNICORN_BIND="10.0.0.11:8000",
                 FORWARDED_ALLOW_IPS="10.0.0.10", GUNICORN_TIMEOUT="45")
    assert (s["workers"], s["threads"], s["worker_class"], s["bind"]) == (3, 6, "gthread", ["10.0.0.11:8000"])
    assert (s["timeout"], s["forwarded_allow_ips"], s["accesslog"], s["preload_app"]) == (45, "10.0.0.10", None, False)


def test_the_defaults_are_safe_ones(monkeypatch):
    s = settings(monkeypatch)
    assert s["bind"] == ["127.0.0.1:8000"] and s["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert 1 <= s["workers"] <= 8 and s["threads"] == 4 and s["accesslog"] is None


def test_gunicorn_accepts_every_setting_in_it():
    """gunicorn silently skips names it does not know: every setting name in the file must be one of its own."""
    from gunicorn.config import KNOWN_SETTINGS

    known = {s.name for s in KNOWN_SETTINGS}
    names = {k for k in runpy.run_path(str(CONFIG)) if not k.startswith("_") and k not in ("os", "multiprocessing")}
    assert names - known == set()


class ConfiguredGunicorn(Gunicorn):
    """serverkit's gunicorn, started with deploy/gunicorn.conf.py instead of its own flags (port aside)."""

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "-b", f"127.0.0.1:{self.port}", "wsgi:app"]

    def warm_up(self, timeout: float = 10.0) -> int:
        return 0  # no access log to see the workers in: nothing to wait for


@pytest.mark.slow
def test_a_real_gunicorn_with_it_answers_healthz_and_logs_json(tmp_path, sqlite_template):
    from dbkit import sqlite_database

    uri = sqlite_database(tmp_path / "booking.sqlite3", sqlite_template)
    with ConfiguredGunicorn(uri, env={"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2",
                                      "GUNICORN_GRACEFUL_TIMEOUT": "5"}) as server:
        assert get_status(server.base_url + "/healthz") == 200
        assert get_status(server.base_url + "/feeds/1/SECRETTOKEN/personal.ics") == 404
    log = server.final_log
    assert "gthread" in log and "Booting worker" in log, log
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert {"path": "/healthz", "status": 200} in [{"path": x["path"], "status": x["status"]} for x in lines]
    assert "SECRETTOKEN" not in log
    assert '"GET /healthz' not in log  # no access-log line beside the JSON one
