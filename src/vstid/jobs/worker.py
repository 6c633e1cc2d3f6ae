"""The queue runner wired to the application's handler table: run synchronously (tests, the
CLI's `--once`) or in a background thread of each web process."""

from __future__ import annotations

import threading

from vstid.core.db import Database
from vstid.core.queue.runner import QueueRunner
from vstid.core.settings import Settings, get_settings
from vstid.jobs.handlers import HANDLERS

__all__ = ["BackgroundWorker", "app_runner", "run_pending"]


def app_runner(database: Database, settings: Settings | None = None) -> QueueRunner:
    return QueueRunner(database, settings or get_settings(), HANDLERS)


def run_pending(database: Database, settings: Settings | None = None, limit: int = 10_000) -> int:
    """Runs every due job now; the number run."""
    return app_runner(database, settings).run_pending(limit)


class BackgroundWorker:
    """One daemon thread per web process polling the queue; stops cleanly on shutdown."""

    def __init__(
        self, database: Database, settings: Settings | None = None, poll_s: float = 1.0
    ) -> None:
        self.runner = app_runner(database, settings)
        self.poll_s = poll_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="vstid-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        self.runner.run_forever(self._stop, self.poll_s)
