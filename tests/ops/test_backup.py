"""`vstid backup` then `vstid restore` gives back every row and every file, on both databases."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tests.conftest import fresh_postgres_database
from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.core.settings import Environment, Settings
from vstid.demo.loader import DemoLoader
from vstid.models_registry import Base
from vstid.ops.backup import BackupError, create_backup, prune_backups, restore_backup

VSTID = str(Path(sys.executable).with_name("vstid"))


def _settings(tmp_path: Path, backend: str) -> Settings:
    url = "" if backend == "sqlite" else fresh_postgres_database("backup")
    return Settings(env=Environment.test, data_dir=tmp_path / "data", database_url=url,
                    secret_key="k" * 40, embedder="hashing")  # fmt: skip


def _rows(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    every: dict[str, list[tuple[Any, ...]]] = {}
    for table in Base.metadata.sorted_tables:
        rows = session.execute(select(table)).all()
        every[table.name] = sorted(tuple(map(repr, r)) for r in rows)
    return every


def _files(data_dir: Path) -> dict[str, str]:
    return {
        p.relative_to(data_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("uploads", "index")
        for p in (data_dir / folder).rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_populated_installation_round_trips(tmp_path: Path, backend: str) -> None:
    settings = _settings(tmp_path, backend)
    upgrade(settings.resolved_database_url)
    database = Database(settings)
    with database.transaction() as session:
        DemoLoader(session, "demo-password-123").load_all()
    for name, content in {
        "uploads/ab/cd/report.pdf": b"%PDF-1.7 a",
        "index/v1/manifest.json": b"{}",
    }.items():
        (settings.data_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (settings.data_dir / name).write_bytes(content)
    with database.transaction(read_only=True) as session:
        before_rows = _rows(session)
    before_files = _files(settings.data_dir)
    assert sum(map(len, before_rows.values())) > 100, "the demo data is there"

    report = create_backup(settings, tmp_path / "backups")
    assert report.files == 2 and report.archive.is_file()

    with database.transaction() as session:  # damage: rows gone, rows changed, files gone
        session.execute(text("DELETE FROM audit_log"))
        session.execute(text("UPDATE hubs SET code = lower(code)"))
    (settings.data_dir / "uploads/ab/cd/report.pdf").unlink()
    (settings.data_dir / "uploads/stray.txt").write_bytes(b"after the backup")
    database.dispose()

    restore_backup(settings, report.archive)
    database = Database(settings)
    with database.transaction(read_only=True) as session:
        assert _rows(session) == before_rows
    assert _files(settings.data_dir) == before_files
    database.dispose()


def test_a_damaged_or_foreign_archive_is_refused_before_anything_changes(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "sqlite")
    upgrade(settings.resolved_database_url)
    report = create_backup(settings, tmp_path / "backups")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(report.archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            payload = data.read() if data else b""
            if member.name == "database.sqlite":
                payload = payload[:-10] + b"x" * 10
            member.size = len(payload)
            dst.addfile(member, io.BytesIO(payload))
    with pytest.raises(BackupError, match=r"database\.sqlite is missing or damaged"):
        restore_backup(settings, damaged)
    foreign = tmp_path / "foreign.tar.gz"
    foreign.write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="not a V-STID backup"):
        restore_backup(settings, foreign)


def test_the_cli_backs_up_keeps_the_newest_and_restores(tmp_path: Path) -> None:
    env = dict(os.environ, VSTID_DATA_DIR=str(tmp_path / "data"), VSTID_DATABASE_URL="")
    subprocess.run([VSTID, "db", "upgrade"], env=env, check=True, capture_output=True)
    for _ in range(3):
        done = subprocess.run([VSTID, "backup", "--to", str(tmp_path / "b"), "--keep", "2"],
                              env=env, capture_output=True, text=True)  # fmt: skip
        assert done.returncode == 0, done.stderr
    archives = sorted((tmp_path / "b").glob("vstid-backup-*.tar.gz"))
    assert len(archives) == 2
    done = subprocess.run([VSTID, "restore", str(archives[-1]), "--yes"], env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0 and "Restored" in done.stdout, done.stderr
    assert prune_backups(tmp_path / "b", 1) == archives[:1]


def test_an_index_on_a_shared_folder_is_backed_up_from_there(tmp_path: Path) -> None:
    shared = tmp_path / "shared-index"
    settings = _settings(tmp_path, "sqlite").model_copy(update={"index_dir_setting": shared})
    upgrade(settings.resolved_database_url)
    (shared / "engine").mkdir(parents=True)
    (shared / "engine" / "v1.json").write_text("{}")
    report = create_backup(settings, tmp_path / "backups")
    (shared / "engine" / "v1.json").unlink()
    restore_backup(settings, report.archive)
    assert (shared / "engine" / "v1.json").read_text() == "{}"
    assert not (settings.data_dir / "index").exists()
