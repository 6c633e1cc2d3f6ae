"""The words a reader sees for a mobility record's codes, marked once for translation."""

from __future__ import annotations

from vstid.core.i18n import N_

__all__ = [
    "ACTION_LABELS",
    "BUTTON_LABELS",
    "CAREER_LABELS",
    "DEGREE_LABELS",
    "EVIDENCE_LABELS",
    "SEX_LABELS",
    "STATUS_LABELS",
]

STATUS_LABELS = {
    "planned": N_("Planned"),
    "departed": N_("Abroad"),
    "returned": N_("Returned home"),
    "extended": N_("Extended"),
    "discontinued": N_("Discontinued"),
}
ACTION_LABELS = {
    "create": N_("Stay recorded"),
    "edit": N_("Corrected"),
    "depart": N_("Departed"),
    "extend": N_("Stay extended"),
    "return": N_("Returned home"),
    "discontinue": N_("Discontinued"),
    "outcome": N_("Outcome recorded"),
    "evidence": N_("Evidence added"),
}
BUTTON_LABELS = {
    "depart": N_("Record the departure abroad"),
    "extend": N_("Extend the stay"),
    "return": N_("Record the return"),
    "discontinue": N_("Discontinue the stay"),
}
EVIDENCE_LABELS = {
    "departure": N_("Departure (boarding pass, arrival letter)"),
    "return": N_("Return"),
    "host_letter": N_("Letter from the host"),
    "degree": N_("Degree obtained"),
    "other": N_("Other"),
}
SEX_LABELS = {
    "female": N_("Female"),
    "male": N_("Male"),
    "other": N_("Other"),
    "undisclosed": N_("Not disclosed"),
}
CAREER_LABELS = {
    "phd_candidate": N_("PhD candidate"),
    "early_career": N_("Early-career researcher"),
    "established": N_("Established researcher"),
    "senior": N_("Senior researcher"),
}
DEGREE_LABELS = {
    "bachelor": N_("Bachelor"),
    "master": N_("Master"),
    "phd": N_("PhD"),
    "postdoc": N_("Postdoctoral stay"),
    "technician": N_("Technician"),
    "other": N_("Other"),
}
