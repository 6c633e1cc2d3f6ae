"""The fields of science, with their labels in every language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import SessionDep

__all__ = ["router"]

router = APIRouter(tags=["taxonomy"])


@router.get("/fields")
def list_fields(session: SessionDep) -> list[dict[str, Any]]:
    return [
        {"code": f.code, "parent": f.parent_code, "labels": f.labels}
        for f in TaxonomyService(session).ordered()
    ]
