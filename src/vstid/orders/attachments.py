"""Checking and storing order attachments: the extension must be allowed AND the first bytes
must say the same thing, so a renamed executable is refused."""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_
from vstid.core.storage import Storage

__all__ = ["ALLOWED_EXTENSIONS", "AttachmentStore", "CheckedFile"]

_OFFICE_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ALLOWED_EXTENSIONS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain",
}


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    extension: str
    content_type: str
    content: bytes


def _office_ok(content: bytes, ext: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            return any(name.startswith(_OFFICE_PARTS[ext]) for name in zf.namelist())
    except zipfile.BadZipFile:
        return False


def _text_ok(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _magic_ok(content: bytes, ext: str) -> bool:
    if ext == "pdf":
        return content.startswith(b"%PDF-")
    if ext == "png":
        return content.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return content.startswith(b"\xff\xd8\xff")
    if ext in _OFFICE_PARTS:
        return content.startswith(b"PK\x03\x04") and _office_ok(content, ext)
    return _text_ok(content)


def _safe_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name.strip() or "file"
    return "".join(c for c in name if c.isprintable() and c not in '<>:"|?*')[:200] or "file"


class AttachmentStore:
    """Checks uploads and keeps them in the platform's storage (a folder, or the database
    when several servers share the work)."""

    def __init__(self, storage: Storage, max_bytes: int) -> None:
        self.storage = storage
        self.max_bytes = max_bytes

    def check(self, filename: str, content: bytes) -> CheckedFile:
        name = _safe_name(filename)
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in ALLOWED_EXTENSIONS:
            allowed = ", ".join(sorted(ALLOWED_EXTENSIONS))
            raise ValidationFailed(
                N_("%(name)s: this file type is not accepted (allowed: %(allowed)s)"),
                field="attachments",
                params={"name": name, "allowed": allowed},
            )
        if len(content) > self.max_bytes:
            limit_mb = f"{self.max_bytes / (1024 * 1024):.0f}"
            raise ValidationFailed(
                N_("%(name)s: the file is larger than %(limit)s MB"),
                field="attachments",
                params={"name": name, "limit": limit_mb},
            )
        if not content or not _magic_ok(content, ext):
            raise ValidationFailed(
                N_("%(name)s: the content is not a valid .%(ext)s file"),
                field="attachments",
                params={"name": name, "ext": ext},
            )
        return CheckedFile(name, ext, ALLOWED_EXTENSIONS[ext], content)

    def save(self, order_id: uuid.UUID, checked: CheckedFile) -> str:
        """Stored under a random name; the user's file name is kept only in the database."""
        key = f"{order_id}/{uuid.uuid4().hex}.{checked.extension}"
        self.storage.put(key, checked.content, checked.content_type)
        return key
