"""A wheel carries the top-level templates/ and static/ inside the package; the app finds either."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from booking import resource_folder

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("templates", "static")


def leftover(part: str) -> bool:
    """What the build does not copy: editor and bytecode leftovers (.build/backend.py)."""
    return part.startswith(".") or part == "__pycache__" or part.endswith(("~", ".pyc", ".pyo"))


def files_in(folder: str) -> set[str]:
    """The files under a top-level folder of the checkout, relative to it."""
    base = ROOT / folder
    return {path.relative_to(base).as_posix() for path in base.rglob("*")
            if path.is_file() and not any(map(leftover, path.relative_to(base).parts))}


@pytest.mark.slow
def test_the_wheel_carries_every_template_and_the_stylesheet(tmp_path):
    artefacts = ("build", "booking/templates", "booking/static")
    before = {name: (ROOT / name).exists() for name in artefacts}
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                            "-w", str(tmp_path), str(ROOT)],
                           timeout=600, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    [wheel] = tmp_path.glob("kiekmure_booking-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    assert {"booking/templates/base.html", "booking/templates/accounts/login.html",
            "booking/static/css/site.css"} <= names
    for folder in FOLDERS:
        packed = {name.removeprefix(f"booking/{folder}/") for name in names
                  if name.startswith(f"booking/{folder}/")}
        assert packed == files_in(folder), folder
        assert not any(name.startswith(f"{folder}/") for name in names), "not as a top-level folder"
    # Built outside the source tree: no build/ folder and no copies inside the package here.
    for name, existed in before.items():
        assert (ROOT / name).exists() == existed, name


def test_the_packaged_folders_come_first(tmp_path):
    package = tmp_path / "booking"
    for name in FOLDERS:
        (package / name).mkdir(parents=True)
        (tmp_path / name).mkdir()
        assert resource_folder(name, str(package)) == str(package / name)


def test_without_packaged_folders_the_top_level_ones_serve(tmp_path):
    package = tmp_path / "booking"
    package.mkdir()
    for name in FOLDERS:
        assert resource_folder(name, str(package)) == str(tmp_path / name)


def test_a_checkout_serves_the_top_level_folders_themselves(app, client):
    # An editable install (README, CI): edits to templates/ and static/ show without a reinstall.
    assert Path(app.template_folder) == ROOT / "templates"
    assert Path(app.static_folder) == ROOT / "static"
    assert not any((ROOT / "booking" / name).exists() for name in FOLDERS)
    login = client.get("/login")
    assert login.status_code == 200 and login.mimetype == "text/html"
    css = client.get("/static/css/site.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    css.close()
