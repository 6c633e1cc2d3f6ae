"""Readiness and the database-backed figures of the metrics.

Figures that live in the database (the job backlog, the index, sign-in failures) are read at
scrape time, so every app server reports the same values, however many there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from vstid.accounts.repository import LoginFailureRepository
from vstid.core.models import as_utc, utcnow
from vstid.core.queue.kinds import MATCHING_KINDS, JobKind
from vstid.core.queue.repository import JobRepository
from vstid.matching.repository import IndexStateRepository
from vstid.ops.repository import OpsRepository

__all__ = ["BacklogEntry", "OpsService", "OpsSnapshot", "Readiness"]

# A queue whose oldest job waited longer than this means no worker is taking jobs.
STALE_BACKLOG = timedelta(minutes=15)
SIGN_IN_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class BacklogEntry:
    kind: str
    queued: int
    oldest_age_s: float


@dataclass(frozen=True)
class OpsSnapshot:
    backlog: tuple[BacklogEntry, ...]
    index_version: int
    index_experts: int
    last_build_s: float | None
    sign_in_failures: int  # in the last SIGN_IN_WINDOW


@dataclass(frozen=True)
class Readiness:
    """Ready means the process can serve: its database answers. Warnings say what an operator
    should look at while it serves (no worker takes jobs; no index was ever built)."""

    database: bool
    index_version: int
    queued_jobs: int
    oldest_job_age_s: float
    warnings: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return self.database


class OpsService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.jobs = JobRepository(session)

    def snapshot(self) -> OpsSnapshot:
        now = utcnow()
        backlog = tuple(
            BacklogEntry(kind, n, (now - as_utc(oldest)).total_seconds())
            for kind, n, oldest in self.jobs.backlog()
        )
        state = IndexStateRepository(self.session).current()
        build = self.jobs.last_done([str(JobKind.matching_rebuild)])
        last_build = None
        if build is not None and build.started_at and build.finished_at:
            last_build = (as_utc(build.finished_at) - as_utc(build.started_at)).total_seconds()
        failures = LoginFailureRepository(self.session).count_since(now - SIGN_IN_WINDOW)
        return OpsSnapshot(backlog, state.version, state.experts, last_build, failures)

    def readiness(self) -> Readiness:
        try:
            OpsRepository(self.session).ping()
            snapshot = self.snapshot()
        except SQLAlchemyError:
            return Readiness(False, 0, 0, 0.0, ("database",))
        queued = sum(e.queued for e in snapshot.backlog)
        oldest = max((e.oldest_age_s for e in snapshot.backlog), default=0.0)
        warnings: list[str] = []
        if oldest > STALE_BACKLOG.total_seconds():
            warnings.append("job_backlog")
        building = bool(self.jobs.active([str(k) for k in MATCHING_KINDS]))  # queued or running
        if snapshot.index_version == 0 and snapshot.index_experts == 0 and not building:
            warnings.append("index_never_built")
        return Readiness(True, snapshot.index_version, queued, oldest, tuple(warnings))
