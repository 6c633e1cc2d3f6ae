"""Domain errors carry a status and a message but no HTTP types; one handler renders them all.

`message` is an English message id marked with N_; values that vary go in `params` and the id
names them as %(name)s placeholders, so the renderer translates the id for its reader first
and formats it afterwards."""

from __future__ import annotations

from collections.abc import Callable, Mapping

__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "NotFound",
    "RateLimited",
    "Unauthorized",
    "ValidationFailed",
]


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.params = dict(params or {})
        super().__init__(message % self.params if self.params else message)
        self.message = message
        self.field = field

    def render(self, translate: Callable[[str], str] = str) -> str:
        """The message in a reader's language: translated as an id, then formatted."""
        text = translate(self.message)
        return text % self.params if self.params else text

    def as_dict(self, translate: Callable[[str], str] = str) -> dict[str, object]:
        body: dict[str, object] = {"error": self.code, "message": self.render(translate)}
        if self.field:
            body["field"] = self.field
        return body


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"

    def __init__(
        self, message: str, *, retry_after_s: int, params: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message, params=params)
        self.retry_after_s = retry_after_s
