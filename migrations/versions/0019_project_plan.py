"""the plan of a project: work packages with deliverables and milestones; the first projects'
milestones move into one work package, "WP1 Work plan"

Revision ID: 0019
Revises: 0018
"""

import calendar
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PACKAGES, ITEMS = "project_work_packages", "project_plan_items"


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
    op.create_table(
        PACKAGES,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("lead_partner_id", sa.Uuid(), nullable=True),
        sa.Column("start_month", sa.Integer(), nullable=False),
        sa.Column("end_month", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_stamps(),
        _fk(PACKAGES, "project_id", "projects", "CASCADE"),
        _fk(PACKAGES, "lead_partner_id", "project_partners"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{PACKAGES}"),
    )
    op.create_index(f"ix_{PACKAGES}_project_id", PACKAGES, ["project_id"])
    op.create_table(
        ITEMS,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("work_package_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("due_month", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status_changed_by_id", sa.Uuid(), nullable=True),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_comment", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.Column("file_name", sa.String(200), nullable=True),
        sa.Column("file_key", sa.String(300), nullable=True),
        sa.Column("file_type", sa.String(100), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        *_stamps(),
        _fk(ITEMS, "project_id", "projects", "CASCADE"),
        _fk(ITEMS, "work_package_id", PACKAGES, "CASCADE"),
        _fk(ITEMS, "status_changed_by_id", "users"),
        _fk(ITEMS, "decided_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{ITEMS}"),
    )
    op.create_index(f"ix_{ITEMS}_project_id", ITEMS, ["project_id"])
    op.create_index(f"ix_{ITEMS}_work_package_id", ITEMS, ["work_package_id"])
    _move_milestones_into_the_plan()


# Lightweight tables for the data moves (typed, so ids and dates bind alike on both databases).
_projects = sa.table(
    "projects", sa.column("id", sa.Uuid()), sa.column("start_date", sa.Date()),
    sa.column("end_date", sa.Date()), sa.column("duration_months", sa.Integer()),
)  # fmt: skip
_milestones = sa.table(
    "project_milestones", sa.column("id", sa.Uuid()), sa.column("project_id", sa.Uuid()),
    sa.column("title", sa.String()), sa.column("deliverable", sa.Text()),
    sa.column("due_date", sa.Date()), sa.column("status", sa.String()),
)  # fmt: skip
_packages = sa.table(
    PACKAGES, sa.column("id", sa.Uuid()), sa.column("project_id", sa.Uuid()),
    sa.column("code", sa.String()), sa.column("title", sa.String()),
    sa.column("start_month", sa.Integer()), sa.column("end_month", sa.Integer()),
    sa.column("position", sa.Integer()), sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)  # fmt: skip
_items = sa.table(
    ITEMS, sa.column("id", sa.Uuid()), sa.column("project_id", sa.Uuid()),
    sa.column("work_package_id", sa.Uuid()), sa.column("kind", sa.String()),
    sa.column("code", sa.String()), sa.column("title", sa.String()),
    sa.column("description", sa.Text()), sa.column("due_date", sa.Date()),
    sa.column("status", sa.String()), sa.column("position", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)  # fmt: skip


def _months(start: date | None, end: date | None) -> int:
    """Whole months from start to end, a started month counting as one (at least 1)."""
    if start is None or end is None:
        return 1
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(1, months + (1 if end.day >= start.day else 0))


def _move_milestones_into_the_plan() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    rows = bind.execute(
        sa.select(_milestones).order_by(_milestones.c.project_id, _milestones.c.due_date)
    ).all()
    by_project: dict[uuid.UUID, list[sa.Row]] = {}
    for row in rows:
        by_project.setdefault(row.project_id, []).append(row)
    for project_id, milestones in by_project.items():
        project = bind.execute(sa.select(_projects).where(_projects.c.id == project_id)).one()
        duration = project.duration_months or _months(project.start_date, project.end_date)
        package_id = uuid.uuid4()
        bind.execute(
            _packages.insert().values(
                id=package_id, project_id=project_id, code="WP1", title="Work plan",
                start_month=1, end_month=duration, position=0, created_at=now, updated_at=now,
            )
        )  # fmt: skip
        for i, m in enumerate(milestones, start=1):
            bind.execute(
                _items.insert().values(
                    id=uuid.uuid4(), project_id=project_id, work_package_id=package_id,
                    kind="milestone", code=f"M{i}", title=m.title, description=m.deliverable or "",
                    due_date=m.due_date, status="reached" if m.status == "done" else "pending",
                    position=i, created_at=now, updated_at=now,
                )
            )  # fmt: skip
    bind.execute(_milestones.delete())


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_items, _projects.c.start_date)
        .join(_projects, _projects.c.id == _items.c.project_id)
        .where(_items.c.kind == "milestone")
    ).all()
    due_month = sa.table(ITEMS, sa.column("id", sa.Uuid()), sa.column("due_month", sa.Integer()))
    months = dict(bind.execute(sa.select(due_month.c.id, due_month.c.due_month)).all())
    for row in rows:
        due = row.due_date
        if due is None and row.start_date is not None and months.get(row.id):
            index = row.start_date.month - 1 + months[row.id]
            year, month = row.start_date.year + index // 12, index % 12 + 1
            day = min(row.start_date.day, calendar.monthrange(year, month)[1])
            due = date.fromordinal(date(year, month, day).toordinal() - 1)
        if due is None:
            continue
        bind.execute(
            _milestones.insert().values(
                id=uuid.uuid4(), project_id=row.project_id, title=row.title,
                deliverable=row.description, due_date=due,
                status="done" if row.status == "reached" else "planned",
            )
        )  # fmt: skip
    op.drop_index(f"ix_{ITEMS}_work_package_id", table_name=ITEMS)
    op.drop_index(f"ix_{ITEMS}_project_id", table_name=ITEMS)
    op.drop_table(ITEMS)
    op.drop_index(f"ix_{PACKAGES}_project_id", table_name=PACKAGES)
    op.drop_table(PACKAGES)
