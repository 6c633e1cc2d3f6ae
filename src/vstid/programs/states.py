"""The lifecycles of a program and of a reported indicator value, declared once.

Roles are the programs' own words: "staff" (coordinators of the program's hubs and admins),
"agency" (a member of one of the program's owner agencies), and, in the sub-packages,
"applicant" (the lead applicant), "invitee" (an invited co-applicant), "reviewer"."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.programs.models import ProgramStatus, ReportStatus

__all__ = ["AGENCY", "APPLICANT", "INVITEE", "PROGRAM_STATES", "REPORT_STATES", "REVIEWER", "STAFF"]

STAFF, AGENCY, APPLICANT, INVITEE, REVIEWER = "staff", "agency", "applicant", "invitee", "reviewer"
P, R = ProgramStatus, ReportStatus

PROGRAM_STATES = StateMachine(
    ProgramStatus,
    {
        "activate": Transition(
            frozenset({P.draft}),
            P.active,
            frozenset({STAFF}),
            N_("only a draft program can be made active"),
        ),
        "close": Transition(
            frozenset({P.active}),
            P.closed,
            frozenset({STAFF}),
            N_("only an active program can be closed"),
        ),
    },
    forbidden=N_("only the program's coordinators may do this"),
)

REPORT_STATES = StateMachine(
    ReportStatus,
    {
        "report": Transition(
            frozenset({R.open}),
            R.reported,
            frozenset({STAFF}),
            N_("this period's value is already reported"),
        ),
        "verify": Transition(
            frozenset({R.reported}),
            R.verified,
            frozenset({STAFF, AGENCY}),
            N_("only a reported value can be verified"),
        ),
        "return": Transition(
            frozenset({R.reported}),
            R.open,
            frozenset({STAFF, AGENCY}),
            N_("only a reported value can be returned for correction"),
        ),
    },
    forbidden=N_("only the program's coordinators and agencies may report or verify values"),
)
