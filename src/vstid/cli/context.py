"""Shared CLI plumbing: settings, database, clear failures."""

from __future__ import annotations

from typing import NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console

from vstid.core.db import Database
from vstid.core.settings import Settings, get_settings

__all__ = ["cli_database", "cli_settings", "fail"]

_err = Console(stderr=True, soft_wrap=True)  # keep "field: message" on one line


def fail(message: str, code: int = 2) -> NoReturn:
    _err.print(f"[red]Error:[/red] {message}")
    raise typer.Exit(code)


def cli_settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        fail(f"configuration: {first.get('msg')}")


def cli_database(settings: Settings) -> Database:
    return Database(settings)
