"""concept labels for lookup, editorial status, integrity findings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conceptlabel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concept_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.ForeignKeyConstraint(['concept_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conceptlabel', schema=None) as batch_op:
        batch_op.create_index('ix_conceptlabel_key', ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_conceptlabel_concept_id'), ['concept_id'],
                              unique=False)

    op.create_table('integrityfinding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=True),
    sa.Column('concept_id', sa.Integer(), nullable=True),
    sa.Column('focus', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['scheme_id'], ['record.id'], ),
    sa.ForeignKeyConstraint(['concept_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('integrityfinding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integrityfinding_scheme_id'), ['scheme_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_integrityfinding_concept_id'), ['concept_id'],
                              unique=False)

    op.create_table('integritycheck',
    sa.Column('scheme_id', sa.Integer(), nullable=False),
    sa.Column('stamp', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('checked', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('concepts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['scheme_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('scheme_id')
    )

    with op.batch_alter_table('concept', schema=None) as batch_op:
        batch_op.add_column(sa.Column('editorial_status',
                                      sqlmodel.sql.sqltypes.AutoString(length=40),
                                      nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_concept_editorial_status'), ['editorial_status'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('concept', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concept_editorial_status'))
        batch_op.drop_column('editorial_status')
    op.drop_table('integritycheck')
    with op.batch_alter_table('integrityfinding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_integrityfinding_concept_id'))
        batch_op.drop_index(batch_op.f('ix_integrityfinding_scheme_id'))
    op.drop_table('integrityfinding')
    with op.batch_alter_table('conceptlabel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conceptlabel_concept_id'))
        batch_op.drop_index('ix_conceptlabel_key')
    op.drop_table('conceptlabel')
