"""Every string people see has a Dutch translation, with the same placeholders."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "booking" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}


def catalogue():
    with PO.open("rb") as f:
        return read_po(f, locale="nl")


def source_messages() -> set[str]:
    """The msgids the extractor finds in the package and the templates."""
    found: set[str] = set()
    for folder, method in ((ROOT / "booking", "python"), (ROOT / "templates", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        # Every folder counts, also those starting with '_' (babel skips them by default).
        for _file, _line, message, _comments, _ctx in extract_from_dir(
                folder, method_map=[(pattern, method)], keywords=KEYWORDS,
                directory_filter=lambda path: not Path(path).name.startswith(".")):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_catalogue_entry_is_translated_with_its_placeholders():
    c = catalogue()
    assert [m.id for m in c if m.id and not m.string] == []
    assert [(m.id, str(e)) for m, errors in c.check() for e in errors] == []


def test_every_string_in_the_code_is_in_the_catalogue():
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue() if m.id}
    assert sorted(source_messages() - ids) == []
