"""equipment and extras with a booking (issue 10, Administration)

Revision ID: 0010
Revises: 0009
Create Date: 2027-01-08 12:00:00.000000

extra: an item a building lends out (kind 'loan', with a stock: 2 beamers) or provides per person
(kind 'consumable': coffee and tea, no limit), with an active flag and a note.
booking_extra: what a booking asks for, a quantity of one extra on every date of the booking;
ix_booking_extra_extra (extra_id, booking_id): the stock check's way from an extra to its bookings.
Two new tables, the same on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('extra',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('building_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('loan', 'consumable', name='extra_kind', native_enum=False, create_constraint=True,
                              length=20), nullable=False),
    sa.Column('stock', sa.Integer(), server_default='0', nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.CheckConstraint('stock >= 0', name=op.f('ck_extra_stock')),
    sa.ForeignKeyConstraint(['building_id'], ['building.id'], name=op.f('fk_extra_building_id_building')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extra')),
    sa.UniqueConstraint('building_id', 'name', name=op.f('uq_extra_building_id'))
    )
    op.create_index('ix_extra_building_id', 'extra', ['building_id'])
    op.create_table('booking_extra',
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('extra_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_booking_extra_quantity')),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_extra_booking_id_booking'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['extra_id'], ['extra.id'], name=op.f('fk_booking_extra_extra_id_extra')),
    sa.PrimaryKeyConstraint('booking_id', 'extra_id', name=op.f('pk_booking_extra'))
    )
    op.create_index('ix_booking_extra_extra', 'booking_extra', ['extra_id', 'booking_id'])


def downgrade():
    op.drop_index('ix_booking_extra_extra', table_name='booking_extra')
    op.drop_table('booking_extra')
    op.drop_index('ix_extra_building_id', table_name='extra')
    op.drop_table('extra')
