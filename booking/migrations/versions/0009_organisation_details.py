"""an organisation's contact, colour and whether it is active (issue 10, Administration)

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-07 12:00:00.000000

organisation.contact: who to reach and how (free text); organisation.colour: '#RRGGBB' or empty, for
the calendars; organisation.active: a deactivated organisation keeps its bookings as history but
books nothing new. Three added columns with defaults, the same on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation') as batch:
        batch.add_column(sa.Column('contact', sa.String(length=250), nullable=False, server_default=''))
        batch.add_column(sa.Column('colour', sa.String(length=7), nullable=False, server_default=''))
        batch.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    with op.batch_alter_table('organisation') as batch:
        batch.drop_column('active')
        batch.drop_column('colour')
        batch.drop_column('contact')
