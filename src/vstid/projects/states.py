"""The project lifecycle declared once.

draft → agreement pending → active ⇄ suspended → closing → closed | terminated. The roles are
the project's own words: "staff" (the hub's coordinators and admins), "lead" (a person acting
for a lead partner), "member" (anyone acting for a current partner)."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.projects.models import ProjectStatus

__all__ = ["LEAD", "MEMBER", "PROJECT_STATES", "STAFF"]

STAFF, LEAD, MEMBER = "staff", "lead", "member"
S = ProjectStatus

PROJECT_STATES = StateMachine(
    ProjectStatus,
    {
        "submit_agreement": Transition(
            frozenset({S.draft}),
            S.agreement_pending,
            frozenset({STAFF, LEAD}),
            N_("only a draft project can be sent for agreement"),
        ),
        "activate": Transition(
            frozenset({S.agreement_pending}),
            S.active,
            frozenset({STAFF}),
            N_("only a project whose agreement is pending can start"),
        ),
        "suspend": Transition(
            frozenset({S.active}),
            S.suspended,
            frozenset({STAFF}),
            N_("only an active project can be suspended"),
        ),
        "resume": Transition(
            frozenset({S.suspended}),
            S.active,
            frozenset({STAFF}),
            N_("only a suspended project can resume"),
        ),
        "start_closing": Transition(
            frozenset({S.active}),
            S.closing,
            frozenset({STAFF, LEAD}),
            N_("only an active project can start closing"),
        ),
        "close": Transition(
            frozenset({S.closing}),
            S.closed,
            frozenset({STAFF}),
            N_("only a project that is closing can be closed"),
        ),
        "terminate": Transition(
            frozenset({S.agreement_pending, S.active, S.suspended, S.closing}),
            S.terminated,
            frozenset({STAFF}),
            N_("a draft, closed or terminated project cannot be terminated"),
        ),
    },
    forbidden=N_("your role does not allow this action on this project"),
)
