"""Imports every domain's models module so that Base.metadata is complete (Alembic, tests).

Discovery keeps this file out of every domain's change: a package with a `models.py` is found."""

from __future__ import annotations

import importlib
import pkgutil

import vstid
from vstid.core.models import Base
from vstid.core.queue import models as _queue_models  # core is not a domain: not scanned

__all__ = ["Base", "load_all_models"]


def load_all_models() -> list[str]:
    loaded = []
    for info in pkgutil.iter_modules(vstid.__path__):
        if not info.ispkg or info.name in {"engine", "web", "cli"}:
            continue
        name = f"vstid.{info.name}.models"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        loaded.append(name)
    return [_queue_models.__name__, *loaded]


load_all_models()
