"""The background side of uploaded imports (found by vstid.jobs.registry): the web page checks
the file and queues it; a worker runs it with its own batch transactions. A retried job resumes
from the checkpoints, so a crash in the middle costs nothing."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from vstid.core.db import Database
from vstid.imports.runner import run_import
from vstid.jobs.registry import long_handler

__all__ = ["IMPORT_JOB", "import_file"]

IMPORT_JOB = "imports.file"


@long_handler(IMPORT_JOB)
def import_file(database: Database, payload: dict[str, Any]) -> None:
    actor = payload.get("actor_id")
    run_import(
        database,
        file=payload["name"],
        data=Path(payload["path"]).read_bytes(),
        fmt=payload.get("format"),
        actor_id=uuid.UUID(actor) if actor else None,
        skip_invalid=bool(payload.get("skip_invalid")),
    )
