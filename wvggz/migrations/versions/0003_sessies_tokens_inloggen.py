"""server-side sessions, token expiry/revocation, login lockout, TOTP, OIDC subject

Revision ID: 0003
Revises: 0001
"""
from datetime import timedelta

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003'
down_revision = '0002a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from wvggz.clock import SystemClock

    op.create_table('sessie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sleutel_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=True),
    sa.Column('gegevens', sa.Text(), nullable=False),
    sa.Column('aangemaakt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('laatst_gebruikt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('verloopt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessie_sleutel_hash'), ['sleutel_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_sessie_gebruiker_id'), ['gebruiker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessie_verloopt_op'), ['verloopt_op'], unique=False)

    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mislukte_pogingen', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('geblokkeerd_tot', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('totp_geheim', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('extern_id', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.create_index(batch_op.f('ix_gebruiker_extern_id'), ['extern_id'], unique=True)
    # the server default of mislukte_pogingen stays: dropping it would make SQLite rebuild `gebruiker`,
    # which the foreign keys of every table referring to users forbid

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verloopt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('ingetrokken_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('laatst_gebruikt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    # tokens issued before expiry existed get the standard 90 days from now
    tabel = sa.table('api_token', sa.column('verloopt_op', sqlmodel.sql.sqltypes.UTCDateTime()))
    op.execute(tabel.update().values(verloopt_op=SystemClock().now() + timedelta(days=90)))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('verloopt_op', existing_type=sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('laatst_gebruikt')
        batch_op.drop_column('ingetrokken_op')
        batch_op.drop_column('verloopt_op')
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gebruiker_extern_id'))
        batch_op.drop_column('extern_id')
        batch_op.drop_column('totp_geheim')
        batch_op.drop_column('geblokkeerd_tot')
        batch_op.drop_column('mislukte_pogingen')
    op.drop_table('sessie')
