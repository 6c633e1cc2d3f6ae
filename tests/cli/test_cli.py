"""Drive the real `vstid` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import fresh_postgres_database


def run(
    args: list[str], data_dir: Path, db_url: str | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VSTID_DATA_DIR": str(data_dir), "VSTID_ENV": "test"}
    if db_url:
        env["VSTID_DATABASE_URL"] = db_url
    return subprocess.run(
        [sys.executable, "-m", "vstid.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_commands(tmp_path: Path) -> None:
    out = run(["--help"], tmp_path)
    assert out.returncode == 0
    for command in ("serve", "demo", "db", "users"):
        assert command in out.stdout


def test_unknown_command_and_bad_option_fail_clearly(tmp_path: Path) -> None:
    out = run(["frobnicate"], tmp_path)
    assert out.returncode != 0 and "No such command" in out.stderr
    out = run(["serve", "--port", "notaport"], tmp_path)
    assert out.returncode != 0 and "port" in out.stderr.lower()


def test_db_upgrade_then_users_create(tmp_path: Path) -> None:
    assert run(["db", "upgrade"], tmp_path).returncode == 0
    assert (tmp_path / "vstid.db").exists()
    out = run(
        [
            "users",
            "create",
            "--email",
            "admin@example.org",
            "--name",
            "Quản trị",
            "--role",
            "admin",
            "--password",
            "a-long-password",
        ],
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    again = run(
        [
            "users",
            "create",
            "--email",
            "admin@example.org",
            "--name",
            "X",
            "--password",
            "a-long-password",
        ],
        tmp_path,
    )
    assert again.returncode != 0 and "email" in again.stderr


def test_users_create_rejects_short_password_and_bad_role(tmp_path: Path) -> None:
    run(["db", "upgrade"], tmp_path)
    out = run(
        ["users", "create", "--email", "a@example.org", "--name", "A", "--password", "short"],
        tmp_path,
    )
    assert out.returncode != 0 and "password" in out.stderr
    out = run(
        [
            "users",
            "create",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "king",
            "--password",
            "a-long-password",
        ],
        tmp_path,
    )
    assert out.returncode != 0 and "role" in out.stderr.lower()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_demo_loads_and_is_idempotent(tmp_path: Path, backend: str) -> None:
    url = fresh_postgres_database("demo") if backend == "postgresql" else None
    first = run(["demo", "--no-serve"], tmp_path, url)
    assert first.returncode == 0, first.stderr
    assert "experts" in first.stdout
    second = run(["demo", "--no-serve"], tmp_path, url)
    assert second.returncode == 0 and "nothing new" in second.stdout
