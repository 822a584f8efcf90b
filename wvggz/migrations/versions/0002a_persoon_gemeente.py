"""persoon.gemeente: a person belongs to the gemeente whose case created it

Revision ID: 0002a
Revises: 0001

Existing persons take the gemeente of the first case that references them (melding as betrokkene or
melder, triage, crisismaatregel, beroep); a person no case references gets '' and is found by nobody.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002a'
down_revision = '0001'
branch_labels = None
depends_on = None

EERSTE_ZAAK = """
UPDATE persoon SET gemeente = COALESCE(
    (SELECT m.gemeente FROM melding m WHERE m.betrokkene_id = persoon.id ORDER BY m.id LIMIT 1),
    (SELECT m.gemeente FROM melding m WHERE m.melder_id = persoon.id ORDER BY m.id LIMIT 1),
    (SELECT t.gemeente FROM triage t WHERE t.persoon_id = persoon.id ORDER BY t.id LIMIT 1),
    (SELECT c.gemeente FROM crisismaatregel c WHERE c.betrokkene_id = persoon.id ORDER BY c.id LIMIT 1),
    (SELECT b.gemeente FROM beroep b WHERE b.betrokkene_id = persoon.id ORDER BY b.id LIMIT 1),
    '')
"""


def upgrade() -> None:
    # a plain ADD COLUMN with a default: a batch copy of `persoon` would break SQLite's foreign keys
    op.add_column('persoon', sa.Column('gemeente', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False,
                                       server_default=''))
    op.execute(EERSTE_ZAAK)
    if op.get_bind().dialect.name != 'sqlite':  # SQLite cannot drop a default in place; the models always set it
        op.alter_column('persoon', 'gemeente', server_default=None)
    op.create_index('ix_persoon_gemeente_zoeknaam', 'persoon', ['gemeente', 'zoeknaam'], unique=False)
    op.create_index('ix_persoon_gemeente_geboortedatum', 'persoon', ['gemeente', 'geboortedatum'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('persoon', schema=None) as batch_op:
        batch_op.drop_index('ix_persoon_gemeente_geboortedatum')
        batch_op.drop_index('ix_persoon_gemeente_zoeknaam')
        batch_op.drop_column('gemeente')
