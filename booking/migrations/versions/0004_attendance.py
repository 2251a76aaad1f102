"""attendance and ticked-off setup notes of each date, for the front desk's day

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-04 09:00:00.000000

occurrence.attendance: NULL (nothing noted), 'arrived' or 'no_show', guarded by a CHECK
constraint named as the model's enum column names it (ck_occurrence_occurrence_attendance).
occurrence.setup_done_at: when the front desk ticked off the booking's setup notes for the date.
The existing occurrence.arrived_at (unused until now) is kept: it is set to the moment the front
desk marks a date 'arrived', and cleared when the mark changes (booking/calendar/attendance.py).

Hand-written, one path for both databases: ALTER TABLE ... ADD COLUMN with the CHECK constraint
on the column itself, which SQLite (3.37+ checks it against the existing rows, all NULL here)
and PostgreSQL both accept. Alembic's batch mode would rebuild the occurrence table on SQLite,
and dropping the old table would cascade to room_hold (ON DELETE CASCADE, foreign keys on).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE occurrence ADD COLUMN attendance VARCHAR(20) "
               "CONSTRAINT ck_occurrence_occurrence_attendance CHECK (attendance IN ('arrived', 'no_show'))")
    op.add_column('occurrence', sa.Column('setup_done_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # SQLite (3.35+) drops a column together with its own CHECK constraint; so does PostgreSQL.
    op.execute("ALTER TABLE occurrence DROP COLUMN setup_done_at")
    op.execute("ALTER TABLE occurrence DROP COLUMN attendance")
