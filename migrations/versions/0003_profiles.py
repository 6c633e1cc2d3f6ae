"""profiles: translations, external ids, publication source keys, imports, identity merges

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-30 11:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _profile_columns() -> None:
    # server_default fills existing rows; the models supply the value for new ones.
    with op.batch_alter_table("expert_profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("translations", sa.JSON(), nullable=False, server_default="{}")
        )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_key", sa.String(length=200), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_publications_source_key"), ["source_key"], unique=False
        )


def _external_ids() -> None:
    op.create_table(
        "expert_external_ids",
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["expert_profiles.id"],
            name=op.f("fk_expert_external_ids_expert_id_expert_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_external_ids")),
        sa.UniqueConstraint("scheme", "value", name="scheme_value"),
    )
    with op.batch_alter_table("expert_external_ids", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expert_external_ids_expert_id"), ["expert_id"], unique=False
        )


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _imports() -> None:
    op.create_table(
        "import_batches",
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("hub_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column("updated_count", sa.Integer(), nullable=False),
        sa.Column("unchanged_count", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["hub_id"], ["hubs.id"], name=op.f("fk_import_batches_hub_id_hubs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
        sa.UniqueConstraint("file_sha256", "format", name="file_format"),
    )
    op.create_table(
        "import_rows",
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=True),
        sa.Column("natural_key", sa.String(length=250), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_import_rows_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_rows")),
        sa.UniqueConstraint("batch_id", "line", name="batch_line"),
    )
    with op.batch_alter_table("import_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_rows_batch_id"), ["batch_id"], unique=False)


def _identity() -> None:
    op.create_table(
        "merge_suggestions",
        sa.Column("first_id", sa.Uuid(), nullable=False),
        sa.Column("second_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_suggestions")),
        sa.UniqueConstraint("first_id", "second_id", name="pair"),
    )
    with op.batch_alter_table("merge_suggestions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_merge_suggestions_first_id"), ["first_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_merge_suggestions_second_id"), ["second_id"], unique=False
        )
    op.create_table(
        "merge_records",
        sa.Column("survivor_id", sa.Uuid(), nullable=False),
        sa.Column("merged_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_records")),
    )
    with op.batch_alter_table("merge_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_merge_records_survivor_id"), ["survivor_id"], unique=False
        )


def upgrade() -> None:
    _profile_columns()
    _external_ids()
    _imports()
    _identity()


def downgrade() -> None:
    op.drop_table("merge_records")
    op.drop_table("merge_suggestions")
    op.drop_table("import_rows")
    op.drop_table("import_batches")
    op.drop_table("expert_external_ids")
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publications_source_key"))
        batch_op.drop_column("source_key")
    with op.batch_alter_table("expert_profiles", schema=None) as batch_op:
        batch_op.drop_column("translations")
