"""The storage of uploaded files: a folder or the database, one interface, on both databases."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from vstid.core.errors import NotFound
from vstid.core.storage import CHUNK, DatabaseStorage, LocalStorage, Storage


@pytest.fixture(params=["local", "database"])
def storage(request: pytest.FixtureRequest, tmp_path: Path, session: Session) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "uploads")
    return DatabaseStorage(session)


def test_put_get_exists_delete(storage: Storage) -> None:
    assert not storage.exists("a/b.txt")
    assert storage.put("a/b.txt", "xin chào".encode(), "text/plain") == len("xin chào".encode())
    assert storage.exists("a/b.txt") and storage.get("a/b.txt") == "xin chào".encode()
    storage.put("a/b.txt", b"replaced")
    assert storage.get("a/b.txt") == b"replaced"
    storage.delete("a/b.txt")
    assert not storage.exists("a/b.txt")
    with pytest.raises(NotFound):
        storage.get("a/b.txt")


def test_large_files_stream_in_chunks(storage: Storage) -> None:
    data = bytes(range(256)) * (CHUNK // 256 * 2 + 3)  # two chunks and a bit
    storage.put("big.bin", io.BytesIO(data))
    chunks = list(storage.open("big.bin"))
    assert len(chunks) == 3 and b"".join(chunks) == data


@pytest.mark.parametrize("key", ["../x", "a/../../x", "/etc/passwd", "a//b", "", "a b"])
def test_keys_that_could_leave_the_store_are_refused(storage: Storage, key: str) -> None:
    with pytest.raises(ValueError):
        storage.put(key, b"x")
