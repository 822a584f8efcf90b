"""dashboard_maandcijfer, dashboard_doorlooptijd: the dashboard's monthly figures, kept per decision; indexes
for the counts of open meldingen (issue 15, ADR 0019)

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dashboard_maandcijfer',
    sa.Column('gemeente', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('maand', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('cijfer', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('aantal', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('gemeente', 'maand', 'cijfer')
    )
    op.create_table('dashboard_doorlooptijd',
    sa.Column('microseconden', sa.BigInteger(), nullable=False),
    sa.Column('melding_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('gemeente', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('maand', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.PrimaryKeyConstraint('melding_id')
    )
    with op.batch_alter_table('dashboard_doorlooptijd', schema=None) as batch_op:
        batch_op.create_index('ix_doorlooptijd_maand', ['gemeente', 'maand', 'microseconden'], unique=False)
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.create_index('ix_melding_open_status', ['gemeente', 'open', 'status'], unique=False)
        batch_op.create_index('ix_melding_open_behandelaar', ['gemeente', 'open', 'behandelaar_id'], unique=False)
    from wvggz.cijfers.service import herbereken

    herbereken(op.get_bind())  # derived data: filled from the meldingen present


def downgrade() -> None:
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.drop_index('ix_melding_open_behandelaar')
        batch_op.drop_index('ix_melding_open_status')
    with op.batch_alter_table('dashboard_doorlooptijd', schema=None) as batch_op:
        batch_op.drop_index('ix_doorlooptijd_maand')
    op.drop_table('dashboard_doorlooptijd')
    op.drop_table('dashboard_maandcijfer')
