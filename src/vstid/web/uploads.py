"""Reading uploaded files in plain (`def`) handlers, which run in the thread pool."""

from __future__ import annotations

from fastapi import UploadFile

__all__ = ["read_upload"]


def read_upload(upload: UploadFile, limit: int) -> bytes:
    """At most one byte past the limit: enough to refuse an oversize file without holding it.
    The spooled file object is read synchronously; an `async def` handler would instead run
    the database work that follows on the event loop and freeze every other request."""
    return upload.file.read(limit + 1)
