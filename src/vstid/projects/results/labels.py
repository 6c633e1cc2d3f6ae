"""The words a reader sees for the register's codes, marked once for translation."""

from __future__ import annotations

from vstid.core.i18n import N_

__all__ = [
    "ACTION_LABELS",
    "AGREEMENT_LABELS",
    "DEGREE_LABELS",
    "IP_STATUS_LABELS",
    "KIND_LABELS",
    "OFFICE_LABELS",
    "SEX_LABELS",
    "SIGNATURE_LABELS",
]

KIND_LABELS = {
    "publication": N_("Publication"),
    "patent": N_("Patent"),
    "software": N_("Software"),
    "dataset": N_("Dataset"),
    "prototype": N_("Prototype or product"),
    "process": N_("Process"),
    "trained_person": N_("Trained person"),
    "further_funding": N_("Further funding"),
    "policy": N_("Policy contribution"),
}
IP_STATUS_LABELS = {
    "disclosed": N_("Disclosed"),
    "filed": N_("Filed"),
    "granted": N_("Granted"),
    "licensed": N_("Licensed"),
    "abandoned": N_("Abandoned"),
}
OFFICE_LABELS = {
    "JPO": N_("Japan Patent Office (JPO)"),
    "IPVN": N_("Intellectual Property Office of Viet Nam"),
    "KIPO": N_("Korean Intellectual Property Office (KIPO)"),
    "PCT": N_("International application (PCT)"),
    "EPO": N_("European Patent Office (EPO)"),
    "USPTO": N_("United States Patent and Trademark Office (USPTO)"),
    "other": N_("Other office"),
}
DEGREE_LABELS = {
    "bachelor": N_("Bachelor"),
    "master": N_("Master"),
    "phd": N_("PhD"),
    "postdoc": N_("Postdoctoral researcher"),
    "technician": N_("Technician"),
    "other": N_("Other"),
}
SEX_LABELS = {"female": N_("Female"), "male": N_("Male"), "other": N_("Other")}
AGREEMENT_LABELS = {
    "consortium": N_("Consortium agreement"),
    "ip": N_("IP agreement"),
    "other": N_("Other document"),
}
SIGNATURE_LABELS = {"pending": N_("Pending"), "signed": N_("Signed"), "declined": N_("Declined")}
ACTION_LABELS = {
    "file": N_("Record filing"),
    "grant": N_("Record grant"),
    "license": N_("Record licence"),
    "abandon": N_("Abandon"),
    "sign": N_("Signed"),
    "decline": N_("Declined"),
}
