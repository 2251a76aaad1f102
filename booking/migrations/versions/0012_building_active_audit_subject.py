"""whether a building is in use, and an index on the audit trail's subject (issue 10, privacy and administration)

Revision ID: 0012
Revises: 0011
Create Date: 2027-01-08 12:00:00.000000

building.active: a deactivated building keeps its rooms and bookings as history (reports) but is no
longer offered for booking, on the day page, the public agenda or the lobby. ix_audit_entry_subject:
the audit screen's filter by subject, a booking's trail (GET /api/v1/audit?booking_id=) and the
privacy scrub all look entries up by (subject_type, subject_id), which read the whole table without it.
The same on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('building') as batch:
        batch.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('audit_entry') as batch:
        batch.create_index('ix_audit_entry_subject', ['subject_type', 'subject_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_entry') as batch:
        batch.drop_index('ix_audit_entry_subject')
    with op.batch_alter_table('building') as batch:
        batch.drop_column('active')
