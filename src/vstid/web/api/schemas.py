"""API envelopes."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from vstid.core.pagination import Page

__all__ = ["ERROR_RESPONSES", "ErrorOut", "FieldErrorOut", "PageOut", "file_response"]

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


class FieldErrorOut(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """Every API error: a stable code, a message in the caller's language, the field at fault
    (validation) and, for a request that fails validation, every field's message."""

    error: str
    message: str
    field: str | None = None
    errors: list[FieldErrorOut] | None = None


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


# What any API operation may answer besides its success, declared once for the whole API so
# clients (and the fuzz test) know every status and its body.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error("Malformed request"),
    401: _error("Not signed in, or the bearer token is unknown or expired"),
    403: _error("Signed in, but this role may not do this (or the CSRF token is missing)"),
    404: _error("No such record, or one the caller may not read"),
    409: _error("The record's state does not allow this now"),
    413: _error("The upload is too large"),
    422: _error("A field is invalid; `field` names it and `errors` lists every one"),
    429: _error("Too many attempts; retry after the Retry-After header's seconds"),
    503: _error("Busy, or the matching index is not ready yet; retry shortly"),
}


def file_response(description: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI answer of an endpoint that sends back a stored file as it was uploaded."""
    return {
        200: {
            "description": description,
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
