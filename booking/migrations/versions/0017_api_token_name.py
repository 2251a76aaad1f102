"""a name for each API token, chosen by its user on the account page (issue 11, API completeness)

Revision ID: 0017
Revises: 0016
Create Date: 2027-01-08 10:00:00.000000

api_token.name: what the user calls the token ('Agenda-koppeling'), shown in the list of their
tokens beside its dates so that they know which one to revoke. Existing tokens get ''.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('api_token') as batch:
        batch.add_column(sa.Column('name', sa.String(length=80), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('api_token') as batch:
        batch.drop_column('name')
