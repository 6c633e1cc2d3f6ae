"""The admins' home: what needs attention and a way into each tool (users, hubs, organizations
to verify, taxonomy, the matching index, the outbox). Counts come from each domain's service."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vstid.accounts.service import UserAdministration
from vstid.hubs.service import HubService
from vstid.matching.service import MatchingService
from vstid.organizations.service import OrganizationWorkflow
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.pages.base import render

__all__ = ["router"]

router = APIRouter()


@router.get("/admin")
def admin_home(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    roles = UserAdministration(session).counts_by_role(user)  # admins only (403 otherwise)
    hub_codes = HubService(session).codes()
    queue = OrganizationWorkflow(session).queue(user)
    pending = Counter(hub_codes.get(o.hub_id, "?") for o in queue)
    fields = TaxonomyService(session).ordered()
    return render(
        request, "admin/home.html", roles=roles, pending=dict(sorted(pending.items())),
        pending_total=sum(pending.values()), hubs=len(hub_codes),
        fields=len(fields), deprecated=sum(f.deprecated for f in fields),
        health=MatchingService(session, settings).index_health(user),
    )  # fmt: skip
