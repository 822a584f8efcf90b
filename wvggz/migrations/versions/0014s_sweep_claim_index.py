"""ix_termijn_sweep gains `id`: the claim's ORDER BY (volgende_trede_op, id) is read from the index, so on
PostgreSQL a claim reads one batch of rows instead of sorting every due row (issue 15, the sweep).
SQLite already had it (its indexes end in the rowid); the plan there is unchanged.

Revision ID: 0014s
Revises: 0013
"""
from alembic import op


revision = '0014s'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('termijn', schema=None) as batch_op:
        batch_op.drop_index('ix_termijn_sweep')
        batch_op.create_index('ix_termijn_sweep', ['status', 'volgende_trede_op', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('termijn', schema=None) as batch_op:
        batch_op.drop_index('ix_termijn_sweep')
        batch_op.create_index('ix_termijn_sweep', ['status', 'volgende_trede_op'], unique=False)
