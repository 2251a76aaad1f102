"""The house rules that keep the code in order, checked on the source itself.

- No module takes another module's private (underscore) names.
- Page and API handlers parse, call a service or query function, and render: they build no query
  and touch no database session themselves.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "booking"
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)
# The modules whose functions answer requests.
HANDLERS = sorted({*PACKAGE.rglob("views.py"), *PACKAGE.rglob("*_views.py"), *(PACKAGE / "api").glob("*.py"),
                   PACKAGE / "frontdesk" / "__init__.py", PACKAGE / "main" / "__init__.py"})
QUERY_BUILDERS = {"select", "update", "delete", "insert", "text"}
SESSION_CALLS = {"get", "scalars", "scalar", "execute", "query", "add", "add_all", "delete", "commit", "flush"}


def rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def is_ours(node: ast.ImportFrom) -> bool:
    return node.level > 0 or (node.module or "").split(".")[0] == "booking"


def private_imports(path: Path) -> list[str]:
    """`from .x import _name`, and `mod._name` on a module imported from the package."""
    tree = ast.parse(path.read_text(), str(path))
    found, our_modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and is_ours(node):
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{rel(path)}:{node.lineno} imports {alias.name}")
                our_modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in our_modules):
            found.append(f"{rel(path)}:{node.lineno} uses {node.value.id}.{node.attr}")
    return found


def queries_in(path: Path) -> list[str]:
    """SQLAlchemy statement builders imported, and calls on db.session."""
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            for alias in node.names:
                if alias.name in QUERY_BUILDERS:
                    found.append(f"{rel(path)}:{node.lineno} imports sqlalchemy's {alias.name}")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SESSION_CALLS
                and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "session"):
            found.append(f"{rel(path)}:{node.lineno} calls session.{node.func.attr}")
    return found


def test_the_checks_see_the_package():
    assert len(SOURCES) > 40 and len(HANDLERS) >= 8


def test_the_checks_catch_what_they_look_for(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text("from sqlalchemy import select\nfrom .services import _cancel\nfrom . import services\n"
                   "def view():\n    services._hold(1)\n    return db.session.scalars(select(X)).all()\n")
    moved = PACKAGE.parent / "booking" / "_probe_views.py"
    try:
        moved.write_text(bad.read_text())
        assert private_imports(moved) == ["booking/_probe_views.py:2 imports _cancel",
                                          "booking/_probe_views.py:5 uses services._hold"]
        assert queries_in(moved) == ["booking/_probe_views.py:1 imports sqlalchemy's select",
                                     "booking/_probe_views.py:6 calls session.scalars"]
    finally:
        moved.unlink()


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_no_module_takes_another_modules_private_names(path):
    assert private_imports(path) == []


@pytest.mark.parametrize("path", HANDLERS, ids=rel)
def test_handlers_build_no_query_of_their_own(path):
    assert queries_in(path) == []
