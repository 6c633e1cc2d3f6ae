"""Job handlers by kind. Domains declare them in a `jobs.py` module, found by discovery."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

import vstid

__all__ = ["Handler", "get_handler", "handler", "load_handlers"]

Handler = Callable[[Session, dict[str, Any]], None]
_handlers: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _handlers[kind] = fn
        return fn

    return register


def load_handlers() -> None:
    for info in pkgutil.iter_modules(vstid.__path__):
        if not info.ispkg:
            continue
        name = f"vstid.{info.name}.jobs"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def get_handler(kind: str) -> Handler | None:
    if kind not in _handlers:
        load_handlers()
    return _handlers.get(kind)
