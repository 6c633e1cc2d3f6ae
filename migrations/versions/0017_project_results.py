"""project result register with owners and shares, IP register and licences, background IP,
agreement documents with signatures per party

Revision ID: 0017
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _file_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("file_name", sa.String(255), nullable=True),
        sa.Column("file_type", sa.String(100), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("file_key", sa.String(300), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "project_results",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("result_date", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.String(1000), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        *_file_columns(),
        sa.Column("doi", sa.String(255), nullable=True),
        sa.Column("venue", sa.String(300), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("ip_status", sa.String(20), nullable=True),
        sa.Column("ip_office", sa.String(10), nullable=True),
        sa.Column("application_number", sa.String(100), nullable=True),
        sa.Column("registration_number", sa.String(100), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("granted_on", sa.Date(), nullable=True),
        sa.Column("abandoned_on", sa.Date(), nullable=True),
        sa.Column("ip_status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("person_name", sa.String(200), nullable=True),
        sa.Column("degree", sa.String(20), nullable=True),
        sa.Column("nationality", sa.String(2), nullable=True),
        sa.Column("sex", sa.String(10), nullable=True),
        sa.Column("destination", sa.String(300), nullable=True),
        sa.Column("destination_country", sa.String(2), nullable=True),
        sa.Column("amount", sa.Numeric(18, 2), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("funder", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_project_results_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_project_results_created_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_results"),
    )  # fmt: skip
    columns = ("project_id", "kind", "result_date", "doi", "ip_status", "degree", "nationality")
    for column in columns:
        op.create_index(f"ix_project_results_{column}", "project_results", [column])

    op.create_table(
        "project_result_owners",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("result_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=True),
        sa.Column("party_name", sa.String(300), nullable=True),
        sa.Column("share_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["result_id"], ["project_results.id"],
            name="fk_project_result_owners_result_id_project_results", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["project_partners.id"],
            name="fk_project_result_owners_partner_id_project_partners",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_result_owners"),
    )  # fmt: skip
    op.create_index("ix_project_result_owners_result_id", "project_result_owners", ["result_id"])

    op.create_table(
        "project_ip_licenses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("result_id", sa.Uuid(), nullable=False),
        sa.Column("licensee", sa.String(300), nullable=False),
        sa.Column("licensed_on", sa.Date(), nullable=False),
        sa.Column("exclusive", sa.Boolean(), nullable=False),
        sa.Column("territory", sa.String(200), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["result_id"], ["project_results.id"],
            name="fk_project_ip_licenses_result_id_project_results", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name="fk_project_ip_licenses_recorded_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_ip_licenses"),
    )  # fmt: skip
    op.create_index("ix_project_ip_licenses_result_id", "project_ip_licenses", ["result_id"])

    op.create_table(
        "project_background_ip",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.Column("restrictions", sa.Text(), nullable=False),
        sa.Column("declared_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_project_background_ip_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["project_partners.id"],
            name="fk_project_background_ip_partner_id_project_partners",
        ),
        sa.ForeignKeyConstraint(
            ["declared_by_id"], ["users.id"], name="fk_project_background_ip_declared_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_background_ip"),
    )  # fmt: skip
    op.create_index("ix_project_background_ip_project_id", "project_background_ip", ["project_id"])
    op.create_index("ix_project_background_ip_partner_id", "project_background_ip", ["partner_id"])

    op.create_table(
        "project_agreements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("version", sa.String(30), nullable=False),
        sa.Column("dated", sa.Date(), nullable=False),
        *_file_columns(),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_project_agreements_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_project_agreements_created_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_agreements"),
    )  # fmt: skip
    op.create_index("ix_project_agreements_project_id", "project_agreements", ["project_id"])

    op.create_table(
        "project_agreement_signatures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agreement_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["project_agreements.id"],
            name="fk_project_agreement_signatures_agreement_id_project_agreements",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["project_partners.id"],
            name="fk_project_agreement_signatures_partner_id_project_partners",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"],
            name="fk_project_agreement_signatures_recorded_by_id_users",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_agreement_signatures"),
        sa.UniqueConstraint(
            "agreement_id", "partner_id", name="uq_project_agreement_signatures_party"
        ),
    )  # fmt: skip
    op.create_index(
        "ix_project_agreement_signatures_agreement_id",
        "project_agreement_signatures",
        ["agreement_id"],
    )


def downgrade() -> None:
    op.drop_table("project_agreement_signatures")
    op.drop_table("project_agreements")
    op.drop_table("project_background_ip")
    op.drop_table("project_ip_licenses")
    op.drop_table("project_result_owners")
    op.drop_table("project_results")
