"""programs: agencies, budget, indicators, calls, applications, reviews, decisions, mobility

Revision ID: 0021
Revises: 0020

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programs",
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("hub_id", sa.Uuid(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_programs_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(["hub_id"], ["hubs.id"], name=op.f("fk_programs_hub_id_hubs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
        sa.UniqueConstraint("slug", name=op.f("uq_programs_slug")),
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programs_hub_id"), ["hub_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_programs_status"), ["status"], unique=False)

    op.create_table(
        "program_agencies",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_agencies_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_agencies_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_agencies")),
        sa.UniqueConstraint("program_id", "organization_id", name="uq_program_agencies_org"),
    )
    with op.batch_alter_table("program_agencies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_agencies_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "program_calls",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(length=40), nullable=False),
        sa.Column("grace_minutes", sa.Integer(), nullable=False),
        sa.Column("eligibility", sa.JSON(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("ceiling_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("ceiling_currency", sa.String(length=3), nullable=True),
        sa.Column("max_duration_months", sa.Integer(), nullable=True),
        sa.Column("reviews_per_application", sa.Integer(), nullable=False),
        sa.Column("rubric", sa.JSON(), nullable=False),
        sa.Column("report_every_months", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_program_calls_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_calls_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_calls")),
        sa.UniqueConstraint("reference", name=op.f("uq_program_calls_reference")),
    )
    with op.batch_alter_table("program_calls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_calls_program_id"), ["program_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_program_calls_status"), ["status"], unique=False)

    op.create_table(
        "program_hubs",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("hub_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["hub_id"], ["hubs.id"], name=op.f("fk_program_hubs_hub_id_hubs")),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_hubs_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", "hub_id", name=op.f("pk_program_hubs")),
    )
    op.create_table(
        "program_indicators",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("baseline", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("target", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("breakdowns", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("query", sa.String(length=60), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_indicators_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_indicators")),
        sa.UniqueConstraint("program_id", "code", name="uq_program_indicators_code"),
    )
    with op.batch_alter_table("program_indicators", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_indicators_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "program_budget_lines",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["program_agencies.id"],
            name=op.f("fk_program_budget_lines_agency_id_program_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_budget_lines_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_budget_lines")),
    )
    with op.batch_alter_table("program_budget_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_budget_lines_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "program_call_ceilings",
        sa.Column("call_id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["program_agencies.id"],
            name=op.f("fk_program_call_ceilings_agency_id_program_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["program_calls.id"],
            name=op.f("fk_program_call_ceilings_call_id_program_calls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_call_ceilings")),
        sa.UniqueConstraint("call_id", "agency_id", name="uq_program_call_ceilings"),
    )
    with op.batch_alter_table("program_call_ceilings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_call_ceilings_call_id"), ["call_id"], unique=False
        )

    op.create_table(
        "program_indicator_reports",
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("breakdown", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.String(length=1000), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_type", sa.String(length=100), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("file_key", sa.String(length=300), nullable=True),
        sa.Column("reported_by_id", sa.Uuid(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by_id", sa.Uuid(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["program_indicators.id"],
            name=op.f("fk_program_indicator_reports_indicator_id_program_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["users.id"],
            name=op.f("fk_program_indicator_reports_reported_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["users.id"],
            name=op.f("fk_program_indicator_reports_verified_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_indicator_reports")),
        sa.UniqueConstraint(
            "indicator_id", "period_start", name="uq_program_indicator_reports_period"
        ),
    )
    with op.batch_alter_table("program_indicator_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_indicator_reports_indicator_id"), ["indicator_id"], unique=False
        )

    op.create_table(
        "program_indicator_targets",
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["program_indicators.id"],
            name=op.f("fk_program_indicator_targets_indicator_id_program_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_indicator_targets")),
        sa.UniqueConstraint("indicator_id", "year", name="uq_program_indicator_targets_year"),
    )
    with op.batch_alter_table("program_indicator_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_indicator_targets_indicator_id"), ["indicator_id"], unique=False
        )

    op.create_table(
        "program_applications",
        sa.Column("call_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("lead_user_id", sa.Uuid(), nullable=False),
        sa.Column("lead_organization_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("career_stage", sa.String(length=20), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["program_calls.id"],
            name=op.f("fk_program_applications_call_id_program_calls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_applications_lead_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["lead_user_id"], ["users.id"], name=op.f("fk_program_applications_lead_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_program_applications_project_id_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_applications")),
        sa.UniqueConstraint("project_id", name=op.f("uq_program_applications_project_id")),
        sa.UniqueConstraint("reference", name=op.f("uq_program_applications_reference")),
    )
    with op.batch_alter_table("program_applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_applications_call_id"), ["call_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_applications_lead_user_id"), ["lead_user_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_applications_status"), ["status"], unique=False
        )

    op.create_table(
        "program_agency_positions",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["program_agencies.id"],
            name=op.f("fk_program_agency_positions_agency_id_program_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_agency_positions_application_id_program_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_program_agency_positions_decided_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_agency_positions")),
        sa.UniqueConstraint("application_id", "agency_id", name="uq_program_agency_positions"),
    )
    with op.batch_alter_table("program_agency_positions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_agency_positions_application_id"),
            ["application_id"],
            unique=False,
        )

    op.create_table(
        "program_application_budget",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["program_agencies.id"],
            name=op.f("fk_program_application_budget_agency_id_program_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_application_budget_application_id_program_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_application_budget")),
    )
    with op.batch_alter_table("program_application_budget", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_application_budget_application_id"),
            ["application_id"],
            unique=False,
        )

    op.create_table(
        "program_application_documents",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_type", sa.String(length=100), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("file_key", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_application_documents_application_id_program_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_program_application_documents_uploaded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_application_documents")),
        sa.UniqueConstraint("application_id", "kind", name="uq_program_application_documents"),
    )
    with op.batch_alter_table("program_application_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_application_documents_application_id"),
            ["application_id"],
            unique=False,
        )

    op.create_table(
        "program_application_members",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("expert_id", sa.Uuid(), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("institution", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_application_members_application_id_program_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["expert_profiles.id"],
            name=op.f("fk_program_application_members_expert_id_expert_profiles"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_application_members_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_program_application_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_application_members")),
    )
    with op.batch_alter_table("program_application_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_application_members_application_id"),
            ["application_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_program_application_members_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "program_application_sections",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["program_agencies.id"],
            name=op.f("fk_program_application_sections_agency_id_program_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_application_sections_application_id_program_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_application_sections")),
        sa.UniqueConstraint("application_id", "country", name="uq_program_application_sections"),
    )
    with op.batch_alter_table("program_application_sections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_application_sections_application_id"),
            ["application_id"],
            unique=False,
        )

    op.create_table(
        "program_application_versions",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("submitted_by_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_application_versions_application_id_program_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_program_application_versions_submitted_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_application_versions")),
        sa.UniqueConstraint("application_id", "number", name="uq_program_application_versions"),
    )
    with op.batch_alter_table("program_application_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_application_versions_application_id"),
            ["application_id"],
            unique=False,
        )

    op.create_table(
        "program_joint_decisions",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("letter_language", sa.String(length=5), nullable=False),
        sa.Column("letter", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_joint_decisions_application_id_program_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_program_joint_decisions_decided_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_joint_decisions")),
        sa.UniqueConstraint(
            "application_id", name=op.f("uq_program_joint_decisions_application_id")
        ),
    )
    op.create_table(
        "program_mobility",
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.Uuid(), nullable=True),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("expert_id", sa.Uuid(), nullable=True),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("nationality", sa.String(length=2), nullable=False),
        sa.Column("career_stage", sa.String(length=20), nullable=True),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("home_organization_id", sa.Uuid(), nullable=True),
        sa.Column("home_institution", sa.String(length=300), nullable=False),
        sa.Column("home_country", sa.String(length=2), nullable=False),
        sa.Column("host_organization_id", sa.Uuid(), nullable=True),
        sa.Column("host_institution", sa.String(length=300), nullable=False),
        sa.Column("host_country", sa.String(length=2), nullable=False),
        sa.Column("supervisor", sa.String(length=200), nullable=False),
        sa.Column("planned_departure", sa.Date(), nullable=True),
        sa.Column("planned_return", sa.Date(), nullable=True),
        sa.Column("departed_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("next_destination", sa.String(length=300), nullable=True),
        sa.Column("next_country", sa.String(length=2), nullable=True),
        sa.Column("degree_obtained", sa.String(length=20), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_mobility_application_id_program_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["program_calls.id"],
            name=op.f("fk_program_mobility_call_id_program_calls"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_program_mobility_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["expert_profiles.id"],
            name=op.f("fk_program_mobility_expert_id_expert_profiles"),
        ),
        sa.ForeignKeyConstraint(
            ["home_organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_mobility_home_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["host_organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_mobility_host_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_mobility_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_mobility")),
    )
    with op.batch_alter_table("program_mobility", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_mobility_departed_on"), ["departed_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_mobility_expert_id"), ["expert_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_mobility_program_id"), ["program_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_mobility_returned_on"), ["returned_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_program_mobility_status"), ["status"], unique=False)

    op.create_table(
        "program_review_conflicts",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_by_id", sa.Uuid(), nullable=True),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_review_conflicts_application_id_program_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["declared_by_id"],
            ["users.id"],
            name=op.f("fk_program_review_conflicts_declared_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["expert_profiles.id"],
            name=op.f("fk_program_review_conflicts_expert_id_expert_profiles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_review_conflicts")),
        sa.UniqueConstraint("application_id", "expert_id", name="uq_program_review_conflicts"),
    )
    with op.batch_alter_table("program_review_conflicts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_review_conflicts_application_id"),
            ["application_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_program_review_conflicts_expert_id"), ["expert_id"], unique=False
        )

    op.create_table(
        "program_reviews",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assigned_by_id", sa.Uuid(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("match_score", sa.Numeric(precision=8, scale=4), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("weighted_score", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("recommendation", sa.String(length=30), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("declined_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["program_agencies.id"],
            name=op.f("fk_program_reviews_agency_id_program_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["program_applications.id"],
            name=op.f("fk_program_reviews_application_id_program_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"], ["users.id"], name=op.f("fk_program_reviews_assigned_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["expert_profiles.id"],
            name=op.f("fk_program_reviews_expert_id_expert_profiles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_reviews")),
        sa.UniqueConstraint("application_id", "expert_id", name="uq_program_reviews_pair"),
    )
    with op.batch_alter_table("program_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_reviews_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_reviews_expert_id"), ["expert_id"], unique=False
        )

    op.create_table(
        "program_mobility_evidence",
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_type", sa.String(length=100), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("file_key", sa.String(length=300), nullable=True),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["program_mobility.id"],
            name=op.f("fk_program_mobility_evidence_record_id_program_mobility"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_program_mobility_evidence_uploaded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_mobility_evidence")),
    )
    with op.batch_alter_table("program_mobility_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_mobility_evidence_record_id"), ["record_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("program_mobility_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_mobility_evidence_record_id"))

    op.drop_table("program_mobility_evidence")
    with op.batch_alter_table("program_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_reviews_expert_id"))
        batch_op.drop_index(batch_op.f("ix_program_reviews_application_id"))

    op.drop_table("program_reviews")
    with op.batch_alter_table("program_review_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_review_conflicts_expert_id"))
        batch_op.drop_index(batch_op.f("ix_program_review_conflicts_application_id"))

    op.drop_table("program_review_conflicts")
    with op.batch_alter_table("program_mobility", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_mobility_status"))
        batch_op.drop_index(batch_op.f("ix_program_mobility_returned_on"))
        batch_op.drop_index(batch_op.f("ix_program_mobility_program_id"))
        batch_op.drop_index(batch_op.f("ix_program_mobility_expert_id"))
        batch_op.drop_index(batch_op.f("ix_program_mobility_departed_on"))

    op.drop_table("program_mobility")
    op.drop_table("program_joint_decisions")
    with op.batch_alter_table("program_application_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_application_versions_application_id"))

    op.drop_table("program_application_versions")
    with op.batch_alter_table("program_application_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_application_sections_application_id"))

    op.drop_table("program_application_sections")
    with op.batch_alter_table("program_application_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_application_members_user_id"))
        batch_op.drop_index(batch_op.f("ix_program_application_members_application_id"))

    op.drop_table("program_application_members")
    with op.batch_alter_table("program_application_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_application_documents_application_id"))

    op.drop_table("program_application_documents")
    with op.batch_alter_table("program_application_budget", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_application_budget_application_id"))

    op.drop_table("program_application_budget")
    with op.batch_alter_table("program_agency_positions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_agency_positions_application_id"))

    op.drop_table("program_agency_positions")
    with op.batch_alter_table("program_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_applications_status"))
        batch_op.drop_index(batch_op.f("ix_program_applications_lead_user_id"))
        batch_op.drop_index(batch_op.f("ix_program_applications_call_id"))

    op.drop_table("program_applications")
    with op.batch_alter_table("program_indicator_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_indicator_targets_indicator_id"))

    op.drop_table("program_indicator_targets")
    with op.batch_alter_table("program_indicator_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_indicator_reports_indicator_id"))

    op.drop_table("program_indicator_reports")
    with op.batch_alter_table("program_call_ceilings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_call_ceilings_call_id"))

    op.drop_table("program_call_ceilings")
    with op.batch_alter_table("program_budget_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_budget_lines_program_id"))

    op.drop_table("program_budget_lines")
    with op.batch_alter_table("program_indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_indicators_program_id"))

    op.drop_table("program_indicators")
    op.drop_table("program_hubs")
    with op.batch_alter_table("program_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_calls_status"))
        batch_op.drop_index(batch_op.f("ix_program_calls_program_id"))

    op.drop_table("program_calls")
    with op.batch_alter_table("program_agencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_agencies_program_id"))

    op.drop_table("program_agencies")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programs_status"))
        batch_op.drop_index(batch_op.f("ix_programs_hub_id"))

    op.drop_table("programs")
