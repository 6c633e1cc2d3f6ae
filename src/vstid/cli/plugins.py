"""Registers the commands that live beside their domains (match, index, import, ...)."""

from __future__ import annotations

import importlib

import typer

__all__ = ["register"]

# module path -> command name; a module exposing `command` becomes `vstid <name>`,
# one exposing `app` (a Typer group) becomes `vstid <name> ...`.
COMMANDS: dict[str, str] = {
    "vstid.cli.match": "match",
    "vstid.imports.cli": "import",
    "vstid.cli.worker": "worker",
    "vstid.cli.index": "index",
    "vstid.cli.assign": "assign",
    "vstid.notifications.cli": "reminders",
}


def register(app: typer.Typer) -> None:
    for module_path, name in COMMANDS.items():
        try:
            module = importlib.import_module(module_path)
        except ModuleNotFoundError as exc:
            if exc.name != module_path:
                raise
            continue
        if hasattr(module, "app"):
            app.add_typer(module.app, name=name)
        else:
            app.command(name)(getattr(module, "command", None) or getattr(module, name))
