"""ix_melding_werkvoorraad covers the werkvoorraad's sort and filters; ix_termijn_einde (issue 15, ADR 0019 round 4)

The open meldingen's besloten_op, besluit and betrokkene_id come from the index: sorting a page, the overdue
filter, the places of residence and the dashboard's late open terms no longer read the melding rows.
ix_termijn_einde gives the dashboard the first and last end of the running terms by two index seeks.

Revision ID: 0014
Revises: 0013
"""
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

OUD = ['gemeente', 'open', 'uiterlijk_besluit_op']
NIEUW = [*OUD, 'besloten_op', 'besluit', 'betrokkene_id']


def upgrade() -> None:
    op.drop_index('ix_melding_werkvoorraad', table_name='melding')
    op.create_index('ix_melding_werkvoorraad', 'melding', NIEUW, unique=False)
    op.create_index('ix_termijn_einde', 'termijn', ['status', 'einddatum'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_termijn_einde', table_name='termijn')
    op.drop_index('ix_melding_werkvoorraad', table_name='melding')
    op.create_index('ix_melding_werkvoorraad', 'melding', OUD, unique=False)
