"""audit: hash chain on historie and toegang, client address, retention mark; log-table rights on PostgreSQL

Revision ID: 0004
Revises: 0001
"""
from alembic import context, op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_keten',
    sa.Column('tabel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('gemeente', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('volgnummer', sa.Integer(), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('tabel', 'gemeente')
    )
    for tabel in ('historie', 'toegang'):
        with op.batch_alter_table(tabel, schema=None) as batch_op:
            if tabel == 'toegang':
                batch_op.add_column(sa.Column('adres', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
            batch_op.add_column(sa.Column('gemeente', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
            batch_op.add_column(sa.Column('volgnummer', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
            batch_op.create_index(f'ix_{tabel}_keten', ['gemeente', 'volgnummer'], unique=True)
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geanonimiseerd_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table('persoon', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geanonimiseerd_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    if op.get_bind().dialect.name == 'postgresql':
        from wvggz.audit.rechten import rechten_ddl

        attributen = context.config.attributes
        for statement in rechten_ddl(op.get_bind(), attributen.get('app_rol'), attributen.get('eigenaar_rol')):
            op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table('persoon', schema=None) as batch_op:
        batch_op.drop_column('geanonimiseerd_op')
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.drop_column('geanonimiseerd_op')
    for tabel in ('toegang', 'historie'):
        with op.batch_alter_table(tabel, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{tabel}_keten')
            batch_op.drop_column('hash')
            batch_op.drop_column('volgnummer')
            batch_op.drop_column('gemeente')
            if tabel == 'toegang':
                batch_op.drop_column('adres')
    op.drop_table('audit_keten')
