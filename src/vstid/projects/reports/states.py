"""A periodic report's lifecycle, declared once: open → submitted → accepted | returned, and
a returned report is submitted again. The consortium (lead, member) writes and submits; the
hub's staff accept or return it."""

from __future__ import annotations

from vstid.core.errors import Conflict, Forbidden
from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.projects.reports.models import ReportStatus
from vstid.projects.states import LEAD, MEMBER, STAFF

__all__ = [
    "EDITABLE",
    "LABELS",
    "REPORT_STATES",
    "RULE_SETTERS",
    "WRITERS",
    "check_editable",
]

R = ReportStatus
WRITERS = frozenset({LEAD, MEMBER})  # write the narrative and submit
RULE_SETTERS = frozenset({STAFF, LEAD})  # set the report calendar's rule
EDITABLE = frozenset({R.open, R.returned})
# The words pages show for the stored values (statuses, frequencies, anchors, risk states).
# A report's "open" and a risk's are their own words ("open" alone is an order's).
LABELS = {
    "open": N_("open for writing"),
    "submitted": N_("submitted"),
    "accepted": N_("accepted"),
    "returned": N_("returned"),
    "yearly": N_("yearly"),
    "half_yearly": N_("half-yearly"),
    "quarterly": N_("quarterly"),
    "project_start": N_("from the project's start"),
    "calendar_year": N_("calendar year (January–December)"),
    "april_march": N_("fiscal year April–March (Japan)"),
    "risk_open": N_("still open"),
    "mitigated": N_("mitigated"),
    "occurred": N_("occurred"),
    "closed": N_("closed"),
}

REPORT_STATES = StateMachine(
    ReportStatus,
    {
        "submit": Transition(
            frozenset({R.open, R.returned}),
            R.submitted,
            WRITERS,
            N_("only an open or returned report can be submitted"),
        ),
        "accept": Transition(
            frozenset({R.submitted}),
            R.accepted,
            frozenset({STAFF}),
            N_("only a submitted report can be accepted"),
        ),
        "return": Transition(
            frozenset({R.submitted}),
            R.returned,
            frozenset({STAFF}),
            N_("only a submitted report can be returned"),
        ),
    },
    forbidden=N_("your role does not allow this action on this report"),
)


def check_editable(status: str, roles: set[str], writers: frozenset[str] = WRITERS) -> None:
    """Narratives and risk states are written while the report is open or returned, by the
    consortium (403 for anyone else, 409 once submitted or accepted)."""
    if not roles & writers:
        raise Forbidden(REPORT_STATES.forbidden)
    if ReportStatus(status) not in EDITABLE:
        raise Conflict(N_("a submitted or accepted report can no longer be changed"))
