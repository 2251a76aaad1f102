"""mail notices: the booking's transaction writes one row per change, the sender writes the letters (issue 7)

Revision ID: 0016
Revises: 0015
Create Date: 2027-01-08 09:00:00.000000

mail_notice: a change to a booking still to be told. The booking services wrote every recipient's
letter and .ics into outbox_message inside the booking's transaction, under the room lock; now they
write this one row there, and the sender turns it into outbox_message rows after the commit.
date_ids: a JSON list of the dates concerned (NULL: all); status and new_request: as at the change;
base_url: the app's address for the letters' links; drafted_at NULL: not yet turned into messages.
ix_mail_notice_open (drafted_at, id): the sender's question. A new table, the same on both databases.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('how', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('date_ids', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('new_request', sa.Boolean(), nullable=False),
    sa.Column('base_url', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('drafted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_mail_notice_booking_id_booking'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_notice'))
    )
    op.create_index('ix_mail_notice_booking_id', 'mail_notice', ['booking_id'])
    op.create_index('ix_mail_notice_open', 'mail_notice', ['drafted_at', 'id'])


def downgrade():
    op.drop_index('ix_mail_notice_open', table_name='mail_notice')
    op.drop_index('ix_mail_notice_booking_id', table_name='mail_notice')
    op.drop_table('mail_notice')
