"""failed logins counted by the login throttle (issue 11, Security)

Revision ID: 0014
Revises: 0013
Create Date: 2027-02-01 12:00:00.000000

login_failure: one row per counted failed login under a throttle key (a hashed account or client
address), with its moment in UTC. The throttle (booking/security/sql_storage.py) counts the rows of a
key within its window and deletes what is older; every app worker and server shares the table. Not
used when a Redis server holds the counts (RATELIMIT_STORAGE_URI). The same on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'login_failure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure')),
    )
    op.create_index('ix_login_failure_key_at', 'login_failure', ['key', 'at'])
    op.create_index('ix_login_failure_at', 'login_failure', ['at'])


def downgrade():
    op.drop_index('ix_login_failure_at', table_name='login_failure')
    op.drop_index('ix_login_failure_key_at', table_name='login_failure')
    op.drop_table('login_failure')
