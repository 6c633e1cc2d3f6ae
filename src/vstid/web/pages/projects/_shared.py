"""What every project page shares: the header (title, status, dates, the lifecycle buttons the
service accepts now and the tabs, templates/projects/_header.html). Each part's page passes
`**header(service, user, project)` (any part's service: its `.projects` is used)."""

from __future__ import annotations

from typing import Any

from vstid.accounts.models import User
from vstid.core import i18n
from vstid.core.i18n import N_
from vstid.projects.models import Project, ProjectStatus
from vstid.projects.service import ProjectService, shown_text

__all__ = ["ACTIONS", "header"]

ACTIONS = {
    "submit_agreement": N_("Send for agreement"),
    "activate": N_("Start the project"),
    "suspend": N_("Suspend"),
    "resume": N_("Resume"),
    "start_closing": N_("Start closing"),
    "close": N_("Close the project"),
    "terminate": N_("Terminate"),
}


def header(service: Any, user: User | None, project: Project) -> dict[str, Any]:
    """What the shared header of every project page needs (templates/projects/_header.html):
    the buttons the service would accept now (from the state table), what may be changed,
    and what keeps a closing project open. Other parts' pages pass this to theirs too."""
    if not isinstance(service, ProjectService):
        service = service.projects
    closing = project.status == ProjectStatus.closing.value
    title, _summary, language = shown_text(project, i18n.current_locale())
    return {
        "project": project,
        "shown_title": title,
        "shown_language": language,
        "actions": service.allowed_actions(user, project),
        "action_labels": ACTIONS,
        "reason_actions": ("suspend", "terminate"),
        "closing_blockers": service.closing_blockers(project) if closing else [],
        "can_edit": service.can_edit(user, project),
        "can_change": service.can_change(user, project),
    }
