"""the project channel: a thread message belongs to an order or to a project

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("thread_messages") as batch:
        batch.add_column(sa.Column("project_id", sa.Uuid(), nullable=True))
        batch.alter_column("order_id", existing_type=sa.Uuid(), nullable=True)
        batch.create_foreign_key(
            "fk_thread_messages_project_id_projects",
            "projects",
            ["project_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_thread_messages_project_id", ["project_id"])


def downgrade() -> None:
    op.execute("DELETE FROM thread_messages WHERE order_id IS NULL")
    with op.batch_alter_table("thread_messages") as batch:
        batch.drop_index("ix_thread_messages_project_id")
        batch.drop_constraint("fk_thread_messages_project_id_projects", type_="foreignkey")
        batch.drop_column("project_id")
        batch.alter_column("order_id", existing_type=sa.Uuid(), nullable=False)
