"""All SQL of the database storage. Reads go by slices (substr works on BLOB and bytea
alike), so a large file is never one huge result row."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vstid.core.storage.models import StoredFile

__all__ = ["StoredFileRepository"]


class StoredFileRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, row: StoredFile) -> None:
        self.session.merge(row)
        self.session.flush()

    def size(self, key: str) -> int | None:
        return self.session.scalar(select(StoredFile.size).where(StoredFile.key == key))

    def chunks(self, key: str, size: int, chunk: int) -> Iterator[bytes]:
        for start in range(0, size, chunk):
            part = func.substr(StoredFile.content, start + 1, chunk)
            data = self.session.scalar(select(part).where(StoredFile.key == key))
            yield bytes(data or b"")

    def delete(self, key: str) -> bool:
        result = self.session.execute(delete(StoredFile).where(StoredFile.key == key))
        return bool(getattr(result, "rowcount", 0))
