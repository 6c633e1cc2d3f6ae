"""The two lifecycles of this domain, declared once: an organization's verification by the
hub's coordinators, and a requester's request to join an organization."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.organizations.models import JoinStatus, OrgStatus

__all__ = ["JOIN_STATES", "ORG_ADMIN", "ORG_STATES", "STAFF"]

STAFF, ORG_ADMIN = "staff", "org_admin"  # the hub's coordinators (or an admin); its admins

ORG_STATES = StateMachine(
    OrgStatus,
    {
        "verify": Transition(
            frozenset({OrgStatus.pending, OrgStatus.rejected}),
            OrgStatus.verified,
            frozenset({STAFF}),
            N_("cannot verify: this organization is already verified"),
        ),
        "reject": Transition(
            frozenset({OrgStatus.pending}),
            OrgStatus.rejected,
            frozenset({STAFF}),
            N_("cannot reject: only a pending organization can be rejected"),
        ),
    },
    forbidden=N_("only the hub's coordinators can verify an organization"),
)

JOIN_STATES = StateMachine(
    JoinStatus,
    {
        "approve": Transition(
            frozenset({JoinStatus.pending}),
            JoinStatus.approved,
            frozenset({ORG_ADMIN, STAFF}),
            N_("cannot approve: this request was already decided"),
        ),
        "decline": Transition(
            frozenset({JoinStatus.pending}),
            JoinStatus.declined,
            frozenset({ORG_ADMIN, STAFF}),
            N_("cannot decline: this request was already decided"),
        ),
    },
    forbidden=N_("only the organization's admins or the hub's coordinators can decide this"),
)

# The states as badges show them (translated in templates by their value).
STATE_LABELS = (N_("pending"), N_("verified"), N_("rejected"), N_("approved"), N_("declined"))
