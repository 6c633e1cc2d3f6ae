"""job queue: leases and heartbeat, dedupe and lock keys backed by partial unique indexes

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUED = sa.text("status = 'queued'")
RUNNING = sa.text("status = 'running'")


def _drop_duplicate_waiting_jobs() -> None:
    """Check-then-insert enqueues could leave two waiting jobs with one dedupe key; the new
    unique index refuses that, so keep the newest of each (it has the latest payload)."""
    jobs = sa.table(
        "jobs",
        sa.column("id", sa.Uuid()),
        sa.column("dedupe_key", sa.String()),
        sa.column("status", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(jobs.c.id, jobs.c.dedupe_key)
        .where(jobs.c.status == "queued", jobs.c.dedupe_key.is_not(None))
        .order_by(jobs.c.created_at.desc())
    ).all()
    seen: set[str] = set()
    extra = []
    for row in rows:
        if row.dedupe_key in seen:
            extra.append(row.id)
        seen.add(row.dedupe_key)
    if extra:
        bind.execute(sa.delete(jobs).where(jobs.c.id.in_(extra)))


def upgrade() -> None:
    _drop_duplicate_waiting_jobs()
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lock_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("worker_id", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.drop_index(batch_op.f("ix_jobs_dedupe_key"))
        batch_op.create_index(batch_op.f("ix_jobs_lock_key"), ["lock_key"], unique=False)
        batch_op.create_index(
            "ux_jobs_dedupe_key_queued",
            ["dedupe_key"],
            unique=True,
            sqlite_where=QUEUED,
            postgresql_where=QUEUED,
        )
        batch_op.create_index(
            "ux_jobs_lock_key_running",
            ["lock_key"],
            unique=True,
            sqlite_where=RUNNING,
            postgresql_where=RUNNING,
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ux_jobs_lock_key_running")
        batch_op.drop_index("ux_jobs_dedupe_key_queued")
        batch_op.drop_index(batch_op.f("ix_jobs_lock_key"))
        batch_op.create_index(batch_op.f("ix_jobs_dedupe_key"), ["dedupe_key"], unique=False)
        batch_op.drop_column("lease_expires_at")
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("worker_id")
        batch_op.drop_column("lock_key")
