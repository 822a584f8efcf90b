"""bewaard_filter: saved filters per user on the werkvoorraad and the escalation list (issue 13.9)

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bewaard_filter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('gemeente', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('lijst', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('naam', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('sleutel', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('waarden', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('gemaakt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('gebruiker_id', 'gemeente', 'lijst', 'sleutel', name='uq_bewaard_filter_naam')
    )
    with op.batch_alter_table('bewaard_filter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bewaard_filter_gebruiker_id'), ['gebruiker_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bewaard_filter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bewaard_filter_gebruiker_id'))
    op.drop_table('bewaard_filter')
