"""`vstid backup` / `vstid restore`: the database, uploaded files and the index in one archive.

SQLite is copied with its online backup API, consistent while the server writes; PostgreSQL
with pg_dump's custom format. The archive holds a manifest with a SHA-256 of every member, so
a restore refuses a damaged or foreign file before it touches anything."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url

from vstid import __version__
from vstid.core.settings import Settings

__all__ = ["BackupError", "BackupReport", "create_backup", "prune_backups", "restore_backup"]

FORMAT = 1
PREFIX = "vstid-backup-"
SUFFIX = ".tar.gz"


def _folders(settings: Settings) -> dict[str, Path]:
    """Where each folder lives: the index may sit on a shared volume (VSTID_INDEX_DIR); with
    VSTID_STORAGE=database the uploads are rows of the database dump instead."""
    return {"uploads": settings.upload_dir, "index": settings.index_dir}


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


@dataclass(frozen=True)
class BackupReport:
    archive: Path
    database: str
    files: int
    size_bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _libpq_url(url: str) -> str:
    """pg_dump speaks libpq URLs: the SQLAlchemy driver suffix goes."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


def _dump_database(url: str, folder: Path) -> str:
    if url.startswith("sqlite"):
        target = folder / "database.sqlite"
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # the online backup API: a consistent copy while serving
        finally:
            copy.close()
            source.close()
        return target.name
    target = folder / "database.pgdump"
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), _libpq_url(url)])
    return target.name


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools)") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()[:500]}") from exc


def create_backup(settings: Settings, target_dir: Path) -> BackupReport:
    url = settings.resolved_database_url
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    archive = target_dir / f"{PREFIX}{stamp}{SUFFIX}"
    with tempfile.TemporaryDirectory(prefix="vstid-backup-") as scratch:
        folder = Path(scratch)
        database_member = _dump_database(url, folder)
        members = {database_member: folder / database_member}
        for name, root in _folders(settings).items():
            for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
                members[f"files/{name}/{path.relative_to(root).as_posix()}"] = path
        manifest = {
            "format": FORMAT,
            "vstid": __version__,
            "created_at": datetime.now(UTC).isoformat(),
            "database": "sqlite" if url.startswith("sqlite") else "postgresql",
            "members": {name: _sha256(path) for name, path in members.items()},
        }
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
            for name, path in members.items():
                tar.add(path, arcname=name)
        partial.replace(archive)  # a crash never leaves a half-written archive named as done
    files = len(members) - 1
    return BackupReport(archive, str(manifest["database"]), files, archive.stat().st_size)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _unpack(archive: Path, folder: Path) -> dict[str, object]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, filter="data")  # refuses absolute paths and links out
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive.name} is not a V-STID backup: {exc}") from exc
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(f"{archive.name} has no manifest: not a V-STID backup")
    manifest: dict[str, object] = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive.name}: unknown backup format {manifest.get('format')!r}")
    members = manifest.get("members")
    assert isinstance(members, dict)
    for name, digest in members.items():
        path = folder / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{archive.name}: {name} is missing or damaged")
    return manifest


def restore_backup(settings: Settings, archive: Path) -> BackupReport:
    """Replaces the database and the files with the archive's. Stop the app servers and
    workers first: requests in flight would write into a database being replaced."""
    url = settings.resolved_database_url
    kind = "sqlite" if url.startswith("sqlite") else "postgresql"
    with tempfile.TemporaryDirectory(prefix="vstid-restore-") as scratch:
        folder = Path(scratch)
        manifest = _unpack(archive, folder)
        if manifest["database"] != kind:
            raise BackupError(f"{archive.name} holds a {manifest['database']} database, not {kind}")
        if kind == "sqlite":
            _restore_sqlite(folder / "database.sqlite", _sqlite_path(url))
        else:
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  "--dbname", _libpq_url(url), str(folder / "database.pgdump")])  # fmt: skip
        files = _restore_files(folder / "files", settings)
    return BackupReport(archive, kind, files, archive.stat().st_size)


def _restore_sqlite(copy: Path, live: Path) -> None:
    live.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(copy)
    target = sqlite3.connect(live)
    try:
        source.backup(target)  # page by page under the target's lock: no torn database
    finally:
        target.close()
        source.close()


def _restore_files(unpacked: Path, settings: Settings) -> int:
    count = 0
    for name, live in _folders(settings).items():
        if live.exists():
            shutil.rmtree(live)
        saved = unpacked / name
        if saved.is_dir():
            shutil.copytree(saved, live)
            count += sum(1 for p in live.rglob("*") if p.is_file())
    return count


def prune_backups(target_dir: Path, keep: int) -> list[Path]:
    """Deletes all but the `keep` newest archives of this folder (names sort by time)."""
    archives = sorted(target_dir.glob(f"{PREFIX}*{SUFFIX}"))
    doomed = archives[: max(0, len(archives) - keep)]
    for path in doomed:
        path.unlink()
    return doomed
