"""rental charges: a room's charging mode, cancellation deadline and rates per kind of organisation (issue 10)

Revision ID: 0011
Revises: 0010
Create Date: 2027-01-14 12:00:00.000000

room.charge_mode: 'hour' or 'daypart' (domain.charges); room.cancel_deadline_hours: a cancelled date is
still charged when it was cancelled less than this many hours before its start (0: never). Both are added
with server defaults, without a table rebuild on SQLite (the services check the values).
room_rate: per room and kind of organisation the rate per hour and per day part, in euro cents (NULL: free).

When a date was cancelled needs no column: the audit trail has it (reports.lateness.cancel_times).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('room') as batch:
        batch.add_column(sa.Column('charge_mode', sa.String(length=10), nullable=False, server_default='hour'))
        batch.add_column(sa.Column('cancel_deadline_hours', sa.Integer(), nullable=False, server_default='0'))
    op.create_table(
        'room_rate',
        sa.Column('room_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('care', 'welfare', 'volunteers', 'residents', 'other', name='room_rate_kind',
                                  native_enum=False, create_constraint=True, length=20), nullable=False),
        sa.Column('hour_cents', sa.Integer(), nullable=True),
        sa.Column('daypart_cents', sa.Integer(), nullable=True),
        sa.CheckConstraint('hour_cents IS NULL OR hour_cents >= 0', name=op.f('ck_room_rate_hour_cents')),
        sa.CheckConstraint('daypart_cents IS NULL OR daypart_cents >= 0', name=op.f('ck_room_rate_daypart_cents')),
        sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_room_rate_room_id_room'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('room_id', 'kind', name=op.f('pk_room_rate')),
    )


def downgrade():
    op.drop_table('room_rate')
    with op.batch_alter_table('room') as batch:
        batch.drop_column('cancel_deadline_hours')
        batch.drop_column('charge_mode')
