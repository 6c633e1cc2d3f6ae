"""The proposal lifecycle, declared once: the expert sends and withdraws; the requester side
moves it forward one stage at a time (screen, assess, finalist), declines it or accepts a
finalist."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.orders.states import OWNER, STAFF
from vstid.proposals.models import ProposalStatus

__all__ = ["EXPERT", "PROPOSAL_STATES", "REVIEWERS"]

EXPERT = "expert"  # the expert who sent the proposal
REVIEWERS = frozenset({OWNER, STAFF})
P = ProposalStatus
ACTIVE = frozenset({P.submitted, P.screen, P.assess, P.finalist})
# One stage at a time, as the review is done: a proposal skipping assessment would reach the
# shortlist without anyone having assessed it (issue 10, low).
ONE_STAGE = N_("a proposal moves one stage at a time: screen, then assess, then finalist")
NOT_UNDER_REVIEW = N_("this proposal is no longer under review")

PROPOSAL_STATES = StateMachine(
    ProposalStatus,
    {
        "resubmit": Transition(
            frozenset({P.withdrawn}),
            P.submitted,
            frozenset({EXPERT}),
            N_("you have already sent a proposal for this order"),
            offered=False,  # sending the form again is the way to resubmit
        ),
        "screen": Transition(frozenset({P.submitted}), P.screen, REVIEWERS, ONE_STAGE),
        "assess": Transition(frozenset({P.screen}), P.assess, REVIEWERS, ONE_STAGE),
        "finalist": Transition(frozenset({P.assess}), P.finalist, REVIEWERS, ONE_STAGE),
        "accept": Transition(
            frozenset({P.finalist}),
            P.accepted,
            REVIEWERS,
            N_("only a finalist can be accepted; move the proposal through the stages first"),
        ),
        "decline": Transition(ACTIVE, P.declined, REVIEWERS, NOT_UNDER_REVIEW),
        "withdraw": Transition(ACTIVE, P.withdrawn, frozenset({EXPERT}), NOT_UNDER_REVIEW),
    },
    forbidden=N_("only the requester side can review proposals"),
)
