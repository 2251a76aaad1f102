"""a date's own title, and when a room, building or organisation last changed (issue 9, feeds)

Revision ID: 0013
Revises: 0012
Create Date: 2027-01-08 09:00:00.000000

occurrence.title: one date of a series may carry its own title (a feed's override event with the
series' UID and a RECURRENCE-ID); NULL: the booking's title.
room.changed_at, building.changed_at, organisation.changed_at: when its name, address or other
described values last changed; NULL: not since this revision. A feed shows these names (LOCATION,
CATEGORIES, DESCRIPTION), so the key its 304 is decided by includes the newest of them.

Hand-written, one path for both databases: plain nullable ADD COLUMN (no batch mode: it would
rebuild occurrence on SQLite, see 0004 and 0007).
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('occurrence', sa.Column('title', sa.String(length=200), nullable=True))
    for table in ('room', 'building', 'organisation'):
        op.add_column(table, sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    for table in ('organisation', 'building', 'room'):
        op.execute(f"ALTER TABLE {table} DROP COLUMN changed_at")
    op.execute("ALTER TABLE occurrence DROP COLUMN title")
