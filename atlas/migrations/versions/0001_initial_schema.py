"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('created', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_record_id'), ['record_id'], unique=False)

    op.create_table('projectionstate',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('last_outbox_id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('slug', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('uri', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('title_en', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('access', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('publisher_id', sa.Integer(), nullable=True),
    sa.Column('source_rdf', sa.Text(), nullable=False),
    sa.Column('edits', sa.JSON(), nullable=False),
    sa.Column('conflicts', sa.JSON(), nullable=False),
    sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('modified', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['publisher_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug'),
    sa.UniqueConstraint('uri')
    )
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_kind'), ['kind'], unique=False)
        batch_op.create_index('ix_record_kind_status_access', ['kind', 'status', 'access'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_modified'), ['modified'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_publisher_id'), ['publisher_id'], unique=False)

    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('access', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('allow_private', sa.Boolean(), nullable=False),
    sa.Column('schedule', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('etag', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('last_modified', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('defaults', sa.JSON(), nullable=False),
    sa.Column('created', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('created', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('concept',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme_id', sa.Integer(), nullable=True),
    sa.Column('pref_label', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('pref_label_en', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('alt_labels', sa.JSON(), nullable=False),
    sa.Column('hidden_labels', sa.JSON(), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('notation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], ),
    sa.ForeignKeyConstraint(['scheme_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('concept', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concept_scheme_id'), ['scheme_id'], unique=False)

    op.create_table('conceptscheme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_info', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('dataservice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('endpoint_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('endpoint_description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('dataset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('identifier', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('is_series', sa.Boolean(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('landing_page', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('issued', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('modified_at', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('frequency', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('spatial', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('license', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('distribution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('uri', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('access_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('download_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('license', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['dataset_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('distribution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distribution_dataset_id'), ['dataset_id'], unique=False)

    op.create_table('harvestrun',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('started', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('finished', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('withdrawn', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('harvestrun', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_harvestrun_source_id'), ['source_id'], unique=False)

    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('method', sa.Text(), nullable=False),
    sa.Column('periodicity', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('spatial_level', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('programme', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=True),
    sa.Column('target_year', sa.Integer(), nullable=True),
    sa.Column('direction', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('relation', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('object_uri', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['object_id'], ['record.id'], ),
    sa.ForeignKeyConstraint(['subject_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('subject_id', 'relation', 'object_uri')
    )
    with op.batch_alter_table('link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_object_uri'), ['object_uri'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_subject_id'), ['subject_id'], unique=False)

    op.create_table('observation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('area_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('area_label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('indicator_id', 'period', 'area_code')
    )
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_observation_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('homepage', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('org_type', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('recordsource',
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('local_key', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('last_seen', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], ),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], ),
    sa.PrimaryKeyConstraint('record_id', 'source_id')
    )
    op.create_table('revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('diff', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_record_id'), ['record_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_record_id'))

    op.drop_table('revision')
    op.drop_table('recordsource')
    op.drop_table('organisation')
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_observation_indicator_id'))

    op.drop_table('observation')
    with op.batch_alter_table('link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_subject_id'))
        batch_op.drop_index(batch_op.f('ix_link_object_uri'))
        batch_op.drop_index(batch_op.f('ix_link_object_id'))

    op.drop_table('link')
    op.drop_table('indicator')
    with op.batch_alter_table('harvestrun', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_harvestrun_source_id'))

    op.drop_table('harvestrun')
    with op.batch_alter_table('distribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distribution_dataset_id'))

    op.drop_table('distribution')
    op.drop_table('dataset')
    op.drop_table('dataservice')
    op.drop_table('conceptscheme')
    with op.batch_alter_table('concept', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concept_scheme_id'))

    op.drop_table('concept')
    op.drop_table('user')
    op.drop_table('source')
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_publisher_id'))
        batch_op.drop_index(batch_op.f('ix_record_modified'))
        batch_op.drop_index('ix_record_kind_status_access')
        batch_op.drop_index(batch_op.f('ix_record_kind'))

    op.drop_table('record')
    op.drop_table('projectionstate')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_record_id'))

    op.drop_table('outbox')
