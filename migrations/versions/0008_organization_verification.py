"""organizations are verified by the hub's coordinators (existing ones back-filled as
verified); requests to join an organization

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organizations") as batch:
        # the server default back-fills the organizations already known to the hubs
        batch.add_column(
            sa.Column(
                "status", sa.String(length=20), server_default=sa.text("'verified'"),
                nullable=False,
            )
        )  # fmt: skip
        batch.add_column(sa.Column("rejection_reason", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("created_by_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            "fk_organizations_created_by_id_users", "users", ["created_by_id"], ["id"],
            ondelete="SET NULL",
        )  # fmt: skip
    op.create_table(
        "join_requests",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_join_requests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_join_requests_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_join_requests_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_join_requests")),
    )
    op.create_index(op.f("ix_join_requests_user_id"), "join_requests", ["user_id"])
    op.create_index(op.f("ix_join_requests_organization_id"), "join_requests", ["organization_id"])


def downgrade() -> None:
    op.drop_index("ix_join_requests_organization_id", table_name="join_requests")
    op.drop_index("ix_join_requests_user_id", table_name="join_requests")
    op.drop_table("join_requests")
    with op.batch_alter_table("organizations") as batch:
        batch.drop_constraint("fk_organizations_created_by_id_users", type_="foreignkey")
        batch.drop_column("created_by_id")
        batch.drop_column("rejection_reason")
        batch.drop_column("status")
