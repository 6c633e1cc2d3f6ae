"""Background job handlers of the matching layer (wired to their kinds in vstid.jobs)."""

from __future__ import annotations

import uuid
from typing import Any

from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.matching.worker import MatchingWorker

__all__ = ["match_order", "rebuild", "reindex"]


def match_order(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    MatchingWorker(database, settings).compute_order_match(uuid.UUID(payload["order_id"]))


def reindex(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    MatchingWorker(database, settings).drain_reindex()


def rebuild(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    MatchingWorker(database, settings).rebuild()
