"""The words a reader sees for a call's codes, marked once for translation."""

from __future__ import annotations

from vstid.core.i18n import N_

__all__ = [
    "ACTION_DONE",
    "ACTION_LABELS",
    "APPLICANT_TYPE_LABELS",
    "CAREER_STAGE_LABELS",
    "KIND_LABELS",
    "QUESTION_KIND_LABELS",
    "STATUS_LABELS",
]

KIND_LABELS = {
    "joint_research": N_("Joint research"),
    "mobility": N_("Mobility and fellowships"),
    "seminar_grant": N_("Seminar grant"),
}
STATUS_LABELS = {
    "draft": N_("Draft"),
    "forecast": N_("Announced"),
    "open": N_("Open"),
    "closed": N_("Closed"),
    "in_review": N_("In review"),
    "decided": N_("Decided"),
    "archived": N_("Archived"),
}
ACTION_LABELS = {
    "forecast": N_("Announce the call"),
    "open": N_("Open the call"),
    "close": N_("Close the call"),
    "start_review": N_("Start the review"),
    "decide": N_("Declare the call decided"),
    "archive": N_("Archive the call"),
}
ACTION_DONE = {
    "forecast": N_("The call is announced."),
    "open": N_("The call is open for applications."),
    "close": N_("The call is closed."),
    "start_review": N_("The review has started."),
    "decide": N_("The call is decided."),
    "archive": N_("The call is archived."),
}
APPLICANT_TYPE_LABELS = {
    "university": N_("University"),
    "institute": N_("Research institute"),
    "enterprise": N_("Enterprise"),
    "startup": N_("Start-up"),
    "hospital": N_("Hospital"),
    "agency": N_("Public agency"),
    "individual": N_("Individual researcher"),
}
CAREER_STAGE_LABELS = {
    "phd_candidate": N_("PhD candidate"),
    "early_career": N_("Early-career researcher (PhD within 7 years)"),
    "established": N_("Established researcher"),
    "senior": N_("Senior researcher"),
}
QUESTION_KIND_LABELS = {
    "text": N_("Text"),
    "number": N_("Number"),
    "choice": N_("Choice"),
}
