"""Job handlers by kind. Domains declare them in a `jobs.py` module, found by discovery."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

import vstid
from vstid.core.db import Database

__all__ = [
    "DatabaseHandler",
    "Handler",
    "get_handler",
    "get_long_handler",
    "handler",
    "load_handlers",
    "long_handler",
]

Handler = Callable[[Session, dict[str, Any]], None]
DatabaseHandler = Callable[[Database, dict[str, Any]], None]
_handlers: dict[str, Handler] = {}
_database_handlers: dict[str, DatabaseHandler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """A handler run inside one transaction that commits when it returns."""

    def register(fn: Handler) -> Handler:
        _handlers[kind] = fn
        return fn

    return register


def long_handler(kind: str) -> Callable[[DatabaseHandler], DatabaseHandler]:
    """A handler given the Database to open its own short transactions: for work that takes
    minutes (embedding), which must not hold a transaction — on SQLite, the write lock."""

    def register(fn: DatabaseHandler) -> DatabaseHandler:
        _database_handlers[kind] = fn
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
    if kind not in _handlers and kind not in _database_handlers:
        load_handlers()
    return _handlers.get(kind)


def get_long_handler(kind: str) -> DatabaseHandler | None:
    if kind not in _handlers and kind not in _database_handlers:
        load_handlers()
    return _database_handlers.get(kind)
