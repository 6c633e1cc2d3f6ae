"""State machines declared once per domain, as a table the service, the pages and the API read.

A domain lists its actions: from which states each may start, the state it leads to, and which
roles may take it (roles are the domain's own words: "owner", "staff", "expert"...). The service
asks `check` before it changes a row — a role that may never take the action is refused (403), a
role that may but not in this state gets a 409 with the action's own message — and pages and the
API ask `allowed` to show exactly the buttons that will work."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from vstid.core.errors import Conflict, Forbidden

__all__ = ["StateMachine", "Transition"]

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True)
class Transition(Generic[S]):
    sources: frozenset[S]
    target: S
    roles: frozenset[str]
    conflict: str  # message id shown when the state does not allow the action (409)
    # False for a step another action takes on the way (an order is awarded by accepting a
    # proposal): checked like any other, but never offered as a button or endpoint of its own.
    offered: bool = True


class StateMachine(Generic[S]):
    def __init__(
        self, states: type[S], transitions: Mapping[str, Transition[S]], forbidden: str
    ) -> None:
        self.states = states
        self.transitions = dict(transitions)
        self.forbidden = forbidden  # message id when the role may not take the action (403)

    def __getitem__(self, action: str) -> Transition[S]:
        return self.transitions[action]

    def check(self, action: str, state: str, roles: Iterable[str]) -> Transition[S]:
        """The transition to apply, or the error that explains why not."""
        transition = self.transitions[action]
        if not transition.roles & set(roles):
            raise Forbidden(self.forbidden)
        if self.states(state) not in transition.sources:
            raise Conflict(transition.conflict)
        return transition

    def allowed(self, state: str, roles: Iterable[str]) -> list[str]:
        """Offered actions these roles may take from this state, in declaration order."""
        held, current = set(roles), self.states(state)
        return [
            action
            for action, t in self.transitions.items()
            if t.offered and current in t.sources and t.roles & held
        ]
