"""The plan's lifecycles, declared once.

A deliverable: pending → draft → submitted → accepted | revision_requested, and a deliverable
sent back is drafted or submitted again. The consortium (members, leads) drafts and submits;
only a named coordinator or officer ("staff") accepts or sends back. A milestone: pending →
reached, by a lead or staff."""

from __future__ import annotations

from typing import Any

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.projects.plan.models import DeliverableStatus, MilestoneState
from vstid.projects.states import LEAD, MEMBER, STAFF

__all__ = ["DELIVERABLE_STATES", "LABELS", "MILESTONE_STATES", "OPEN", "states_for"]

D = DeliverableStatus

DELIVERABLE_STATES = StateMachine(
    DeliverableStatus,
    {
        "draft": Transition(
            frozenset({D.pending, D.revision_requested}),
            D.draft,
            frozenset({LEAD, MEMBER}),
            N_("only a pending deliverable or one sent back for revision can be drafted"),
        ),
        "submit": Transition(
            frozenset({D.draft, D.revision_requested}),
            D.submitted,
            frozenset({LEAD, MEMBER}),
            N_("only a drafted deliverable or one sent back for revision can be submitted"),
        ),
        "accept": Transition(
            frozenset({D.submitted}),
            D.accepted,
            frozenset({STAFF}),
            N_("only a submitted deliverable can be accepted"),
        ),
        "request_revision": Transition(
            frozenset({D.submitted}),
            D.revision_requested,
            frozenset({STAFF}),
            N_("only a submitted deliverable can be sent back for revision"),
        ),
    },
    forbidden=N_("your role does not allow this action on this deliverable"),
)

MILESTONE_STATES = StateMachine(
    MilestoneState,
    {
        "reach": Transition(
            frozenset({MilestoneState.pending}),
            MilestoneState.reached,
            frozenset({LEAD, STAFF}),
            N_("this milestone is already reached"),
        ),
    },
    forbidden=N_("your role does not allow this action on this milestone"),
)

# Not done yet: past its due date, such an item is overdue.
OPEN = frozenset({D.pending.value, D.draft.value, D.submitted.value, D.revision_requested.value})

# Values shown to readers (translated with the value as message id).
LABELS = (
    N_("deliverable"),
    N_("milestone"),
    N_("revision_requested"),
    N_("reached"),
    N_("overdue"),
    N_("draft"),
    N_("submit"),
    N_("accept"),
    N_("request_revision"),
    N_("reach"),
)

# A status as readers see it: its own message id, except "pending", which other parts use for
# something else (a mail waiting to be sent): for a plan item it is "not started".
STATUS_LABELS = {
    "pending": N_("not started"),
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "accepted": N_("accepted"),
    "revision_requested": N_("revision_requested"),
    "reached": N_("reached"),
}


def states_for(kind: str) -> StateMachine[Any]:
    return MILESTONE_STATES if kind == "milestone" else DELIVERABLE_STATES
