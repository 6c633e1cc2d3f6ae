"""An application's lifecycle, and a co-applicant's answer to an invitation.

draft → submitted → eligibility check → in review → shortlisted → awarded | rejected, with
ineligible from the eligibility check and withdrawn by the lead applicant at any point
before a decision. A submitted application may go back to draft (by its lead, while the
call is open) and be submitted again as a new frozen version. Awarded and rejected are
reached only through the joint decision (`programs.reviews`), never as a button."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.programs.applications.models import ApplicationStatus, MemberStatus
from vstid.programs.states import APPLICANT, INVITEE, STAFF

__all__ = ["APPLICATION_STATES", "MEMBER_STATES"]

A = ApplicationStatus
_UNDECIDED = frozenset({A.draft, A.submitted, A.eligibility_check, A.in_review, A.shortlisted})

APPLICATION_STATES = StateMachine(
    ApplicationStatus,
    {
        "submit": Transition(
            frozenset({A.draft}),
            A.submitted,
            frozenset({APPLICANT}),
            N_("only a draft application can be submitted"),
        ),
        "reopen": Transition(
            frozenset({A.submitted}),
            A.draft,
            frozenset({APPLICANT}),
            N_("only a submitted application not yet checked can be reopened"),
        ),
        "check_eligibility": Transition(
            frozenset({A.submitted}),
            A.eligibility_check,
            frozenset({STAFF}),
            N_("only a submitted application can be checked for eligibility"),
        ),
        "pass_eligibility": Transition(
            frozenset({A.eligibility_check}),
            A.in_review,
            frozenset({STAFF}),
            N_("only an application under eligibility check can go to review"),
        ),
        "mark_ineligible": Transition(
            frozenset({A.eligibility_check}),
            A.ineligible,
            frozenset({STAFF}),
            N_("only an application under eligibility check can be found ineligible"),
        ),
        "shortlist": Transition(
            frozenset({A.in_review}),
            A.shortlisted,
            frozenset({STAFF}),
            N_("only an application in review can be shortlisted"),
        ),
        "award": Transition(
            frozenset({A.in_review, A.shortlisted}),
            A.awarded,
            frozenset({STAFF}),
            N_("only an application in review or shortlisted can be awarded"),
            offered=False,
        ),
        "reject": Transition(
            frozenset({A.in_review, A.shortlisted}),
            A.rejected,
            frozenset({STAFF}),
            N_("only an application in review or shortlisted can be rejected"),
            offered=False,
        ),
        "withdraw": Transition(
            _UNDECIDED,
            A.withdrawn,
            frozenset({APPLICANT}),
            N_("a decided application can no longer be withdrawn"),
        ),
    },
    forbidden=N_("your role does not allow this action on this application"),
)

MEMBER_STATES = StateMachine(
    MemberStatus,
    {
        "confirm": Transition(
            frozenset({MemberStatus.invited, MemberStatus.declined}),
            MemberStatus.confirmed,
            frozenset({INVITEE}),
            N_("you have already confirmed"),
        ),
        "decline": Transition(
            frozenset({MemberStatus.invited, MemberStatus.confirmed}),
            MemberStatus.declined,
            frozenset({INVITEE}),
            N_("you have already declined"),
        ),
    },
    forbidden=N_("only the invited co-applicant can answer this invitation"),
)
