"""The order lifecycle, declared once: the service checks it, pages and the API show it."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.orders.models import OrderStatus

__all__ = ["EDITABLE", "ORDER_STATES", "OWNER", "STAFF"]

OWNER, STAFF = "owner", "staff"  # the requester's organization; the hub's coordinators
S = OrderStatus
BOTH = frozenset({OWNER, STAFF})

ORDER_STATES = StateMachine(
    OrderStatus,
    {
        "submit": Transition(
            frozenset({S.draft, S.rejected}),
            S.submitted,
            frozenset({OWNER}),
            N_("cannot submit: only a draft or a rejected order can be submitted"),
        ),
        "approve": Transition(
            frozenset({S.submitted}),
            S.open,
            frozenset({STAFF}),
            N_("cannot approve: only a submitted order can be approved"),
        ),
        "reject": Transition(
            frozenset({S.submitted}),
            S.rejected,
            frozenset({STAFF}),
            N_("cannot reject: only a submitted order can be sent back"),
        ),
        "cancel": Transition(
            frozenset({S.draft, S.submitted, S.open}),
            S.cancelled,
            BOTH,
            N_("cannot cancel: only a draft, submitted or open order can be cancelled"),
        ),
        "award": Transition(
            frozenset({S.open}),
            S.awarded,
            BOTH,
            N_("cannot award: only an open order can be awarded"),
            offered=False,  # accepting a proposal awards the order
        ),
        "close": Transition(
            frozenset({S.awarded}),
            S.closed,
            BOTH,
            N_("cannot close: only an awarded order can be closed"),
        ),
    },
    forbidden=N_("your role does not allow this action on this order"),
)

# Who may edit the order's fields, and in which states.
EDITABLE = {OWNER: frozenset({S.draft, S.rejected}), STAFF: frozenset({S.draft, S.submitted})}
