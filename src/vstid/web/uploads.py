"""Reading uploaded files in plain (`def`) handlers, which run in the thread pool, and sending
stored ones back."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from fastapi import UploadFile
from fastapi.responses import StreamingResponse

__all__ = ["download_response", "read_upload"]


def read_upload(upload: UploadFile, limit: int) -> bytes:
    """At most one byte past the limit: enough to refuse an oversize file without holding it.
    The spooled file object is read synchronously; an `async def` handler would instead run
    the database work that follows on the event loop and freeze every other request."""
    return upload.file.read(limit + 1)


def download_response(
    chunks: Iterator[bytes], media_type: str, filename: str, size: int
) -> StreamingResponse:
    """A stored file as a download (the storage gives chunks, from a folder or the database),
    named as its uploader named it, never rendered inline."""
    quoted = quote(filename)
    disposition = (
        f'attachment; filename="{filename}"'
        if quoted == filename
        else f"attachment; filename*=utf-8''{quoted}"
    )
    headers = {
        "Content-Disposition": disposition,
        "Content-Length": str(size),
        "X-Content-Type-Options": "nosniff",
    }
    return StreamingResponse(chunks, media_type=media_type, headers=headers)
