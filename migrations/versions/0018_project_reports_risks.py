"""periodic reports of projects (rules and reports) and the risk register

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    t = "project_report_rules"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("frequency", sa.String(20), nullable=False),
        sa.Column("anchor", sa.String(20), nullable=False),
        sa.Column("funder_partner_id", sa.Uuid(), nullable=True),
        sa.Column("funder_name", sa.String(300), nullable=True),
        sa.Column("due_days", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Uuid(), nullable=True),
        *_stamps(),
        _fk(t, "project_id", "projects", "CASCADE"),
        _fk(t, "funder_partner_id", "project_partners", "SET NULL"),
        _fk(t, "updated_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
    )
    op.create_index(f"ix_{t}_project_id", t, ["project_id"])
    t = "project_reports"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=True),
        sa.Column("funder_name", sa.String(300), nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("narratives", sa.JSON(), nullable=False),
        sa.Column("source_language", sa.String(5), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        *_stamps(),
        _fk(t, "project_id", "projects", "CASCADE"),
        _fk(t, "rule_id", "project_report_rules", "SET NULL"),
        _fk(t, "submitted_by_id", "users"),
        _fk(t, "decided_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
    )
    for column in ("project_id", "rule_id", "due_date", "status"):
        op.create_index(f"ix_{t}_{column}", t, [column])
    t = "project_risks"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("owner_partner_id", sa.Uuid(), nullable=True),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        *_stamps(),
        _fk(t, "project_id", "projects", "CASCADE"),
        _fk(t, "owner_partner_id", "project_partners", "SET NULL"),
        _fk(t, "created_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
    )
    op.create_index(f"ix_{t}_project_id", t, ["project_id"])
    t = "project_risk_assessments"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("risk_id", sa.Uuid(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk(t, "risk_id", "project_risks", "CASCADE"),
        _fk(t, "report_id", "project_reports", "CASCADE"),
        _fk(t, "recorded_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.UniqueConstraint("risk_id", "report_id", name=f"uq_{t}_risk_id"),
    )
    op.create_index(f"ix_{t}_risk_id", t, ["risk_id"])
    op.create_index(f"ix_{t}_report_id", t, ["report_id"])


def downgrade() -> None:
    for t, columns in (
        ("project_risk_assessments", ("risk_id", "report_id")),
        ("project_risks", ("project_id",)),
        ("project_reports", ("project_id", "rule_id", "due_date", "status")),
        ("project_report_rules", ("project_id",)),
    ):
        for column in columns:
            op.drop_index(f"ix_{t}_{column}", table_name=t)
        op.drop_table(t)
