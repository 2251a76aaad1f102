"""Count the SQL statements the app sends while a block runs (SQLAlchemy's cursor events)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import event

from booking.extensions import db


class Statements:
    """The statements seen, in order; len() is their number."""

    def __init__(self):
        self.seen: list[str] = []

    def __len__(self) -> int:
        return len(self.seen)

    def __repr__(self) -> str:
        return f"{len(self.seen)} statements:\n" + "\n".join(s.split("\n", 1)[0][:160] for s in self.seen)


@contextmanager
def counting() -> Iterator[Statements]:
    """Count every statement on the app's engine (all connections of the pool) inside the block.

    executemany counts once: it is one round trip of the driver's batch. BEGIN/COMMIT sent by the
    driver itself are not statements here; our own 'BEGIN IMMEDIATE' on SQLite is.
    """
    found = Statements()
    engine = db.engine

    def seen(conn, cursor, statement, parameters, context, executemany):
        found.seen.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", seen)
