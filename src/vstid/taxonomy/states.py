"""A field of science's lifecycle: in use, or deprecated by an admin (kept on the records that
use it, offered for no new one) and restorable."""

from __future__ import annotations

from enum import StrEnum

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition

__all__ = ["FIELD_STATES", "FieldState", "state_of"]

ADMIN = "admin"  # accounts.Role.admin


class FieldState(StrEnum):
    active = "active"
    deprecated = "deprecated"


FIELD_STATES = StateMachine(
    FieldState,
    {
        "deprecate": Transition(
            frozenset({FieldState.active}),
            FieldState.deprecated,
            frozenset({ADMIN}),
            N_("cannot deprecate: this field is already deprecated"),
        ),
        "restore": Transition(
            frozenset({FieldState.deprecated}),
            FieldState.active,
            frozenset({ADMIN}),
            N_("cannot restore: this field is in use"),
        ),
    },
    forbidden=N_("only an admin can change the taxonomy"),
)


def state_of(deprecated: bool) -> FieldState:
    return FieldState.deprecated if deprecated else FieldState.active
