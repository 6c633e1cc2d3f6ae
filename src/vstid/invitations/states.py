"""The invitation lifecycle, declared once: the requester side shortlists and invites; the
invited expert accepts or declines."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.invitations.models import InvitationStatus
from vstid.orders.states import OWNER, STAFF

__all__ = ["INVITATION_STATES", "INVITED_EXPERT", "REQUESTER_SIDE"]

INVITED_EXPERT = "invited_expert"
REQUESTER_SIDE = frozenset({OWNER, STAFF})
I = InvitationStatus  # noqa: E741
ANSWERED = N_("this invitation was already answered")

INVITATION_STATES = StateMachine(
    InvitationStatus,
    {
        "invite": Transition(
            frozenset({I.shortlisted}),
            I.invited,
            REQUESTER_SIDE,
            N_("this expert was already invited"),
        ),
        "accept": Transition(
            frozenset({I.invited}), I.accepted, frozenset({INVITED_EXPERT}), ANSWERED
        ),
        "decline": Transition(
            frozenset({I.invited}), I.declined, frozenset({INVITED_EXPERT}), ANSWERED
        ),
    },
    forbidden=N_("your role does not allow this action on this invitation"),
)
