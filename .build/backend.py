"""In-tree build backend: setuptools, after compiling the translation catalogues (.po -> .mo).

Compiled catalogues are build products, so they are not committed; every install
(`pip install .` or `pip install -e .`) makes them here, before setuptools packs them.
"""
from __future__ import annotations

from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403  (the rest of the PEP 517 interface)

TRANSLATIONS = Path(__file__).resolve().parent.parent / "booking" / "translations"


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


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """Compile the catalogues, then build the wheel as setuptools does."""
    compile_catalogues()
    return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """Compile the catalogues in the source tree, then the editable install."""
    compile_catalogues()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    """The source distribution carries the .po files only."""
    return _setuptools.build_sdist(sdist_directory, config_settings)
