"""notities: append-only notes on every case kind (issue 13.7)

Revision ID: 0011
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0011'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notitie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zaak_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('zaak_id', sa.Integer(), nullable=False),
    sa.Column('tekst', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('gemaakt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('gemaakt_door_id', sa.Integer(), nullable=True),
    sa.Column('gemaakt_door', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['gemaakt_door_id'], ['gebruiker.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notitie', schema=None) as batch_op:
        batch_op.create_index('ix_notitie_zaak', ['zaak_type', 'zaak_id', 'id'], unique=False)
    from wvggz.audit.models import append_only_ddl

    for statement in append_only_ddl("notitie", op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table('notitie', schema=None) as batch_op:
        batch_op.drop_index('ix_notitie_zaak')
    op.drop_table('notitie')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS notitie_append_only()")
