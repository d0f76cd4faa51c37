"""harvest ownership and pages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('harvestpage',
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('next_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('uris', sa.JSON(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('seen', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], ),
    sa.PrimaryKeyConstraint('source_id', 'url')
    )
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_id', sa.Integer(), nullable=True))
        # existing records were never withdrawn by a harvest
        batch_op.add_column(sa.Column('vanished', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_index(batch_op.f('ix_record_source_id'), ['source_id'], unique=False)
        batch_op.create_foreign_key('fk_record_source_id_source', 'source', ['source_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.drop_constraint('fk_record_source_id_source', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_record_source_id'))
        batch_op.drop_column('vanished')
        batch_op.drop_column('source_id')

    op.drop_table('harvestpage')
