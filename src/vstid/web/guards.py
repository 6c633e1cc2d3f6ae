"""Request-wide input guards, run before any route touches the database.

NUL characters: PostgreSQL's text cannot hold one, so a NUL in a query string, path, form or
JSON body reached the driver and answered 500 (SQLite stored it). Every route refuses it up
front with the usual 422, naming the parameter (issue 10, item 7)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import Request

from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_

__all__ = ["NUL_MESSAGE", "reject_nul"]

NUL_MESSAGE = N_("%(field)s must not contain a NUL character")


def _json_strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path, str(key)
            yield from _json_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _json_strings(item, f"{path}.{n}" if path else str(n))


async def _body_strings(request: Request) -> Iterator[tuple[str, str]]:
    kind = request.headers.get("content-type", "")
    if "json" in kind:
        body = await request.body()
        try:
            doc = json.loads(body)
        except ValueError:
            return iter(())  # the route's own validation names the malformed body
        return _json_strings(doc, "")
    if "form" in kind:
        form = await request.form()
        return ((k, v) for k, v in form.multi_items() if isinstance(v, str))  # files are bytes
    return iter(())


def _refuse(field: str) -> ValidationFailed:
    return ValidationFailed(NUL_MESSAGE, field=field or "body", params={"field": field or "body"})


async def reject_nul(request: Request) -> None:
    if "\x00" in request.url.path:
        raise _refuse("path")
    for key, value in request.query_params.multi_items():
        if "\x00" in key or "\x00" in value:
            raise _refuse(key.replace("\x00", "") or "query")
    if request.method in ("POST", "PUT", "PATCH"):
        for field, value in await _body_strings(request):
            if "\x00" in value:
                raise _refuse(field.replace("\x00", ""))
