"""Backups of the app's database, and putting one back: SQLite by its online backup API, PostgreSQL by pg_dump.

Both are consistent while the app runs: SQLite copies one snapshot in a single step (in WAL mode
writers go on meanwhile), pg_dump reads in one transaction. A backup is written beside its target
and renamed into place, so a failed run never leaves half a file under the name asked for.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import URL, Engine, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# What a restore reports and what makes a database count as holding data.
COUNTED = ("booking", "occurrence", "room", "organisation", "user", "audit_entry")
# How long a restore waits for a table lock the running app servers hold, before it gives up.
RESTORE_LOCK_TIMEOUT = "10s"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in plain words."""


@dataclass(frozen=True)
class Database:
    """The configured database: its kind ('sqlite' or 'postgresql') and where it is."""

    kind: str
    url: URL

    @property
    def sqlite_path(self) -> str:
        return os.path.abspath(self.url.database or "")

    def describe(self) -> str:
        if self.kind == "sqlite":
            return f"the SQLite database {self.sqlite_path}"
        return f"the PostgreSQL database {self.url.database} on {self.url.host or 'the local server'}"


def database_of(uri: str | URL, must_exist: bool = True) -> Database:
    """The app engine's database, or BackupError for one this command cannot copy (SQLite in memory, others).

    Pass the engine's URL, not the setting: Flask-SQLAlchemy puts a relative SQLite path in the instance folder.
    An SQLite file must exist unless `must_exist` is false (a restore may make it): connecting would make an
    empty one.
    """
    url = make_url(uri)
    kind = url.get_backend_name()
    if kind == "sqlite" and (url.database or ":memory:") in (":memory:", "") or kind not in ("sqlite", "postgresql"):
        raise BackupError(f"Cannot back up {url.render_as_string(hide_password=True)}: only an SQLite file "
                          "or a PostgreSQL database.")
    found = Database(kind, url)
    if kind == "sqlite" and not os.path.exists(found.sqlite_path) and must_exist:
        raise BackupError(f"There is no SQLite database at {found.sqlite_path}.")
    return found


def file_kind(path: Path) -> str | None:
    """'sqlite' or 'postgresql' by the file's first bytes, None for anything else."""
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    return None


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in the app's main tables (those that exist), in one statement."""
    present = set(inspect(engine).get_table_names())
    names = [n for n in COUNTED if n in present]
    if not names:
        return {}
    q = select(*(select(func.count()).select_from(table(n)).scalar_subquery().label(n) for n in names))
    with engine.connect() as conn:
        row = conn.execute(q).one()
    return dict(zip(names, row))


def describe_counts(counts: dict[str, int]) -> str:
    """'3 bookings, 12 dates, 4 rooms, ...' for the people who read the command's output."""
    words = {"booking": ("booking", "bookings"), "occurrence": ("date", "dates"), "room": ("room", "rooms"),
             "organisation": ("organisation", "organisations"), "user": ("user", "users"),
             "audit_entry": ("audit entry", "audit entries")}
    return (", ".join(f"{counts[n]} {words[n][counts[n] != 1]}" for n in COUNTED if n in counts)
            or "no tables of this app")


def size_of(path: Path) -> str:
    """A file's size in words: '1.4 MB'."""
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"


def temporary_beside(target: Path) -> Path:
    """A new, empty file in the target's folder for the backup being written, readable by its owner only.

    A backup holds password hashes and every organisation's bookings: no one else on the machine
    may read it, whatever the umask.
    """
    temp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    temp.unlink(missing_ok=True)
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return temp


# --- SQLite ------------------------------------------------------------------------------------

def connect_sqlite(path: str, must_exist: bool = True) -> sqlite3.Connection:
    """A plain sqlite3 connection; with `must_exist` a missing file is an error, not a new database."""
    if must_exist and not os.path.exists(path):
        raise BackupError(f"There is no SQLite database at {path}.")
    return sqlite3.connect(f"file:{quote(path)}?mode={'rw' if must_exist else 'rwc'}", uri=True, timeout=30)


def backup_sqlite(db: Database, target: Path) -> None:
    """Copy the live SQLite database into a new single-file database at `target`."""
    temp = temporary_beside(target)
    try:
        source = connect_sqlite(db.sqlite_path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    try:
        copy = sqlite3.connect(temp)  # an empty file is an empty database to SQLite
        try:
            # One step: a consistent snapshot (a stepwise copy restarts whenever someone writes).
            source.backup(copy)
            # A self-contained file, not one that needs its -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("The copy does not pass SQLite's check; nothing was written.")
        finally:
            copy.close()
        os.replace(temp, target)
    finally:
        source.close()
        temp.unlink(missing_ok=True)


def restore_sqlite(db: Database, source: Path) -> None:
    """Put the backup at `source` in place of the live SQLite database, page by page, through SQLite's own locks."""
    backup = connect_sqlite(str(source))
    try:
        tables = {r[0] for r in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"alembic_version", "booking", "room"} <= tables:
            raise BackupError(f"{source} is an SQLite database, but not a backup of this app (no bookings table).")
        live = connect_sqlite(db.sqlite_path, must_exist=False)
        try:
            backup.backup(live)
        finally:
            live.close()
    finally:
        backup.close()


# --- PostgreSQL --------------------------------------------------------------------------------

def libpq_target(db: Database) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore without its password, and the environment that carries the password.

    A password on the command line would be visible to every user of the machine (ps).
    """
    url = db.url.set(drivername="postgresql", password=None)
    env = {k: v for k, v in os.environ.items()}
    if db.url.password:
        env["PGPASSWORD"] = str(db.url.password)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return url.render_as_string(hide_password=False), env


def program(name: str) -> str:
    """The path of pg_dump or pg_restore, or BackupError saying what to install."""
    found = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt install postgresql-client).")
    return found


def run(command: list[str], env: dict[str, str]) -> None:
    """Run a PostgreSQL tool; BackupError with what it said when it fails."""
    done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()
        raise BackupError(f"{Path(command[0]).name} failed (exit {done.returncode}): {said}")


def backup_postgres(db: Database, target: Path) -> None:
    """pg_dump in its custom format (compressed; pg_restore can pick from it) to `target`."""
    uri, env = libpq_target(db)
    temp = temporary_beside(target)
    try:
        run([program("pg_dump"), "--format=custom", f"--file={temp}", f"--dbname={uri}"], env)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def restore_postgres(db: Database, source: Path) -> None:
    """pg_restore `source` over the database, in one transaction: its tables are dropped and made again.

    Either all of the backup is there afterwards or nothing changed. Owners and grants are left out,
    so a backup can be put back under another database user.
    """
    uri, env = libpq_target(db)
    # Fail after a while rather than queue forever behind an app server's open transaction.
    env["PGOPTIONS"] = (env.get("PGOPTIONS", "") + f" -c lock_timeout={RESTORE_LOCK_TIMEOUT}").strip()
    run([program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", f"--dbname={uri}", str(source)], env)
