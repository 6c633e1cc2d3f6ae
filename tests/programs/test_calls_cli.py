"""`vstid calls close-overdue`, run as cron would: the real command in a subprocess."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import run


def test_close_overdue_runs_on_an_empty_database(tmp_path: Path) -> None:
    assert run(["db", "upgrade"], tmp_path).returncode == 0
    out = run(["calls", "close-overdue"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Calls closed: 0" in out.stdout
    assert "close-overdue" in run(["calls", "--help"], tmp_path).stdout
