"""Background job handlers of the matching layer (found by vstid.jobs.registry)."""

from __future__ import annotations

import uuid
from typing import Any

from vstid.core.db import Database
from vstid.experts.profiles import REINDEX_JOB
from vstid.jobs.registry import long_handler
from vstid.jobs.runner import job_settings
from vstid.matching.service import ORDER_JOB, REBUILD_JOB
from vstid.matching.worker import MatchingWorker

__all__ = ["match_order", "rebuild", "reindex"]


@long_handler(ORDER_JOB)
def match_order(database: Database, payload: dict[str, Any]) -> None:
    MatchingWorker(database, job_settings()).compute_order_match(uuid.UUID(payload["order_id"]))


@long_handler(REINDEX_JOB)
def reindex(database: Database, payload: dict[str, Any]) -> None:
    MatchingWorker(database, job_settings()).drain_reindex()


@long_handler(REBUILD_JOB)
def rebuild(database: Database, payload: dict[str, Any]) -> None:
    MatchingWorker(database, job_settings()).rebuild()
