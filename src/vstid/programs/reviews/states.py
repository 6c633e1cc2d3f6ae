"""A review's lifecycle: assigned → submitted | declined (by the reviewer)."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.programs.reviews.models import ReviewStatus
from vstid.programs.states import REVIEWER

__all__ = ["REVIEW_STATES"]

REVIEW_STATES = StateMachine(
    ReviewStatus,
    {
        "submit": Transition(
            frozenset({ReviewStatus.assigned}),
            ReviewStatus.submitted,
            frozenset({REVIEWER}),
            N_("this review is already submitted or declined"),
        ),
        "decline": Transition(
            frozenset({ReviewStatus.assigned}),
            ReviewStatus.declined,
            frozenset({REVIEWER}),
            N_("only an assigned review can be declined"),
        ),
    },
    forbidden=N_("only the assigned reviewer may do this"),
)
