"""recorded exchange rates; a project's funding lines with their fiscal periods (the first
projects' funding sources carried over as lines)

Revision ID: 0015
Revises: 0013
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rates() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("quote", sa.String(3), nullable=False),
        sa.Column("rate", sa.Numeric(24, 10), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("entered_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["users.id"], name="fk_exchange_rates_entered_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_exchange_rates"),
        sa.UniqueConstraint(
            "currency", "quote", "valid_from", "valid_to", "source",
            name="uq_exchange_rates_currency",
        ),
    )  # fmt: skip
    op.create_index("ix_exchange_rates_currency", "exchange_rates", ["currency"])


def _lines() -> None:
    op.create_table(
        "project_funding_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("funder_name", sa.String(300), nullable=False),
        sa.Column("funder_country", sa.String(2), nullable=True),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("amount", sa.Numeric(18, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("fiscal_convention", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_project_funding_lines_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["project_partners.id"],
            name="fk_project_funding_lines_partner_id_project_partners",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"],
            name="fk_project_funding_lines_organization_id_organizations",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_funding_lines"),
    )  # fmt: skip
    op.create_index("ix_project_funding_lines_project_id", "project_funding_lines", ["project_id"])
    op.create_table(
        "project_funding_periods",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("line_id", sa.Uuid(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("committed", sa.Numeric(18, 2), nullable=False),
        sa.Column("disbursed", sa.Numeric(18, 2), nullable=False),
        sa.Column("spent", sa.Numeric(18, 2), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"], ["project_funding_lines.id"],
            name="fk_project_funding_periods_line_id_project_funding_lines",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_funding_periods"),
        sa.UniqueConstraint(
            "line_id", "fiscal_year", name="uq_project_funding_periods_line_id"
        ),
    )  # fmt: skip
    op.create_index(
        "ix_project_funding_periods_line_id", "project_funding_periods",
        ["line_id"],
    )  # fmt: skip


def _carry_over() -> None:
    """Each funding source of the first projects becomes a cash line (its source the funder's
    name, calendar fiscal years: the first projects were Vietnamese-funded). The old table
    stays for now."""
    old = sa.table(
        "project_funding",
        sa.column("project_id", sa.Uuid()),
        sa.column("source", sa.String()),
        sa.column("amount", sa.Numeric(18, 2)),
        sa.column("currency", sa.String()),
        sa.column("position", sa.Integer()),
    )
    new = sa.table(
        "project_funding_lines",
        *(sa.column(n, sa.Uuid()) for n in ("id", "project_id")),
        *(sa.column(n, sa.String()) for n in ("funder_name", "reference", "currency", "kind",
                                               "fiscal_convention")),
        sa.column("amount", sa.Numeric(18, 2)),
        sa.column("position", sa.Integer()),
        *(sa.column(n, sa.DateTime(timezone=True)) for n in ("created_at", "updated_at")),
    )  # fmt: skip
    bind = op.get_bind()
    now = datetime.now(UTC)
    rows = bind.execute(
        sa.select(old.c.project_id, old.c.source, old.c.amount, old.c.currency, old.c.position)
    ).all()
    if rows:
        bind.execute(
            new.insert(),
            [
                {
                    "id": uuid.uuid4(), "project_id": r.project_id, "funder_name": r.source,
                    "reference": "", "currency": r.currency, "kind": "cash",
                    "fiscal_convention": "calendar", "amount": r.amount, "position": r.position,
                    "created_at": now, "updated_at": now,
                }
                for r in rows
            ],
        )  # fmt: skip


def upgrade() -> None:
    _rates()
    _lines()
    _carry_over()


def downgrade() -> None:
    op.drop_index("ix_project_funding_periods_line_id", table_name="project_funding_periods")
    op.drop_table("project_funding_periods")
    op.drop_index("ix_project_funding_lines_project_id", table_name="project_funding_lines")
    op.drop_table("project_funding_lines")
    op.drop_index("ix_exchange_rates_currency", table_name="exchange_rates")
    op.drop_table("exchange_rates")
