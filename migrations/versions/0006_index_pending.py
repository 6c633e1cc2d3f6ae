"""expert re-index marks: changed profiles wait here for the batched matching.reindex job

Queued per-expert jobs ("matching.expert", one per changed profile, no longer handled) become
marks, and one of them becomes the single matching.reindex job that drains the marks.

Revision ID: 0006
Revises: 0004
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_jobs = sa.table(
    "jobs",
    sa.column("id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("payload", sa.JSON()),
    sa.column("status", sa.String()),
    sa.column("dedupe_key", sa.String()),
)
_marks = sa.table(
    "expert_reindex_marks",
    sa.column("expert_id", sa.Uuid()),
    sa.column("token", sa.Uuid()),
    sa.column("marked_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table(
        "expert_reindex_marks",
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.Uuid(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("expert_id", name=op.f("pk_expert_reindex_marks")),
    )
    op.create_index(
        op.f("ix_expert_reindex_marks_marked_at"), "expert_reindex_marks", ["marked_at"]
    )
    _queued_expert_jobs_become_marks()


def _queued_expert_jobs_become_marks() -> None:
    bind = op.get_bind()
    waiting = _jobs.c.kind == "matching.expert", _jobs.c.status == "queued"
    rows = bind.execute(sa.select(_jobs.c.id, _jobs.c.payload).where(*waiting)).all()
    if not rows:
        return
    now = datetime.now(UTC)
    experts = {uuid.UUID(payload["expert_id"]) for _, payload in rows}
    marks = [{"expert_id": e, "token": uuid.uuid4(), "marked_at": now} for e in experts]
    bind.execute(_marks.insert(), marks)
    # The first job is re-used rather than a new one inserted, so this step needs to know no
    # column of the jobs table beyond these (other branches may add some).
    first, *rest = [job_id for job_id, _ in rows]
    if rest:
        bind.execute(_jobs.delete().where(_jobs.c.id.in_(rest)))
    renamed = {"kind": "matching.reindex", "payload": {}, "dedupe_key": "matching.reindex"}
    bind.execute(_jobs.update().where(_jobs.c.id == first).values(**renamed))


def downgrade() -> None:
    # Marks waiting at downgrade are dropped: run `vstid index build` after downgrading.
    op.drop_index(op.f("ix_expert_reindex_marks_marked_at"), table_name="expert_reindex_marks")
    op.drop_table("expert_reindex_marks")
