"""the mail outbox (issue 10, email notifications)

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-07 09:00:00.000000

outbox_message: one composed email per recipient, written in the same transaction as the booking
change it tells of and sent after the commit by `flask mail send` or the app's background sender.
sent_at NULL: not sent yet; next_try: when it is due (moved on with backoff after a failure);
attempts and last_error: the failures so far; claimed_until and claim_token: a sender's claim on
the row, taken by one conditional UPDATE, so that two senders never send the same message.
ix_outbox_message_due (sent_at, next_try): the senders' question, unsent and due.

A new table only, the same on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=250), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('ics', sa.Text(), nullable=True),
    sa.Column('ics_method', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('next_try', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_outbox_message_booking_id_booking'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    op.create_index('ix_outbox_message_booking_id', 'outbox_message', ['booking_id'])
    op.create_index('ix_outbox_message_due', 'outbox_message', ['sent_at', 'next_try'])


def downgrade():
    op.drop_index('ix_outbox_message_due', table_name='outbox_message')
    op.drop_index('ix_outbox_message_booking_id', table_name='outbox_message')
    op.drop_table('outbox_message')
