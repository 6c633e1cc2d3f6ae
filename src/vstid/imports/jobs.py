"""The background side of uploaded imports: the web page checks the file and queues it; a
worker runs it with its own batch transactions. A retried job resumes from the checkpoints,
so a crash in the middle costs nothing. Wired to `JobKind.imports_file` in vstid.jobs."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.core.storage import storage_for
from vstid.imports.runner import run_import

__all__ = ["import_file"]


def import_file(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    actor = payload.get("actor_id")
    run_import(
        database,
        file=payload["name"],
        data=_uploaded(database, settings, payload),
        fmt=payload.get("format"),
        actor_id=uuid.UUID(actor) if actor else None,
        skip_invalid=bool(payload.get("skip_invalid")),
    )


def _uploaded(database: Database, settings: Settings, payload: dict[str, Any]) -> bytes:
    """The file the web server stored; jobs queued before the storage existed carry a path."""
    if "key" not in payload:
        return Path(payload["path"]).read_bytes()
    with database.transaction() as session:
        return storage_for(settings, session).get(payload["key"])
