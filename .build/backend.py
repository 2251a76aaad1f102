"""In-tree build backend: setuptools, after compiling the translation catalogues (.po -> .mo).

Compiled catalogues are build products, so they are not committed; every install
(`pip install .` or `pip install -e .`) makes them here, before setuptools packs them.

The pages and the stylesheet live in the repository's top-level `templates/` and `static/`
folders, outside the `booking` package. A wheel carries them inside it, as
`booking/templates` and `booking/static`: `BuildPy` (registered as setuptools' `build_py` in
setup.cfg) copies them into the build folder, never into the source tree, and booking's
create_app() serves those copies when they are there. An editable install copies nothing and
serves the top-level folders themselves, so edits show without a reinstall.
"""
from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403  (the rest of the PEP 517 interface)
from setuptools.command.build_py import build_py as _build_py
from setuptools.command.sdist import sdist as _sdist

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "booking" / "translations"
# Top-level folders the wheel carries inside the package: repository folder -> package subfolder.
PACKAGED_FOLDERS = {"templates": "booking/templates", "static": "booking/static"}
# Not copied: editor and bytecode leftovers.
_LEFTOVERS = shutil.ignore_patterns(".*", "*~", "__pycache__", "*.py[co]")


def compile_catalogues() -> list[Path]:
    """Compile every booking/translations/*/LC_MESSAGES/*.po next to itself; refuse a broken one."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=po_path.parts[-3])
        errors = [(m.id, e) for m, es in catalog.check() for e in es]
        if errors:
            raise SystemExit(f"{po_path}: {errors[:3]}")
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


class BuildPy(_build_py):
    """setuptools' build_py, then the top-level templates/ and static/ copied into the build."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # the editable install serves the top-level folders themselves
        for source, target in PACKAGED_FOLDERS.items():
            if not (ROOT / source).is_dir():
                raise SystemExit(f"build: the top-level {source}/ folder is missing")
            destination = os.path.join(self.build_lib, target)
            shutil.rmtree(destination, ignore_errors=True)  # no stale copy of a removed file
            shutil.copytree(ROOT / source, destination, ignore=_LEFTOVERS)


class Sdist(_sdist):
    """setuptools' sdist, plus what a wheel built from it needs: this backend, the two folders."""

    def make_release_tree(self, base_dir, files) -> None:
        super().make_release_tree(base_dir, files)
        for folder in (".build", *PACKAGED_FOLDERS):
            shutil.copytree(ROOT / folder, os.path.join(base_dir, folder), ignore=_LEFTOVERS)


def _outside_the_tree(config_settings, scratch: str) -> dict:
    """config_settings that make bdist_wheel build in `scratch`, not in build/ and *.egg-info here.

    (setuptools' get_requires_for_build_* hooks still write an *.egg-info here, as they always
    did: gitignored.)
    """
    settings = dict(config_settings or {})
    given = settings.get("--build-option") or []
    given = shlex.split(given) if isinstance(given, str) else list(given)
    settings["--build-option"] = [*given, "build", "--build-base", os.path.join(scratch, "build"),
                                  "egg_info", "--egg-base", scratch]
    return settings


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """Compile the catalogues, then build the wheel as setuptools does, in a scratch folder."""
    compile_catalogues()
    with tempfile.TemporaryDirectory(prefix="booking-build-") as scratch:
        settings = _outside_the_tree(config_settings, scratch)
        return _setuptools.build_wheel(wheel_directory, settings, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """Compile the catalogues in the source tree, then the editable install."""
    compile_catalogues()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    """The source distribution: .po files, no compiled .mo; templates/, static/, .build/ (Sdist)."""
    return _setuptools.build_sdist(sdist_directory, config_settings)
