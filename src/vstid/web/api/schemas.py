"""API envelopes."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from vstid.core.pagination import Page

__all__ = ["PageOut"]

T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int
    pages: int

    @classmethod
    def of(cls, page: Page[Any], items: list[T]) -> PageOut[T]:
        return cls(items=items, total=page.total, page=page.page, size=page.size, pages=page.pages)
