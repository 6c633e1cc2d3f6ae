"""What an engine changed since it was last saved or loaded, in order: enough to write those
changes alone (a segment, see `segments.py`) and to replay them exactly on a loaded copy."""

from __future__ import annotations

from dataclasses import dataclass

from vstid.engine.documents import ExpertDoc

__all__ = ["Added", "Change", "Removed"]


@dataclass(frozen=True, slots=True)
class Added:
    """Experts appended as passage rows first .. first + rows - 1 of the store."""

    experts: tuple[ExpertDoc, ...]
    first: int
    rows: int


@dataclass(frozen=True, slots=True)
class Removed:
    expert_id: str


Change = Added | Removed
