"""the active dates' index carries what the front desk's day reads of each date (issue 8)

Revision ID: 0019
Revises: 0018
Create Date: 2027-01-14 10:00:00.000000

The day's dates statement (calendar/day_queries.py) found its 150 dates at 274k through an index and
then visited the table for each of them (~150 heap pages): 1.3 ms of its 1.9 ms. The partial index of
active dates by start (0018) now also carries, as INCLUDE columns, the other columns the day reads of a
date, so that PostgreSQL reads the day from the index alone (an index-only scan, no heap pages). It
replaces 0018's index rather than standing beside it: 'series that end soon' still reads starts_at and
booking_id from it alone, and every new date still updates one index fewer than with two. SQLite knows
no INCLUDE: there the index is 0018's, under its new name.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('confirmed', 'pending')")
CARRIED = ['id', 'room_id', 'ends_at', 'status', 'attendance', 'setup_done_at', 'title']


def upgrade():
    op.drop_index('ix_occurrence_active_start', table_name='occurrence')
    op.create_index('ix_occurrence_active_dates', 'occurrence', ['starts_at', 'booking_id'],
                    postgresql_include=CARRIED, postgresql_where=ACTIVE, sqlite_where=ACTIVE)


def downgrade():
    op.drop_index('ix_occurrence_active_dates', table_name='occurrence')
    op.create_index('ix_occurrence_active_start', 'occurrence', ['starts_at', 'booking_id'],
                    postgresql_where=ACTIVE, sqlite_where=ACTIVE)
