"""The organizations directory and one organization's page; creating an organization (pending
the hub's verification), asking to join one, "My organizations" and the coordinators'
verification queue."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, Response
from pydantic import ValidationError

from vstid.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.core.pagination import PageParams
from vstid.hubs.service import HubService
from vstid.orders.service import OrderFilters, OrderQueries
from vstid.organizations.logos import LOGO_MAX_BYTES
from vstid.organizations.models import Organization, OrgKind, OrgStatus
from vstid.organizations.profile import OrganizationProfiles
from vstid.organizations.schemas import LANGUAGES, OrganizationCreate, OrganizationUpdate
from vstid.organizations.service import OrganizationQueries, OrganizationWorkflow
from vstid.projects.service import ProjectService
from vstid.web.deps import CurrentUser, FormDep, OptionalUser, PageDep, SessionDep, SettingsDep
from vstid.web.pages.base import blank, flash, redirect, render
from vstid.web.uploads import read_upload
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()
ORDERS_SHOWN = 50
KINDS = [k.value for k in OrgKind]
DONE = {
    "verify": N_("The organization is verified; its orders can now be approved."),
    "reject": N_("The organization was rejected; its creator was told your reason."),
    "approve": N_("The request was approved: they are now a member."),
    "decline": N_("The request was declined."),
}


@router.get("/organizations")
def organizations_list(
    request: Request, session: SessionDep, user: OptionalUser, params: PageDep,
    kind: str | None = None, q: str | None = None,
) -> Response:  # fmt: skip
    kind = kind if kind in KINDS else None
    page = OrganizationQueries(session).page(user, params, kind=kind, q=blank(q))
    return render(request, "organizations/list.html", page=page, kind=kind, q=q or "", kinds=KINDS)


def _create_page(
    request: Request, session: SessionDep, form: dict[str, str], errors: dict[str, str]
) -> Response:
    return render(
        request, "organizations/new.html", status_code=422 if errors else 200, form=form,
        errors=errors, kinds=KINDS, hubs=HubService(session).all_ordered(),
    )  # fmt: skip


@router.get("/organizations/new")
def new_organization_form(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    form = {"hub_id": str(user.hub_id or ""), "kind": OrgKind.enterprise.value, "country": "VN"}
    return _create_page(request, session, form, {})


@router.post("/organizations/new")
def create_organization(
    request: Request, session: SessionDep, user: CurrentUser, name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "", country: Annotated[str, Form()] = "",
    hub_id: Annotated[str, Form()] = "", website: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    form = {"name": name, "kind": kind, "country": country, "hub_id": hub_id, "website": website}
    try:
        data = OrganizationCreate.model_validate({k: v or None for k, v in form.items()})
        OrganizationWorkflow(session).create(user, data)
    except ValidationError as exc:
        errors = {field_of(e): validation_message(e, _) for e in exc.errors()}
        return _create_page(request, session, form, errors)
    except DomainError as exc:
        return _create_page(request, session, form, {exc.field or "form": exc.render(_)})
    flash(request, _("Your organization was created. It awaits verification by the hub's "
                     "coordinators; you can already write draft orders."), "success")  # fmt: skip
    return redirect("/organizations/mine")


@router.get("/organizations/join")
def join_page(
    request: Request, session: SessionDep, user: CurrentUser, params: PageDep,
    q: str | None = None,
) -> Response:  # fmt: skip
    page = OrganizationQueries(session).page(user, params, q=blank(q), verified_only=True)
    return render(request, "organizations/join.html", page=page, q=q or "")


@router.get("/organizations/mine")
def my_organizations(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    mine = OrganizationWorkflow(session).mine(user)
    return render(request, "organizations/mine.html", mine=mine)


@router.get("/organizations/verification")
def verification_queue(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    pending = OrganizationWorkflow(session).queue(user)
    hub_codes = HubService(session).codes()  # an admin's queue spans every hub
    return render(request, "organizations/queue.html", pending=pending, hub_codes=hub_codes)


@router.post("/organizations/join-requests/{request_id}/{action}")
def decide_join_request(
    request: Request, request_id: uuid.UUID, action: str, session: SessionDep, user: CurrentUser
) -> Response:
    OrganizationWorkflow(session).decide(user, request_id, action)
    flash(request, _(DONE[action]), "success")
    return redirect("/organizations/mine")


@router.post("/organizations/{slug}/join")
def ask_to_join(request: Request, slug: str, session: SessionDep, user: CurrentUser) -> Response:
    org = OrganizationQueries(session).get(slug, user)
    OrganizationWorkflow(session).request_join(user, org)
    flash(request, _("Your request was sent to the organization's admins."), "success")
    return redirect("/organizations/mine")


@router.post("/organizations/{slug}/do/{action}")
def organization_action(
    request: Request, slug: str, action: str, session: SessionDep, user: CurrentUser,
    reason: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    org = OrganizationQueries(session).get(slug, user)
    workflow = OrganizationWorkflow(session)
    if action == "verify":
        workflow.verify(user, org)
    elif action == "reject":
        workflow.reject(user, org, reason)
    else:
        raise NotFound(N_("page not found"))
    flash(request, _(DONE[action]), "success")
    return redirect("/organizations/verification")


@router.get("/organizations/{slug}")
def organization_detail(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
) -> Response:
    queries = OrganizationQueries(session)
    org = queries.get(slug, user)
    # orders and projects as this reader may see them: the domains' own query scoping
    orders = OrderQueries(session).list_visible(
        user, OrderFilters(organization_id=org.id), PageParams(1, ORDERS_SHOWN)
    )
    profiles = OrganizationProfiles(session, settings)
    extra: dict[str, Any] = {"actions": [], "can_join": False}
    if user is not None:
        workflow = OrganizationWorkflow(session)
        extra = {"actions": workflow.allowed_actions(user, org),
                 "can_join": workflow.can_ask_to_join(user, org)}  # fmt: skip
    return render(
        request, "organizations/detail.html", org=org, parent=queries.by_id(org.parent_id),
        children=queries.members_of(org), orders=orders.items,
        projects=ProjectService(session, settings).of_organization(user, org.id, ORDERS_SHOWN),
        roster=profiles.roster(user, org), can_edit=profiles.can_edit(user, org), **extra,
    )  # fmt: skip


def _edit_page(
    request: Request, org: Organization, form: dict[str, str], errors: dict[str, str]
) -> Response:
    return render(
        request, "organizations/edit.html", status_code=422 if errors else 200, org=org,
        form=form, errors=errors, languages=LANGUAGES,
    )  # fmt: skip


def _form_of(org: Organization) -> dict[str, str]:
    form = {
        "name": org.name, "language": org.language, "website": org.website or "",
        "contact_email": org.contact_email or "", "contact_phone": org.contact_phone or "",
    }  # fmt: skip
    for lang in LANGUAGES:
        form[f"name_{lang}"] = org.name_translations.get(lang, "")
        form[f"description_{lang}"] = org.description.get(lang, "")
    return form


@router.get("/organizations/{slug}/edit")
def edit_organization_form(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    org = OrganizationQueries(session).get(slug, user)
    if not OrganizationProfiles(session, settings).can_edit(user, org):
        raise Forbidden(N_("only the organization's admins can edit its profile"))
    return _edit_page(request, org, _form_of(org), {})


@router.post("/organizations/{slug}/edit")
def edit_organization(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    posted: FormDep,
) -> Response:  # fmt: skip
    org = OrganizationQueries(session).get(slug, user)
    form = {k: v for k, v in posted.items() if isinstance(v, str)}
    data = {
        "name": form.get("name", ""), "language": form.get("language") or "vi",
        "name_translations": {lang: form.get(f"name_{lang}", "") for lang in LANGUAGES},
        "description": {lang: form.get(f"description_{lang}", "") for lang in LANGUAGES},
        "website": form.get("website"), "contact_email": form.get("contact_email"),
        "contact_phone": form.get("contact_phone"),
    }  # fmt: skip
    try:
        OrganizationProfiles(session, settings).update(
            user, org, OrganizationUpdate.model_validate(data)
        )
    except ValidationError as exc:
        errors = {field_of(e).split(".")[0]: validation_message(e, _) for e in exc.errors()}
        return _edit_page(request, org, form, errors)
    flash(request, _("Changes saved."), "success")
    return redirect(f"/organizations/{org.slug}")


@router.post("/organizations/{slug}/logo")
def upload_logo(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    logo: Annotated[UploadFile | None, File()] = None, remove: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    org = OrganizationQueries(session).get(slug, user)
    profiles = OrganizationProfiles(session, settings)
    if remove:
        profiles.remove_logo(user, org)
        return redirect(f"/organizations/{org.slug}/edit")
    try:
        if logo is None or not logo.filename:
            raise ValidationFailed(N_("Logo: choose an image file."), field="logo")
        profiles.set_logo(user, org, logo.filename, read_upload(logo, LOGO_MAX_BYTES))
    except ValidationFailed as exc:
        return _edit_page(request, org, _form_of(org), {"logo": exc.render(_)})
    flash(request, _("The logo was saved."), "success")
    return redirect(f"/organizations/{org.slug}/edit")


@router.get("/organizations/{slug}/logo/{version}-{size}.webp")
def logo_image(
    slug: str, version: str, size: int, session: SessionDep, settings: SettingsDep,
    user: OptionalUser,
) -> Response:  # fmt: skip
    """The address names the stored version, so a browser may keep it for good; a pending
    organization's logo is private like its page."""
    org = OrganizationQueries(session).get(slug, user)
    path = OrganizationProfiles(session, settings).logo_file(org, size)
    if path is None or not (org.logo_key or "").endswith(f"/{version}"):
        raise NotFound(N_("page not found"))
    public = org.status == OrgStatus.verified.value
    cache = "public, max-age=31536000, immutable" if public else "private, max-age=3600"
    return FileResponse(path, media_type="image/webp", headers={"Cache-Control": cache})
