"""Page parameters and a typed page of results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["MAX_PAGE", "MAX_SIZE", "Page", "PageParams"]

T = TypeVar("T")

# The bounds a request may ask for. Beyond MAX_PAGE the offset outgrows what a database
# integer holds (page 9223372036854775807 was a 500 on PostgreSQL); no list is that long.
MAX_PAGE = 100_000
MAX_SIZE = 100


@dataclass(frozen=True)
class PageParams:
    page: int = 1
    size: int = 20

    def __post_init__(self) -> None:
        if self.page < 1:
            object.__setattr__(self, "page", 1)
        if not 1 <= self.size <= MAX_SIZE:
            object.__setattr__(self, "size", max(1, min(MAX_SIZE, self.size)))
        if self.page > MAX_PAGE:
            object.__setattr__(self, "page", MAX_PAGE)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1
