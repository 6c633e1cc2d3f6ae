"""An expert's own profile: onboarding form, publications, file import, completeness, claims."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from vstid.accounts.models import User
from vstid.core.errors import DomainError, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.experts.models import ENGAGEMENT_TYPES, ExpertProfile
from vstid.experts.profiles import ExpertProfileService, completeness
from vstid.experts.schemas import ProfileInput, PublicationInput
from vstid.experts.service import ExpertQueries
from vstid.identity.claims import ClaimService
from vstid.identity.service import IdentityService
from vstid.imports.formats import parse
from vstid.imports.records import ImportedProfile, ImportFileError
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render
from vstid.web.uploads import read_upload
from vstid.web.validation import file_error_message, validation_message

__all__ = ["router"]

router = APIRouter()
LANGS = ("vi", "en", "ja", "ko")


def own_profile(session: Session, user: User) -> ExpertProfile:
    """The user's profile; a user without one gets a 404 (writes never create it)."""
    return ExpertProfileService(session).own_profile(user)


def _lines(text: str) -> list[str]:
    return [v.strip() for v in text.replace(",", "\n").splitlines() if v.strip()]


def _profile_input(form: FormData) -> ProfileInput:
    text = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    translations = {
        lang: {"headline": text.get(f"headline_{lang}", ""), "bio": text.get(f"bio_{lang}", "")}
        for lang in LANGS
    }
    return ProfileInput.model_validate(dict(
        display_name=text.get("display_name", ""),
        name_variants=[v.strip() for v in text.get("name_variants", "").splitlines()],
        residence_country=text.get("residence_country") or None,
        affiliation=text.get("affiliation") or None,
        languages=[str(v) for v in form.getlist("languages")],
        headline=text.get("headline", ""),
        bio=text.get("bio", ""),
        bio_language=text.get("bio_language", "en"),
        translations={k: v for k, v in translations.items() if k != text.get("bio_language")},
        expertise=_lines(text.get("expertise", "")),
        fields=[str(v) for v in form.getlist("fields")],
        orcid=text.get("orcid") or None,
        capacity=text.get("capacity") or 1,  # pydantic reads it, with the other fields' errors
        availability=text.get("availability", "available"),
        engagement_types=[str(v) for v in form.getlist("engagement_types")],
        visibility=text.get("visibility", "public"),
    ))  # fmt: skip


def _page(
    request: Request,
    session: SessionDep,
    expert: ExpertProfile,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    percent, hints = completeness(expert)
    return render(
        request,
        "profile/edit.html",
        status_code=status_code,
        expert=expert,
        percent=percent,
        hints=hints,
        all_fields=TaxonomyService(session).offered(expert.fields or []),
        langs=LANGS,
        engagement_types=ENGAGEMENT_TYPES,
        errors=errors or {},
    )


@router.get("/profile")
def profile_form(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    expert = ExpertProfileService(session).own_or_none(user)
    if expert is None:  # reading creates nothing: the user chooses to start a profile
        return render(request, "profile/start.html")
    return _page(request, session, expert)


@router.post("/profile/start")
def profile_start(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    ExpertProfileService(session).start_own(user)
    flash(
        request,
        _("Your expert profile was created; it stays hidden until you choose who can see it."),
        "success",
    )
    return redirect("/profile")


@router.post("/profile")
def profile_save(
    request: Request, session: SessionDep, user: CurrentUser, posted: FormDep
) -> Response:
    expert = own_profile(session, user)
    try:
        data = _profile_input(posted)
    except ValidationError as exc:
        errors = {".".join(str(p) for p in e["loc"]) or "form": validation_message(e, _)
                  for e in exc.errors()}  # fmt: skip
        return _page(request, session, expert, errors, 422)
    orcid_before = expert.orcid
    ExpertProfileService(session).update(expert, data, user)
    if expert.orcid and expert.orcid != orcid_before:
        # an imported profile with this iD becomes a claim for a coordinator to confirm
        IdentityService(session).scan([expert.id])
    flash(request, _("Your profile was saved."), "success")
    return redirect("/profile")


@router.post("/profile/publications")
def publication_add(
    request: Request, session: SessionDep, user: CurrentUser,
    title: Annotated[str, Form()] = "", year: Annotated[str, Form()] = "",
    venue: Annotated[str, Form()] = "", doi: Annotated[str, Form()] = "",
    pub_id: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    expert = own_profile(session, user)
    try:  # pydantic reads the year too, so every wrong field is named in one answer
        given = {"title": title, "year": year.strip() or None, "venue": venue or None,
                 "doi": doi or None}  # fmt: skip
        data = PublicationInput.model_validate(given)
    except ValidationError as exc:
        problems = [validation_message(e, _) for e in exc.errors()]
        hint = _("Check the publication: a title, a year like 2024, a DOI like 10.1000/x.")
        flash(request, " ".join([hint, *problems]), "error")
        return redirect("/profile#publications")
    service = ExpertProfileService(session)
    if pub_id:
        service.update_publication(expert, uuid.UUID(pub_id), data, user)
    else:
        service.add_publication(expert, data, user)
    return redirect("/profile#publications")


@router.post("/profile/publications/{pub_id}/delete")
def publication_delete(session: SessionDep, user: CurrentUser, pub_id: uuid.UUID) -> Response:
    ExpertProfileService(session).delete_publication(own_profile(session, user), pub_id, user)
    return redirect("/profile#publications")


@router.post("/profile/import")
def profile_import(
    request: Request, session: SessionDep, user: CurrentUser, settings: SettingsDep,
    file: Annotated[UploadFile, File()],
) -> Response:  # fmt: skip
    expert = own_profile(session, user)
    data = read_upload(file, settings.max_upload_bytes)
    try:
        if len(data) > settings.max_upload_bytes:
            raise ValidationFailed(N_("the file is too large"))
        rows = [
            r for r in parse(file.filename or "upload.json", data) if isinstance(r, ImportedProfile)
        ]
    except ImportFileError as exc:
        flash(request, file_error_message(exc, _), "error")
        return redirect("/profile#publications")
    except DomainError as exc:
        flash(request, exc.render(_), "error")
        return redirect("/profile#publications")
    works = [w for r in rows for w in r.works]
    added = ExpertProfileService(session).add_imported(
        expert, works, rows[0].orcid if rows else None
    )
    flash(request, _("%(num)s publication(s) added.") % {"num": added}, "success")
    return redirect("/profile#publications")


@router.post("/experts/{slug}/claim")
def claim_request(
    request: Request, slug: str, session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> Response:
    expert = ExpertQueries(session).get_visible(slug, user)
    ClaimService(session, settings).request(expert, user, str(request.base_url))
    flash(
        request, _("We sent a confirmation link to the e-mail address on this profile."), "success"
    )
    return redirect(f"/experts/{slug}")


@router.get("/claim/confirm")
def claim_confirm(
    request: Request, token: str, session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> Response:
    ClaimService(session, settings).confirm(token, user)
    flash(request, _("The profile is now yours."), "success")
    return redirect("/profile")
