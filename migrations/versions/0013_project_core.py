"""projects from two doors, with a lifecycle, a consortium with history and amendments

Revision ID: 0013
Revises: 0002, 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
# Also the merge point of the two lines that grew from 0001 (workflow; the rest): the
# projects table this changes is 0002's, so it must come after that line too.
down_revision: str | Sequence[str] | None = ("0002", "0012")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _project_columns(batch: object) -> None:
    add = batch.add_column  # type: ignore[attr-defined]
    add(sa.Column("origin", sa.String(20), server_default="proposal", nullable=False))
    add(sa.Column("created_by_id", sa.Uuid(), nullable=True))
    add(sa.Column("summary", sa.Text(), server_default="", nullable=False))
    add(sa.Column("language", sa.String(5), server_default="vi", nullable=False))
    add(sa.Column("translations", sa.JSON(), nullable=True))
    add(sa.Column("fields", sa.JSON(), nullable=True))
    add(sa.Column("confidential", sa.Boolean(), server_default=sa.false(), nullable=False))
    add(sa.Column("duration_months", sa.Integer(), nullable=True))
    add(sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True))
    add(sa.Column("status_reason", sa.Text(), nullable=True))


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        _project_columns(batch)
        batch.alter_column("order_id", existing_type=sa.Uuid(), nullable=True)
        batch.alter_column("proposal_id", existing_type=sa.Uuid(), nullable=True)
        batch.create_foreign_key(
            "fk_projects_created_by_id_users", "users", ["created_by_id"], ["id"]
        )
        batch.create_index("ix_projects_status", ["status"])
    # The first projects: the order's language, fields and confidentiality carry over;
    # "completed" is now "closed".
    op.execute(
        "UPDATE projects SET "
        "language = (SELECT o.language FROM orders o WHERE o.id = projects.order_id), "
        "fields = (SELECT o.fields FROM orders o WHERE o.id = projects.order_id), "
        "confidential = (SELECT o.confidentiality <> 'public' FROM orders o "
        "WHERE o.id = projects.order_id) "
        "WHERE order_id IS NOT NULL"
    )
    op.execute("UPDATE projects SET status = 'closed' WHERE status = 'completed'")
    op.execute("UPDATE projects SET translations = '{}'")
    op.execute("UPDATE projects SET fields = '[]' WHERE fields IS NULL")
    with op.batch_alter_table("projects") as batch:
        batch.alter_column("translations", existing_type=sa.JSON(), nullable=False)
        batch.alter_column("fields", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("project_partners") as batch:
        batch.add_column(sa.Column("role", sa.String(20), server_default="partner", nullable=False))
        batch.add_column(sa.Column("contact_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("contact_email", sa.String(320), nullable=True))
        batch.add_column(sa.Column("joined_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("left_on", sa.Date(), nullable=True))
    # The requester's organization and the expert led their sides.
    op.execute("UPDATE project_partners SET role = 'lead' WHERE position < 2")
    op.create_table(
        "project_amendments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_project_amendments_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name="fk_project_amendments_author_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_amendments"),
    )  # fmt: skip
    op.create_index("ix_project_amendments_project_id", "project_amendments", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_project_amendments_project_id", table_name="project_amendments")
    op.drop_table("project_amendments")
    with op.batch_alter_table("project_partners") as batch:
        for column in ("left_on", "joined_on", "contact_email", "contact_name", "role"):
            batch.drop_column(column)
    op.execute("UPDATE projects SET status = 'completed' WHERE status = 'closed'")
    with op.batch_alter_table("projects") as batch:
        batch.drop_index("ix_projects_status")
        batch.drop_constraint("fk_projects_created_by_id_users", type_="foreignkey")
        for column in ("status_reason", "status_changed_at", "duration_months",
                       "confidential", "fields", "translations", "language", "summary",
                       "created_by_id", "origin"):  # fmt: skip
            batch.drop_column(column)
