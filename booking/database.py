"""Database-level settings: SQLite's locking, and the write transaction every booking uses."""
from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Sequence

from sqlalchemy import event, exc, literal_column
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session

WRITE_OPTION = "booking_write"
# SQLite: each new connection's number, and its total of changed rows when its transaction began (change_key_of).
_SERIAL, _CHANGES_AT_BEGIN = "booking_serial", "booking_changes_at_begin"
_serials = itertools.count(1)


def plain_session(session) -> Session:
    """The Session itself, also when given Flask-SQLAlchemy's scoped_session (db.session) that stands for it."""
    return session() if isinstance(session, scoped_session) else session


def read_without_transaction(session):
    """The session, reading without a transaction on PostgreSQL, and the session returned.

    For requests that only read (a feed, an API GET): BEGIN and ROLLBACK around their few statements are
    two more round trips to the server. Under READ COMMITTED each statement sees its own snapshot anyway.
    A write that follows (the token's hourly last use) starts a real transaction: begin_write commits
    this one and takes a fresh connection. SQLite, whose BEGIN the app emits itself, keeps its transaction:
    no round trips there.
    """
    # Only at the start: a session that has read already keeps its transaction (options cannot change then).
    real = plain_session(session)
    if real.get_bind().dialect.name == "postgresql" and not real.in_transaction():
        real.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return session


def install_idle_ping(engine: Engine, idle_seconds: float) -> None:
    """Ping a pooled connection before use only when it lay idle `idle_seconds` or more.

    SQLAlchemy's pool_pre_ping pings on every checkout: one more round trip on every request. A
    connection used moments ago is as good as the ping would say; one that lay idle may have been
    closed by a restart or a firewall, and is replaced (the pool retries the checkout) if the ping fails.
    """
    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection, record) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, record, _proxy) -> None:
        last = record.info.get("checked_in_at")
        if last is None or time.monotonic() - last < idle_seconds:
            return  # new, or used moments ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001  (any failure of the ping: the connection is gone)
            raise exc.DisconnectionError(str(error)) from error
        if not alive:
            raise exc.DisconnectionError("the database did not answer the ping")


def install_postgres_settings(engine: Engine) -> None:
    """PostgreSQL's JIT compiler off, and the session's time zone UTC, for every connection of the app.

    UTC: psycopg then reads every instant as aware UTC (datetime.UTC) and the models' UTCDateTime has nothing
    to convert; in the server's own zone (Etc/UTC here, Europe/Amsterdam on a Dutch server) each of a
    series' dates would be converted twice on its way to the page. No statement of the app depends on the
    session's zone: the building's zone is applied in Python.

    The app's statements are short; JIT pays off only for long analytical queries, but PostgreSQL turns
    it on by cost estimate: the finder's room query on a freshly made database (no statistics yet) was
    estimated high enough to spend a second compiling a query that runs in 2.5 ms.
    """
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        with dbapi_connection.cursor() as cur:
            cur.execute("SET jit = off")
            cur.execute("SET TIME ZONE 'UTC'")
        dbapi_connection.commit()


def install_sqlite_guards(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for booking writes on SQLite.

    The sqlite3 driver's own transaction handling does not BEGIN before a SELECT, so two
    processes could both check a slot free and both insert. We switch it off and emit
    BEGIN ourselves: IMMEDIATE (take the write lock first) for booking writes, plain
    deferred BEGIN for reads so that pages do not queue behind each other.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        # change_key_of: whether this transaction has written shows in the connection's total of changes.
        conn.connection.info[_CHANGES_AT_BEGIN] = conn.connection.dbapi_connection.total_changes

    @event.listens_for(engine, "connect")
    def number_connection(_dbapi_connection, record) -> None:
        record.info[_SERIAL] = next(_serials)  # change_key_of: data_version is this connection's own count


def begin_write(session: Session, keep_loaded: bool = False, keep: Sequence[object] = ()) -> None:
    """End any read transaction and start a write transaction that holds the lock from its first statement.

    Every service that writes calls this before it reads what it will change: on SQLite a
    deferred transaction that reads and later writes fails at once ('database is locked')
    when another writer committed in between, whatever the busy timeout.

    On SQLite this is BEGIN IMMEDIATE; on PostgreSQL the services lock the room rows
    (SELECT ... FOR UPDATE) and the exclusion constraint is the last word.

    Ending the read transaction normally expires what it loaded, so that a change re-reads its
    booking under the lock. `keep_loaded` keeps it instead, for a new booking that read its room,
    rules and closures before taking the lock and re-checks under it only what can have changed
    (the clashes): no second round of reads while the lock is held. `keep` names objects that stay loaded
    on PostgreSQL even so: the acting user, read a moment ago with the request's login or token, whose
    role and organisation the change asks again (one statement less in every change of a booking).
    """
    real = plain_session(session)
    current = real.get_transaction()
    if current is not None and real.info.get(WRITE_OPTION) is current:
        return  # already writing: keep the locks this transaction holds
    if current is not None and continues_as_write(real):
        # PostgreSQL: the read transaction becomes the write transaction, without the COMMIT and BEGIN
        # round trips. Under READ COMMITTED each statement sees what is committed when it starts, so the
        # reads under the lock see what the last writer wrote; what was loaded is expired as a commit
        # would (unless kept), so that it is read again under the lock.
        real.flush()  # what a commit would have written goes in too
        if not keep_loaded:
            expire_all_but(real, keep)
        real.info[WRITE_OPTION] = current
        return
    if real.in_transaction():
        commit(real, keep_loaded)
    real.connection(execution_options={WRITE_OPTION: True})
    real.info[WRITE_OPTION] = real.get_transaction()


def expire_all_but(session: Session, keep: Sequence[object]) -> None:
    """session.expire_all(), but for the objects in `keep`."""
    if not keep:
        session.expire_all()
        return
    kept = {id(obj) for obj in keep}
    for obj in list(session.identity_map.values()):
        if id(obj) not in kept:
            session.expire(obj)


def continues_as_write(session: Session) -> bool:
    """Whether the session's open transaction can go on as a write transaction: on PostgreSQL, unless it
    reads without a transaction (read_without_transaction) or under a stricter isolation level, whose one
    snapshot would not show what another writer committed while we waited for the lock.
    SQLite must BEGIN IMMEDIATE afresh: a deferred transaction that read cannot take the write lock safely."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    conn = session.connection()
    # What the connection was set to (AUTOCOMMIT by read_without_transaction), else the server's default;
    # both known without asking the server.
    return conn.get_execution_options().get("isolation_level", conn.default_isolation_level) == "READ COMMITTED"


def commit(session: Session, keep_loaded: bool = False) -> None:
    """Commit; with `keep_loaded` the objects keep what they hold (what was just written or read)
    instead of being read again on their next use."""
    real = plain_session(session)
    if not keep_loaded:
        real.commit()
        return
    real.expire_on_commit = False
    try:
        real.commit()
    finally:
        real.expire_on_commit = True


def change_key_columns(session) -> list:
    """Columns to add to a read's first statement that give the database's change key (change_key_of), or []
    when none can be read now: inside a write transaction, or on a connection whose commits are not counted.

    The change key moves whenever a transaction that changed the database commits. Read it in a read's first
    statement: what the read's later statements see is at least what it describes, and once another commit
    happened the same key is never read again. So data kept under a key (readcache) is never older than the
    database while the key is current, in any process.

    PostgreSQL: the current snapshot (xmin:xmax:in-progress): two statements with the same snapshot see the
    same committed transactions, and a commit anywhere on the server moves it (one in another database
    too: a miss, never a wrong answer). Not max(audit_entry.id) or the like: ids are handed out before
    commit, so a lower one can commit after a higher one was read.
    SQLite: this connection's number, data_version (which moves when another connection, in any process,
    commits) and the connection's total of changed rows (which moves with its own writes, which
    data_version does not count). Writers there take turns (BEGIN IMMEDIATE), and a read transaction sees
    one snapshot.
    """
    real = plain_session(session)
    if real.info.get(WRITE_OPTION) is not None and real.info.get(WRITE_OPTION) is real.get_transaction():
        return []  # writing: the reads include this transaction's own changes
    conn = real.connection()
    if conn.dialect.name == "postgresql":
        return [literal_column("pg_current_snapshot()::text"), literal_column("pg_current_xact_id_if_assigned()::text")]
    if conn.dialect.name == "sqlite" and _SERIAL in conn.connection.info:
        return [literal_column("(SELECT data_version FROM pragma_data_version())")]
    return []


def change_key_texts(session) -> tuple[str, ...]:
    """The SQL of change_key_columns: hashable, for a statement built once per kind of connection that reads the
    change key beside what it reads (the login's user, an API token)."""
    return tuple(c.name for c in change_key_columns(session))


def change_key_of(session, values) -> tuple | None:
    """The change key from the values of change_key_columns in a row; None when there were none, or when this
    session's transaction has written (PostgreSQL: it has a transaction id; SQLite: the connection's total
    of changes moved since BEGIN), for what it reads then may be rolled back."""
    if not values:
        return None
    real = plain_session(session)
    conn = real.connection()
    if conn.dialect.name == "postgresql":
        snapshot, own = values
        return None if own is not None else ("pg", snapshot)
    info, changes = conn.connection.info, conn.connection.dbapi_connection.total_changes
    if changes != info.get(_CHANGES_AT_BEGIN):
        return None
    return ("sqlite", info[_SERIAL], values[0], changes)
