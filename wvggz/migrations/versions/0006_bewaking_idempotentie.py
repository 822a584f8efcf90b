"""hartslag (process heartbeats) and idempotentie_sleutel (Idempotency-Key answers, 24 h)

Revision ID: 0006
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hartslag',
    sa.Column('naam', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('laatst_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('duur_ms', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('naam')
    )
    op.create_table('idempotentie_sleutel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('route', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('verzoek_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('zaak_id', sa.Integer(), nullable=True),
    sa.Column('aangemaakt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('gebruiker_id', 'sleutel', name='uq_idempotentie_gebruiker_sleutel')
    )
    with op.batch_alter_table('idempotentie_sleutel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotentie_sleutel_aangemaakt_op'), ['aangemaakt_op'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('idempotentie_sleutel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotentie_sleutel_aangemaakt_op'))
    op.drop_table('idempotentie_sleutel')
    op.drop_table('hartslag')
