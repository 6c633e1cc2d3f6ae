"""Enum values shown to users are translated with their value as the message id. Listing them
here (with a no-op marker) lets `pybabel extract` find them."""

from __future__ import annotations

__all__ = ["ENUM_MESSAGES"]


def _(message: str) -> str:
    return message


ENUM_MESSAGES = (
    # roles
    _("expert"),
    _("requester"),
    _("coordinator"),
    _("admin"),
    # order status
    _("draft"),
    _("submitted"),
    _("approved"),
    _("open"),
    _("awarded"),
    _("closed"),
    _("rejected"),
    _("cancelled"),
    # confidentiality
    _("public"),
    _("members"),
    _("invite_only"),
    # engagement types
    _("consulting"),
    _("joint_research"),
    _("training"),
    _("technology_transfer"),
    # availability and visibility
    _("available"),
    _("limited"),
    _("unavailable"),
    _("hidden"),
    # organization kinds
    _("enterprise"),
    _("startup"),
    _("agency"),
    _("university"),
    _("institute"),
    _("hospital"),
    _("fund"),
    _("association"),
    _("embassy_office"),
    # import rows and batches
    _("created"),
    _("updated"),
    _("unchanged"),
    _("error"),
    _("running"),
    _("failed"),
    # order workflow: invitations, proposal stages, projects, milestones, partner sides
    _("shortlisted"),
    _("invited"),
    _("accepted"),
    _("declined"),
    _("screen"),
    _("assess"),
    _("finalist"),
    _("withdrawn"),
    _("active"),
    _("planned"),
    _("done"),
    _("vietnam"),
    _("abroad"),
    # projects: lifecycle, origin, consortium roles, amendment kinds
    _("agreement_pending"),
    _("suspended"),
    _("closing"),
    _("terminated"),
    _("lead"),
    _("partner"),
    _("funder"),
    _("associated"),
    _("direct"),
    _("proposal"),
    _("call"),
    _("end_date"),
    _("budget"),
    _("other"),
    # e-mail outbox
    _("pending"),
    _("sent"),
    _("completed"),
)
