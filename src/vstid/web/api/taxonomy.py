"""The fields of science, with their labels in every language; admins add, rename, move,
deprecate and restore them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from vstid.taxonomy.schemas import FieldCreate, FieldLabels, FieldMove, FieldOut
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import CurrentUser, SessionDep

__all__ = ["router"]

router = APIRouter(tags=["taxonomy"])


@router.get("/fields")
def list_fields(session: SessionDep) -> list[dict[str, Any]]:
    return [
        {"code": f.code, "parent": f.parent_code, "labels": f.labels, "deprecated": f.deprecated}
        for f in TaxonomyService(session).ordered()
    ]


@router.post("/fields", response_model=FieldOut, status_code=status.HTTP_201_CREATED)
def create_field(data: FieldCreate, user: CurrentUser, session: SessionDep) -> Any:
    return FieldOut.model_validate(TaxonomyService(session).add(user, data))


@router.put("/fields/{code}/labels", response_model=FieldOut)
def rename_field(code: str, data: FieldLabels, user: CurrentUser, session: SessionDep) -> Any:
    return FieldOut.model_validate(TaxonomyService(session).rename(user, code, data))


@router.post("/fields/{code}/move", response_model=FieldOut)
def move_field(code: str, data: FieldMove, user: CurrentUser, session: SessionDep) -> Any:
    return FieldOut.model_validate(TaxonomyService(session).move(user, code, data))


@router.post("/fields/{code}/deprecate", response_model=FieldOut)
def deprecate_field(code: str, user: CurrentUser, session: SessionDep) -> Any:
    """Kept on the records that use it, offered for no new one; 409 while a sub-field is in
    use or when already deprecated."""
    return FieldOut.model_validate(TaxonomyService(session).deprecate(user, code))


@router.post("/fields/{code}/restore", response_model=FieldOut)
def restore_field(code: str, user: CurrentUser, session: SessionDep) -> Any:
    return FieldOut.model_validate(TaxonomyService(session).restore(user, code))
