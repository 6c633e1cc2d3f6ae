"""order workflow: attachments, invitations, proposal comments, projects, threads, notifications

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Uuid(), nullable=False)


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "order_attachments",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
        _at("created_at"),
        _id(),
        _fk("order_attachments", "order_id", "orders", "CASCADE"),
        _fk("order_attachments", "uploaded_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_attachments")),
    )
    _indexes("order_attachments", "order_id")

    op.create_table(
        "invitations",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        _at("invited_at", True),
        _at("responded_at", True),
        _id(),
        _at("created_at"),
        _at("updated_at"),
        _fk("invitations", "order_id", "orders", "CASCADE"),
        _fk("invitations", "expert_id", "expert_profiles", "CASCADE"),
        _fk("invitations", "created_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("order_id", "expert_id", name="invitation_order_expert"),
    )
    _indexes("invitations", "expert_id", "order_id", "status")

    op.create_table(
        "proposal_comments",
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _at("created_at"),
        _id(),
        _fk("proposal_comments", "proposal_id", "proposals", "CASCADE"),
        _fk("proposal_comments", "author_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_comments")),
    )
    _indexes("proposal_comments", "proposal_id")

    op.create_table(
        "thread_messages",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _at("created_at"),
        _id(),
        _fk("thread_messages", "order_id", "orders", "CASCADE"),
        _fk("thread_messages", "author_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread_messages")),
    )
    _indexes("thread_messages", "order_id")

    op.create_table(
        "notifications",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("message", sa.String(length=300), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=True),
        _at("created_at"),
        _at("read_at", True),
        _id(),
        _fk("notifications", "user_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    _indexes("notifications", "ref", "user_id")

    op.create_table(
        "email_outbox",
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _at("created_at"),
        _at("sent_at", True),
        _id(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_outbox")),
    )
    _indexes("email_outbox", "status")

    _create_projects()


def _create_projects() -> None:
    op.create_table(
        "projects",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("hub_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        _id(),
        _at("created_at"),
        _at("updated_at"),
        _fk("projects", "order_id", "orders"),
        _fk("projects", "proposal_id", "proposals"),
        _fk("projects", "hub_id", "hubs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("order_id", name=op.f("uq_projects_order_id")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_projects_proposal_id")),
    )
    _indexes("projects", "hub_id")

    op.create_table(
        "project_partners",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("expert_id", sa.Uuid(), nullable=True),
        sa.Column("share_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        _id(),
        _fk("project_partners", "project_id", "projects", "CASCADE"),
        _fk("project_partners", "organization_id", "organizations"),
        _fk("project_partners", "expert_id", "expert_profiles"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_partners")),
    )
    _indexes("project_partners", "project_id")

    op.create_table(
        "project_milestones",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("deliverable", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        _id(),
        _fk("project_milestones", "project_id", "projects", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_milestones")),
    )
    _indexes("project_milestones", "project_id")

    op.create_table(
        "project_funding",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("share_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        _id(),
        _fk("project_funding", "project_id", "projects", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_funding")),
    )
    _indexes("project_funding", "project_id")


def downgrade() -> None:
    for table in (
        "project_funding",
        "project_milestones",
        "project_partners",
        "projects",
        "email_outbox",
        "notifications",
        "thread_messages",
        "proposal_comments",
        "invitations",
        "order_attachments",
    ):
        op.drop_table(table)
