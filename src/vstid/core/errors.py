"""Domain errors carry a status and a message but no HTTP types; one handler renders them all."""

from __future__ import annotations

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

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"error": self.code, "message": self.message}
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

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
