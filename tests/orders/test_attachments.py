"""Order attachments: checked by extension and content, limited in size, invisible with their order."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.world import Api, World, open_order
from vstid.core.settings import Settings


def _upload(api: Api, user: Any, slug: str, name: str, content: bytes) -> Any:
    return api.client.post(
        f"/api/v1/orders/{slug}/attachments",
        files={"file": (name, content, "application/octet-stream")},
        headers=api.headers(user),
    )


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("brief.pdf", b"%PDF-1.7\n...", True),
        ("plan.xlsx", _xlsx(), True),
        ("photo.png", b"\x89PNG\r\n\x1a\n0000", True),
        ("photo.jpg", b"\xff\xd8\xff\xe0JFIF", True),
        ("notes.txt", "Ghi chú tiếng Việt".encode(), True),
        ("fake.pdf", b"MZ\x90\x00", False),
        ("plan.docx", _xlsx(), False),  # a spreadsheet renamed to .docx
        ("run.exe", b"MZ\x90\x00", False),
        ("binary.txt", b"\x00\x01\x02", False),
    ],
)
def test_attachments_are_checked_by_extension_and_content(
    api: Api, world: World, session: Session, name: str, content: bytes, ok: bool
) -> None:
    order = open_order(session, world, status="draft")
    response = _upload(api, world.requester, order.slug, name, content)
    assert response.status_code == (201 if ok else 422), response.text
    if not ok:
        assert response.json()["field"] == "attachments"


def test_oversize_attachment_is_refused(
    api: Api, world: World, session: Session, settings: Settings
) -> None:
    order = open_order(session, world, status="draft")
    big = b"a" * (settings.max_upload_bytes + 1)
    response = _upload(api, world.requester, order.slug, "big.txt", big)
    assert response.status_code == 422 and "larger than" in response.json()["message"]


def test_attachments_of_invisible_orders_are_404(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world, confidentiality="invite_only")
    assert _upload(api, world.requester, order.slug, "a.txt", b"hello").status_code == 201
    assert api.get(world.expert_user, f"/orders/{order.slug}/attachments").status_code == 404
    assert _upload(api, world.expert_user, order.slug, "a.txt", b"x").status_code == 404


@pytest.mark.parametrize("storage", ["local", "database"])
def test_an_attachment_is_downloaded_from_the_configured_storage(
    api: Api, world: World, session: Session, settings: Settings, storage: str
) -> None:
    settings.storage = storage  # type: ignore[assignment]
    order = open_order(session, world, status="draft")
    content = "Bản vẽ — 図面".encode() * 1000
    created = _upload(api, world.requester, order.slug, "bản vẽ.txt", content)
    assert created.status_code == 201, created.text
    url = f"/orders/{order.slug}/attachments/{created.json()['id']}"
    response = api.get(world.requester, url)
    assert response.status_code == 200 and response.content == content
    assert response.headers["content-type"].startswith("text/plain")
    assert (
        "filename*=utf-8''b%E1%BA%A3n%20v%E1%BA%BD.txt" in response.headers["content-disposition"]
    )
    on_disk = list(settings.upload_dir.rglob("*.txt")) if settings.upload_dir.exists() else []
    assert len(on_disk) == (1 if storage == "local" else 0)  # the database keeps it otherwise
    assert api.get(world.expert_user, url).status_code == 404  # a draft is the owner's alone
