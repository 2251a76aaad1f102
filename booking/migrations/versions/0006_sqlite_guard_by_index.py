"""SQLite's overlap guard asks the index for two rows instead of every earlier hold of the room

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-05 09:00:00.000000

The triggers of 0001 test `h.starts_at < NEW.blocked_until AND NEW.starts_at < h.blocked_until`:
on ix_room_hold_room_time (room_id, starts_at, blocked_until) only the upper bound on starts_at
is a range, so every insert read every earlier hold of its room (at 1M dates, the 52 holds of a
weekly series took ~65 ms instead of ~10 ms).

The triggers themselves keep the holds of one room apart, so sorted by starts_at they are sorted
by blocked_until too. A hold [s, b) then overlaps another iff (a) some hold of the room starts
in [s, b), or (b) the hold with the greatest starts_at before s ends after s. Both are index
searches: a range, and the last entry before s (ORDER BY starts_at DESC LIMIT 1). NEW.id is left
out of both (an UPDATE meets its own old row).

Same trigger names and the same RAISE(ABORT, 'room_hold_overlap') that
booking.bookings.locking.is_overlap_violation recognises. PostgreSQL's exclusion constraint is
left as it is. Downgrade puts the 0001 triggers back.
"""
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


GUARD_BY_INDEX = """
CREATE TRIGGER room_hold_overlap_{event} BEFORE {clause} ON room_hold
WHEN EXISTS (SELECT 1 FROM room_hold h
             WHERE h.room_id = NEW.room_id AND h.id IS NOT NEW.id
               AND h.starts_at >= NEW.starts_at AND h.starts_at < NEW.blocked_until)
  OR (SELECT h.blocked_until FROM room_hold h
      WHERE h.room_id = NEW.room_id AND h.id IS NOT NEW.id AND h.starts_at < NEW.starts_at
      ORDER BY h.starts_at DESC LIMIT 1) > NEW.starts_at
BEGIN SELECT RAISE(ABORT, 'room_hold_overlap'); END
"""

# 0001's triggers, as they were (for the downgrade).
GUARD_0001 = """
CREATE TRIGGER room_hold_overlap_{event} BEFORE {clause} ON room_hold
WHEN EXISTS (SELECT 1 FROM room_hold h
             WHERE h.room_id = NEW.room_id AND h.id IS NOT NEW.id
               AND h.starts_at < NEW.blocked_until AND NEW.starts_at < h.blocked_until)
BEGIN SELECT RAISE(ABORT, 'room_hold_overlap'); END
"""

EVENTS = (("insert", "INSERT"), ("update", "UPDATE OF room_id, starts_at, blocked_until"))


def _replace_triggers(template: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for event, clause in EVENTS:
        op.execute(f"DROP TRIGGER IF EXISTS room_hold_overlap_{event}")
        op.execute(template.format(event=event, clause=clause))


def upgrade():
    _replace_triggers(GUARD_BY_INDEX)


def downgrade():
    _replace_triggers(GUARD_0001)
