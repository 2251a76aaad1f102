"""school holiday periods per building (issue 10, Closures)

Revision ID: 0015
Revises: 0014
Create Date: 2027-01-08 12:00:00.000000

school_holiday: a building's school holidays (Dutch ones differ by region: noord, midden, zuid),
local dates from start_date to end_date, both included, with a name and an optional region label.
A recurring series may leave those dates out. ix_school_holiday_building_start (building_id,
start_date): the admin's list and the booking form's question, a building's periods in a window.

booking.skips_school_holidays: the series was asked to leave out its building's school holidays, so
extending it leaves out those of the next period too (default false).

A new table and a column with a default, the same on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('school_holiday',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('building_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_school_holiday_order')),
    sa.ForeignKeyConstraint(['building_id'], ['building.id'], name=op.f('fk_school_holiday_building_id_building'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_holiday'))
    )
    op.create_index('ix_school_holiday_building_start', 'school_holiday', ['building_id', 'start_date'])
    with op.batch_alter_table('booking') as batch:
        batch.add_column(sa.Column('skips_school_holidays', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('booking') as batch:
        batch.drop_column('skips_school_holidays')
    op.drop_index('ix_school_holiday_building_start', table_name='school_holiday')
    op.drop_table('school_holiday')
