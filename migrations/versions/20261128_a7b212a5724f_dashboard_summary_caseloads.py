"""dashboard summary: case workers and follow-ups, added up as caseload and follow-up cells

Filled here from the case assignments, the tasks not done and whatever
`dashboard_beneficiaries` holds, so that caseloads stay as they were where the summary
was already rebuilt; `flask dashboards rebuild` recomputes everything, as ever.

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
    op.execute(
        "INSERT INTO dashboard_case_workers (beneficiary_id, user_id) "
        "SELECT beneficiary_id, user_id FROM case_assignments"
    )
    op.execute(
        "INSERT INTO dashboard_follow_ups (task_id, beneficiary_id, due_on) "
        "SELECT id, beneficiary_id, due_on FROM tasks WHERE done_at IS NULL"
    )
    op.execute(
        "INSERT INTO dashboard_caseload_cells (organisation_id, user_id, cases) "
        "SELECT b.organisation_id, w.user_id, count(*) FROM dashboard_case_workers w "
        "JOIN dashboard_beneficiaries b ON b.beneficiary_id = w.beneficiary_id "
        "WHERE b.open_case GROUP BY b.organisation_id, w.user_id"
    )
    op.execute(
        "INSERT INTO dashboard_follow_up_cells (organisation_id, due_on, tasks) "
        "SELECT b.organisation_id, f.due_on, count(*) FROM dashboard_follow_ups f "
        "JOIN dashboard_beneficiaries b ON b.beneficiary_id = f.beneficiary_id "
        "WHERE b.open_case GROUP BY b.organisation_id, f.due_on"
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
