"""Milestone states, declared once: the requester side marks a planned milestone done."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.orders.states import OWNER, STAFF
from vstid.projects.models import MilestoneStatus

__all__ = ["MILESTONE_STATES"]

MILESTONE_STATES = StateMachine(
    MilestoneStatus,
    {
        "complete": Transition(
            frozenset({MilestoneStatus.planned}),
            MilestoneStatus.done,
            frozenset({OWNER, STAFF}),
            N_("this milestone is already done"),
        ),
    },
    forbidden=N_("your role does not allow this action on this order"),
)
