"""what the calendar feeds need: original starts, sequences, last changes, feed generations

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-06 09:00:00.000000

occurrence.original_starts_at: where the series' rule put a date before it was first moved (a
feed's RECURRENCE-ID); NULL for a date never moved, whose starts_at is its original start, so no
existing row needs filling in (dates moved before this revision read as never moved).
occurrence.sequence: grows by one with every move of the date (a feed's SEQUENCE), 0 to begin with.
booking.changed_at: the last change of the booking or one of its dates (DTSTAMP, LAST-MODIFIED,
and the key a feed's 304 is decided by); NULL means not since booking.created_at.
user.feed_generation: part of every feed token of the user; regenerating the links adds one.
ix_booking_creator_id: the personal feed reads the bookings a user made.
ix_booking_changed_at: the newest change of all bookings is one index read; while it stays the same,
a feed's 304 needs no other reading (booking/feeds/reading.py). Added to this revision after it was
first committed: a database migrated to 0007 before lacks only this index (feeds then scan booking).

Hand-written, one path for both databases: plain ADD COLUMN (NOT NULL ones with a constant
default, which SQLite and PostgreSQL both fill in for the existing rows without rewriting them
on PostgreSQL 11+), no batch mode (it would rebuild occurrence on SQLite, see 0004).
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('occurrence', sa.Column('original_starts_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('occurrence', sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))
    op.add_column('booking', sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('user', sa.Column('feed_generation', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_booking_creator_id', 'booking', ['creator_id'])
    op.create_index('ix_booking_changed_at', 'booking', ['changed_at'])


def downgrade():
    op.drop_index('ix_booking_changed_at', table_name='booking')
    op.drop_index('ix_booking_creator_id', table_name='booking')
    op.execute('ALTER TABLE "user" DROP COLUMN feed_generation')
    op.execute("ALTER TABLE booking DROP COLUMN changed_at")
    op.execute("ALTER TABLE occurrence DROP COLUMN sequence")
    op.execute("ALTER TABLE occurrence DROP COLUMN original_starts_at")
