"""A real worker process for the kill -9 test: `python sleepy_worker.py URL LEASE_S DATA_DIR`.
Its one job kind touches the marker file named in the payload, then sleeps."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

from vstid.core.db import Database
from vstid.core.queue.runner import QueueRunner
from vstid.core.settings import Environment, Settings


def _sleep(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    Path(payload["marker"]).write_text("started")
    time.sleep(payload["seconds"])


def main(url: str, lease_s: str, data_dir: str) -> None:
    settings = Settings(
        env=Environment.test,
        database_url=url,
        data_dir=Path(data_dir),
        secret_key="w" * 40,
        job_lease_s=int(lease_s),
    )
    runner = QueueRunner(Database(settings), settings, {"test.sleep": _sleep}, worker_id="doomed")
    runner.run_forever(threading.Event(), poll_s=0.05)


if __name__ == "__main__":
    main(*sys.argv[1:4])
