"""dashboard summary: case workers and follow-ups, added up as caseload and follow-up cells

Like the rest of the summary, not backfilled here: on a database that already holds
cases, run `flask dashboards rebuild` once after this upgrade.

Revision ID: a7b212a5724f
Revises: d45b0a7d1c2e
Create Date: 2026-11-28 20:45:12.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7b212a5724f'
down_revision = 'd45b0a7d1c2e'
branch_labels = None
depends_on = None


def upgrade(engine_name):
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name):
    globals()["downgrade_%s" % engine_name]()





def upgrade_():
    op.create_table('dashboard_case_workers',
    sa.Column('beneficiary_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('beneficiary_id', 'user_id', name=op.f('pk_dashboard_case_workers'))
    )
    op.create_table('dashboard_follow_ups',
    sa.Column('task_id', sa.Uuid(), nullable=False),
    sa.Column('beneficiary_id', sa.Uuid(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('task_id', name=op.f('pk_dashboard_follow_ups'))
    )
    with op.batch_alter_table('dashboard_follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_dashboard_follow_ups_beneficiary_id', ['beneficiary_id'], unique=False)

    op.create_table('dashboard_caseload_cells',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('organisation_id', 'user_id', name=op.f('pk_dashboard_caseload_cells'))
    )
    op.create_table('dashboard_follow_up_cells',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('tasks', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('organisation_id', 'due_on', name=op.f('pk_dashboard_follow_up_cells'))
    )


def downgrade_():
    op.drop_table('dashboard_follow_up_cells')
    op.drop_table('dashboard_caseload_cells')
    with op.batch_alter_table('dashboard_follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_dashboard_follow_ups_beneficiary_id')

    op.drop_table('dashboard_follow_ups')
    op.drop_table('dashboard_case_workers')


def upgrade_keystore():
    pass


def downgrade_keystore():
    pass
