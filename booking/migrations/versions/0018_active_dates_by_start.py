"""an index of the active dates by start with their booking, for 'series that end soon'

Revision ID: 0018
Revises: 0017
Create Date: 2027-01-11 10:00:00.000000

'Our bookings' lists the series whose last active date falls in the coming month: the active dates
of that month grouped by booking. ix_occurrence_time has no booking_id, so PostgreSQL visited the
table for each date (a month at 1M dates is 17,000 of them, in 737 pages): 11-20 ms. This partial
index holds exactly the active dates with their booking, and the month is read from it alone
(an index-only scan): 3.5 ms at 1M. Both databases know partial indexes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('confirmed', 'pending')")


def upgrade():
    op.create_index('ix_occurrence_active_start', 'occurrence', ['starts_at', 'booking_id'],
                    postgresql_where=ACTIVE, sqlite_where=ACTIVE)


def downgrade():
    op.drop_index('ix_occurrence_active_start', table_name='occurrence')
