"""Project endpoints, the core: browse (scoped, filtered), create directly, read (whole inside,
a public summary outside), edit, the lifecycle, the consortium, amendments and the channel."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from vstid.accounts.models import User
from vstid.projects.models import Project, ProjectStatus
from vstid.projects.results.service import ResultService
from vstid.projects.schemas import (
    AmendmentOut,
    EndDateInput,
    LeaveInput,
    PartnerAdd,
    PartnerOut,
    ProjectCreate,
    ProjectFilters,
    ProjectOut,
    ProjectPatch,
    ProjectSummaryOut,
    PublicResultOut,
    TransitionInput,
)
from vstid.projects.service import ProjectService
from vstid.projects.states import PROJECT_STATES
from vstid.threads.schemas import MessageInput, MessageOut
from vstid.threads.service import ProjectChannel
from vstid.web.api.schemas import PageOut
from vstid.web.deps import CurrentUser, OptionalUser, PageDep, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["projects"])


def project_out(service: ProjectService, user: User | None, project: Project) -> ProjectOut:
    """The whole project with the transitions this caller may make now (the page's buttons)."""
    out = ProjectOut.model_validate(project)
    out.allowed_actions = service.allowed_actions(user, project)
    return out


@router.get("/projects", response_model=PageOut[ProjectSummaryOut])
def browse_projects(
    session: SessionDep, settings: SettingsDep, user: OptionalUser, params: PageDep,
    hub: uuid.UUID | None = None,
    field: Annotated[str | None, Query(max_length=50)] = None,
    status: ProjectStatus | None = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    funder: Annotated[str | None, Query(max_length=300)] = None,
) -> Any:  # fmt: skip
    """The projects the caller may open: public summaries, and those they are inside of."""
    filters = ProjectFilters(
        hub_id=hub, field=field, status=status.value if status else None,
        country=country.upper() if country else None, funder=funder or None,
    )  # fmt: skip
    page = ProjectService(session, settings).browse(user, filters, params)
    return PageOut.of(page, [ProjectSummaryOut.model_validate(p) for p in page.items])


@router.get("/projects/mine", response_model=PageOut[ProjectOut])
def my_projects(
    user: CurrentUser, session: SessionDep, settings: SettingsDep, params: PageDep
) -> Any:
    """An expert's projects as a partner, a requester's organizations' projects, a
    coordinator's hub's projects."""
    page = ProjectService(session, settings).mine(user, params)
    return PageOut.of(page, [ProjectOut.model_validate(p) for p in page.items])


@router.post("/projects", response_model=ProjectOut, status_code=status.HTTP_201_CREATED)
def create_project(
    data: ProjectCreate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """A project created directly by a coordinator (an admin chooses the hub): a draft."""
    service = ProjectService(session, settings)
    return project_out(service, user, service.create(user, data))


@router.get("/projects/{project_id}", response_model=ProjectOut | ProjectSummaryOut)
def get_project(
    project_id: uuid.UUID, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """The whole project for those inside it; the public summary (no budget, no contacts)
    for anyone else, when it is neither confidential nor a draft; 404 otherwise."""
    service = ProjectService(session, settings)
    project = service.get_visible(user, project_id)
    if service.is_inside(user, project):
        return project_out(service, user, project)
    summary = ProjectSummaryOut.model_validate(project)
    results = ResultService(session, settings).public_results(project)
    summary.public_results = [PublicResultOut.model_validate(r) for r in results]
    return summary


@router.patch("/projects/{project_id}", response_model=ProjectOut)
def edit_project(
    project_id: uuid.UUID, data: ProjectPatch, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ProjectService(session, settings)
    return project_out(service, user, service.update(user, project_id, data))


def _transition_route(action: str) -> None:
    def handle(
        project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep,
        data: TransitionInput | None = None,
    ) -> Any:  # fmt: skip
        service = ProjectService(session, settings)
        reason = data.reason if data else ""
        project = service.transition(user, project_id, action, reason)
        return project_out(service, user, project)

    handle.__name__ = f"{action}_project"
    router.post(
        f"/projects/{{project_id}}/{action}", response_model=ProjectOut, name=f"{action}_project"
    )(handle)


for _action, _transition in PROJECT_STATES.transitions.items():
    if _transition.offered:
        _transition_route(_action)


@router.post(
    "/projects/{project_id}/partners", response_model=PartnerOut,
    status_code=status.HTTP_201_CREATED,
)  # fmt: skip
def add_partner(
    project_id: uuid.UUID, data: PartnerAdd, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """A partner joins (past the draft: an amendment, with {"reason"})."""
    return ProjectService(session, settings).add_partner(user, project_id, data)


@router.post("/projects/{project_id}/partners/{partner_id}/leave", response_model=PartnerOut)
def partner_leaves(
    project_id: uuid.UUID, partner_id: uuid.UUID, data: LeaveInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    return ProjectService(session, settings).partner_leaves(user, project_id, partner_id, data)


@router.get("/projects/{project_id}/amendments", response_model=list[AmendmentOut])
def list_amendments(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """Every change to what was agreed: who, when, why, before and after."""
    service = ProjectService(session, settings)
    amendments = service.amendments(user, project_id)
    authors = service.authors(amendments)
    return [_amendment_out(a, authors) for a in amendments]


@router.post(
    "/projects/{project_id}/amendments/end-date", response_model=AmendmentOut,
    status_code=status.HTTP_201_CREATED,
)  # fmt: skip
def amend_end_date(
    project_id: uuid.UUID, data: EndDateInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ProjectService(session, settings)
    amendment = service.amend_end_date(user, project_id, data)
    return _amendment_out(amendment, service.authors([amendment]))


def _amendment_out(amendment: Any, authors: dict[uuid.UUID, User]) -> AmendmentOut:
    out = AmendmentOut.model_validate(amendment)
    author = authors.get(amendment.author_id) if amendment.author_id else None
    out.author = author.display_name if author else None
    return out


@router.get("/projects/{project_id}/messages", response_model=list[MessageOut])
def read_channel(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    entries = ProjectChannel(session, settings).entries(user, project_id)
    return [_message_out(e.message, e.author) for e in entries]


@router.post(
    "/projects/{project_id}/messages", response_model=MessageOut,
    status_code=status.HTTP_201_CREATED,
)  # fmt: skip
def post_to_channel(
    project_id: uuid.UUID, data: MessageInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    return _message_out(ProjectChannel(session, settings).post(user, project_id, data.body), user)


def _message_out(message: Any, author: Any) -> MessageOut:
    return MessageOut(
        id=message.id,
        author=author.display_name,
        author_role=author.role,
        body=message.body,
        created_at=message.created_at,
    )
