"""Where uploaded files live: put/get/delete/exists by key, behind one small interface.

`VSTID_STORAGE=local` (the default) keeps them under data_dir/uploads; `database` keeps them in
the `stored_files` table, so every app server and worker of a PostgreSQL installation sees
the same files without a shared disk. The database storage writes in the caller's session:
a file and the row that points to it commit (or roll back) together.

Keys are relative paths made by the platform (`<order id>/<random>.pdf`), never a user's
file name; a key that could leave the folder is refused."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from sqlalchemy.orm import Session

from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.core.settings import Settings
from vstid.core.storage.models import StoredFile
from vstid.core.storage.repository import StoredFileRepository

__all__ = ["CHUNK", "DatabaseStorage", "LocalStorage", "Storage", "check_key", "storage_for"]

CHUNK = 1024 * 1024
_KEY = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")


def check_key(key: str) -> str:
    if len(key) > 300 or not _KEY.fullmatch(key) or ".." in key.split("/"):
        raise ValueError(f"bad storage key {key!r}")
    return key


def _missing(key: str) -> NotFound:
    error = NotFound(N_("the requested item was not found"))
    error.add_note(f"stored file {key}")  # for logs, not for readers
    return error


def _read_all(data: bytes | BinaryIO) -> bytes:
    return data if isinstance(data, bytes) else data.read()


class Storage(Protocol):
    def put(self, key: str, data: bytes | BinaryIO, content_type: str = ...) -> int:
        """Stores (or replaces) the file; returns its size in bytes."""

    def open(self, key: str) -> Iterator[bytes]:
        """The file in chunks, still readable after the caller's session has ended."""

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes | BinaryIO, content_type: str = "") -> int:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        size = 0
        with partial.open("wb") as out:
            if isinstance(data, bytes):
                size = out.write(data)
            else:
                while block := data.read(CHUNK):
                    size += out.write(block)
        partial.replace(path)  # readers never see half a file
        return size

    def open(self, key: str) -> Iterator[bytes]:
        try:
            handle = self._path(key).open("rb")
        except FileNotFoundError:
            raise _missing(key) from None
        return _chunks_of(handle)

    def get(self, key: str) -> bytes:
        return b"".join(self.open(key))

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


def _chunks_of(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while block := handle.read(CHUNK):
            yield block


class DatabaseStorage:
    def __init__(self, session: Session) -> None:
        self.files = StoredFileRepository(session)

    def put(self, key: str, data: bytes | BinaryIO, content_type: str = "") -> int:
        content = _read_all(data)  # one row; uploads are bounded by max_upload_bytes
        self.files.put(
            StoredFile(
                key=check_key(key),
                content=content,
                content_type=content_type or "application/octet-stream",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
        )
        return len(content)

    def open(self, key: str) -> Iterator[bytes]:
        # Read in slices now, while the session is open: a response streams after the
        # request's session has closed.
        size = self.files.size(check_key(key))
        if size is None:
            raise _missing(key)
        return iter(list(self.files.chunks(key, size, CHUNK)))

    def get(self, key: str) -> bytes:
        return b"".join(self.open(key))

    def delete(self, key: str) -> None:
        self.files.delete(check_key(key))

    def exists(self, key: str) -> bool:
        return self.files.size(check_key(key)) is not None


def storage_for(settings: Settings, session: Session) -> Storage:
    if settings.storage == "database":
        return DatabaseStorage(session)
    return LocalStorage(settings.upload_dir)
