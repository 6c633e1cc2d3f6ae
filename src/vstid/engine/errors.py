"""Errors raised by the matching engine.

The engine has its own error tree so that adapters (web, CLI, services) can map
them at the edge without the engine knowing about HTTP or exit codes.
"""

from __future__ import annotations

__all__ = [
    "EmbedderUnavailableError",
    "EngineError",
    "IndexFormatError",
    "InvalidDocumentError",
    "UnknownExpertError",
]


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class InvalidDocumentError(EngineError, ValueError):
    """An expert or problem document is malformed (empty id, bad language, ...)."""


class UnknownExpertError(EngineError, KeyError):
    """An operation named an expert id that is not indexed."""

    def __str__(self) -> str:
        # KeyError quotes its argument; a plain message reads better in logs.
        return str(self.args[0]) if self.args else "unknown expert"


class EmbedderUnavailableError(EngineError, RuntimeError):
    """An embedder backend cannot be loaded (missing package or model folder)."""


class IndexFormatError(EngineError):
    """A saved index directory is missing, corrupt or from an incompatible version."""
