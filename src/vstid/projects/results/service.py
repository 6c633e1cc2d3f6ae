"""The result register of a project, its IP register, background IP and agreement documents.
Never commits; every change is audited.

Who may do what (roles are the project's words, `ProjectService.roles_of`):
- read everything here: whoever is inside the project (consortium, hub staff, admins); a 404
  for everyone else. Outsiders see only results marked public, of a project whose summary is
  public, through `public_results`.
- record and edit results and their owners: any current partner (member), the leads and the
  hub's staff — a consortium records what it produced together; every edit is audited.
- move an IP right (file, grant, license, abandon): the lead partners and the hub's staff
  (`states.IP_STATES`): it commits the consortium before offices and licensees.
- declare background IP: a member for the partner it acts for; the leads and staff for any.
- upload an agreement document: the leads and staff; record a party's signature: the leads
  and staff for any party, a member for the partner it acts for.
A closed or terminated project's register no longer changes (409)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.core.storage import storage_for
from vstid.core.text import normalise_doi
from vstid.imports.doi import FoundWork, lookup_doi
from vstid.orders.attachments import AttachmentStore, CheckedFile
from vstid.projects.models import Project, ProjectPartner, ProjectStatus
from vstid.projects.results.labels import IP_STATUS_LABELS, KIND_LABELS
from vstid.projects.results.models import (
    AgreementSignature,
    BackgroundIP,
    IPLicense,
    IPStatus,
    ProjectAgreement,
    ProjectResult,
    ResultKind,
    ResultOwner,
    SignatureStatus,
)
from vstid.projects.results.repository import (
    AgreementRepository,
    BackgroundIPRepository,
    PartnerRepository,
    ResultRepository,
)
from vstid.projects.results.schemas import (
    AbandonInput,
    AgreementInput,
    BackgroundIPInput,
    DoiInput,
    FileInput,
    GrantInput,
    LicenseInput,
    OwnerInput,
    ResultInput,
    SignatureInput,
)
from vstid.projects.results.states import IP_STATES, SIGNATURE_STATES
from vstid.projects.sections import Cell, Label, Money, ReportSection
from vstid.projects.service import ProjectService
from vstid.projects.states import LEAD, MEMBER, STAFF

__all__ = [
    "AgreementView",
    "Download",
    "PartyView",
    "ResultService",
    "Upload",
    "ownership_summary",
    "report_section",
]

WRITERS = frozenset({LEAD, MEMBER, STAFF})
MANAGERS = frozenset({LEAD, STAFF})
FROZEN = frozenset({ProjectStatus.closed.value, ProjectStatus.terminated.value})


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    size: int
    chunks: Iterator[bytes]


@dataclass(frozen=True)
class PartyView:
    partner: ProjectPartner
    status: str
    signed_on: date | None


@dataclass(frozen=True)
class AgreementView:
    agreement: ProjectAgreement
    parties: list[PartyView]

    @property
    def fully_signed(self) -> bool:
        """Every current partner has signed."""
        return bool(self.parties) and all(
            p.status == SignatureStatus.signed.value for p in self.parties
        )


def ownership_summary(result: ProjectResult, partners: dict[uuid.UUID, ProjectPartner]) -> str:
    """ "VKIST 60%, Tohoku University 40%": owners by name with their shares."""
    parts = []
    for owner in result.owners:
        partner = partners.get(owner.partner_id) if owner.partner_id else None
        name = partner.name if partner else (owner.party_name or "?")
        parts.append(f"{name} {owner.share_percent.normalize():f}%")
    return ", ".join(parts)


class ResultService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.projects = ProjectService(session, settings)
        self.repo = ResultRepository(session)
        self.partner_repo = PartnerRepository(session)
        self.audit = Auditor(session, "project_result")

    # -- access ----------------------------------------------------------------------------
    def project(self, user: User | None, project_id: uuid.UUID) -> Project:
        return self.projects.get_inside(user, project_id)

    def roles(self, user: User | None, project: Project) -> set[str]:
        return self.projects.roles_of(user, project)

    def _writer(
        self, user: User | None, project_id: uuid.UUID, allowed: frozenset[str] = WRITERS
    ) -> tuple[User, Project, set[str]]:
        actor = require_user(user)
        project = self.project(actor, project_id)
        roles = self.roles(actor, project)
        if not roles & allowed:
            raise Forbidden(N_("your role does not allow this action on this project"))
        if project.status in FROZEN:
            raise Conflict(N_("a closed or terminated project's results no longer change"))
        return actor, project, roles

    def can_write(self, user: User | None, project: Project) -> bool:
        return bool(self.roles(user, project) & WRITERS) and project.status not in FROZEN

    def can_manage(self, user: User | None, project: Project) -> bool:
        return bool(self.roles(user, project) & MANAGERS) and project.status not in FROZEN

    def partners(self, project: Project) -> list[ProjectPartner]:
        """Every partner the project ever had (owners may have left since)."""
        return self.partner_repo.all_of(project.id)

    def current_partners(self, project: Project) -> list[ProjectPartner]:
        return self.partner_repo.current(project.id)

    def partners_of(self, user: User | None, project: Project) -> set[uuid.UUID]:
        """The current partners the user acts for."""
        return self.partner_repo.acting_for(project.id, user.id) if user else set()

    # -- results ---------------------------------------------------------------------------
    def results(
        self, user: User | None, project_id: uuid.UUID, kind: str | None = None
    ) -> list[ProjectResult]:
        project = self.project(user, project_id)
        if kind is not None and kind not in {k.value for k in ResultKind}:
            raise ValidationFailed(N_("unknown kind of result"), field="kind")
        return self.repo.of_project(project.id, user, kind)

    def get(self, user: User | None, project_id: uuid.UUID, result_id: uuid.UUID) -> ProjectResult:
        self.project(user, project_id)
        result = self.repo.one(project_id, result_id, user)
        if result is None:
            raise NotFound(N_("result not found"))
        return result

    def ip_actions(self, user: User | None, project: Project, result: ProjectResult) -> list[str]:
        """The IP actions this user may take on this result now (the buttons)."""
        if result.ip_status is None or project.status in FROZEN:
            return []
        return IP_STATES.allowed(result.ip_status, self.roles(user, project))

    def add(
        self,
        user: User | None,
        project_id: uuid.UUID,
        data: ResultInput,
        upload: Upload | None = None,
    ) -> ProjectResult:
        actor, project, _ = self._writer(user, project_id)
        owners = self._owners(project, data.owners)
        if data.doi and self.repo.has_doi(project.id, data.doi):
            raise Conflict(N_("this DOI is already in the project's results"), field="doi")
        result = ProjectResult(project_id=project.id, created_by_id=actor.id)
        self._fill(result, data)
        result.ip_status = IPStatus.disclosed.value if data.ip_protected else None
        if upload is not None:
            self._attach(project, result, upload)
        result.owners = owners
        self.repo.add(result)
        self._audit(actor, "project_result.add", result, kind=result.kind, title=result.title)
        return result

    def update(
        self,
        user: User | None,
        project_id: uuid.UUID,
        result_id: uuid.UUID,
        data: ResultInput,
        upload: Upload | None = None,
    ) -> ProjectResult:
        actor, project, _ = self._writer(user, project_id)
        result = self._locked(project, result_id)
        owners = self._owners(project, data.owners)
        if data.doi and self.repo.has_doi(project.id, data.doi, but=result.id):
            raise Conflict(N_("this DOI is already in the project's results"), field="doi")
        if result.ip_status is not None and not data.ip_protected:
            if result.ip_status != IPStatus.disclosed.value:
                raise Conflict(
                    N_("a filed or granted right stays in the IP register; abandon it instead"),
                    field="ip_protected",
                )
            result.ip_status = None
        elif result.ip_status is None and data.ip_protected:
            result.ip_status = IPStatus.disclosed.value
        self._fill(result, data)
        if upload is not None:
            self._attach(project, result, upload)
        self.repo.replace_owners(result, owners)
        self._audit(actor, "project_result.edit", result, kind=result.kind, title=result.title)
        return result

    def set_owners(
        self,
        user: User | None,
        project_id: uuid.UUID,
        result_id: uuid.UUID,
        owners: list[OwnerInput],
    ) -> ProjectResult:
        """Record (or replace) the owners of a result; the schema has checked the sum."""
        actor, project, _ = self._writer(user, project_id)
        result = self._locked(project, result_id)
        rows = self._owners(project, owners)
        self.repo.replace_owners(result, rows)
        shares = {str(o.partner_id or o.party_name): str(o.share_percent) for o in rows}
        self._audit(actor, "project_result.owners", result, owners=shares)
        return result

    def lookup(self, user: User | None, project_id: uuid.UUID, text: str) -> FoundWork:
        """A publication's metadata for the form, before anything is saved (a GET: no lock
        is held while OpenAlex answers). `text` is the DOI as typed, in any spelling."""
        _actor, project, _ = self._writer(user, project_id)
        doi = normalise_doi(text)
        if doi is None:
            raise ValidationFailed(
                N_("this is not a DOI (it looks like 10.1234/abcd)"), field="doi"
            )
        if self.repo.has_doi(project.id, doi):
            raise Conflict(N_("this DOI is already in the project's results"), field="doi")
        return lookup_doi(self.settings, doi)

    def add_from_doi(
        self, user: User | None, project_id: uuid.UUID, data: DoiInput
    ) -> ProjectResult:
        """A publication recorded from its DOI: title, date, venue and authors from OpenAlex.
        Who may and the duplicate are checked before OpenAlex is asked."""
        actor, project, _ = self._writer(user, project_id)
        owners = self._owners(project, data.owners)
        if self.repo.has_doi(project.id, data.doi):
            raise Conflict(N_("this DOI is already in the project's results"), field="doi")
        work = lookup_doi(self.settings, data.doi)
        result = ProjectResult(
            project_id=project.id,
            created_by_id=actor.id,
            kind=ResultKind.publication.value,
            title=work.title,
            language=work.language or "en",
            result_date=work.published_on or date.today(),
            description="",
            evidence_url=f"https://doi.org/{work.doi}",
            public=data.public,
            doi=work.doi,
            venue=work.venue,
            authors=work.authors,
        )
        result.owners = owners
        self.repo.add(result)
        self._audit(actor, "project_result.add", result, kind=result.kind, doi=work.doi)
        return result

    def attachment(
        self, user: User | None, project_id: uuid.UUID, result_id: uuid.UUID
    ) -> Download:
        result = self.get(user, project_id, result_id)
        return self._download(result.file_key, result.file_name, result.file_type, result.file_size)

    # -- IP register -----------------------------------------------------------------------
    def file_ip(
        self, user: User | None, project_id: uuid.UUID, result_id: uuid.UUID, data: FileInput
    ) -> ProjectResult:
        actor, result = self._ip_step(user, project_id, result_id, "file")
        result.ip_office = data.ip_office.value
        result.application_number = data.application_number.strip()
        result.filed_on = data.filed_on
        self._audit(
            actor, "project_result.ip_file", result,
            office=result.ip_office, number=result.application_number,
        )  # fmt: skip
        return result

    def grant_ip(
        self, user: User | None, project_id: uuid.UUID, result_id: uuid.UUID, data: GrantInput
    ) -> ProjectResult:
        actor, result = self._ip_step(user, project_id, result_id, "grant")
        if result.filed_on and data.granted_on < result.filed_on:
            raise ValidationFailed(
                N_("a right cannot be granted before it was filed"), field="granted_on"
            )
        result.registration_number = data.registration_number.strip()
        result.granted_on = data.granted_on
        self._audit(actor, "project_result.ip_grant", result, number=result.registration_number)
        return result

    def license_ip(
        self, user: User | None, project_id: uuid.UUID, result_id: uuid.UUID, data: LicenseInput
    ) -> ProjectResult:
        actor, result = self._ip_step(user, project_id, result_id, "license")
        if any(lic.exclusive for lic in result.licenses) or (data.exclusive and result.licenses):
            raise Conflict(
                N_("an exclusive licence leaves no room for another licence"), field="exclusive"
            )
        result.licenses.append(
            IPLicense(
                licensee=data.licensee.strip(),
                licensed_on=data.licensed_on,
                exclusive=data.exclusive,
                territory=(data.territory or "").strip() or None,
                recorded_by_id=actor.id,
            )
        )
        self.repo.flush()
        self._audit(actor, "project_result.ip_license", result, licensee=data.licensee.strip())
        return result

    def abandon_ip(
        self, user: User | None, project_id: uuid.UUID, result_id: uuid.UUID, data: AbandonInput
    ) -> ProjectResult:
        actor, result = self._ip_step(user, project_id, result_id, "abandon")
        result.abandoned_on = data.abandoned_on
        self._audit(actor, "project_result.ip_abandon", result)
        return result

    def _ip_step(
        self, user: User | None, project_id: uuid.UUID, result_id: uuid.UUID, action: str
    ) -> tuple[User, ProjectResult]:
        actor = require_user(user)
        project = self.project(actor, project_id)
        result = self._locked(project, result_id)
        if result.ip_status is None:
            raise Conflict(N_("this result is not in the IP register"))
        roles = self.roles(actor, project)
        transition = IP_STATES.check(action, result.ip_status, roles)
        if project.status in FROZEN:
            raise Conflict(N_("a closed or terminated project's results no longer change"))
        result.ip_status = transition.target.value
        result.ip_status_changed_at = utcnow()
        return actor, result

    # -- what the project's other parts ask ------------------------------------------------
    def unowned_results(self, project: Project) -> list[ProjectResult]:
        """Results whose ownership is not recorded: closing the project waits for them."""
        return self.repo.unowned(project.id)

    def unowned_count(self, project: Project) -> int:
        return self.repo.unowned_count(project.id)

    def public_results(self, project: Project) -> list[ProjectResult]:
        """The results the public summary shows: marked public, of a project neither
        confidential nor a draft (empty otherwise)."""
        return self.repo.public(project.id)

    # -- background IP ---------------------------------------------------------------------
    def background_ip(self, user: User | None, project_id: uuid.UUID) -> list[BackgroundIP]:
        project = self.project(user, project_id)
        return BackgroundIPRepository(self.session).of_project(project.id, user)

    def declare_background(
        self, user: User | None, project_id: uuid.UUID, data: BackgroundIPInput
    ) -> BackgroundIP:
        actor, project, roles = self._writer(user, project_id)
        partner = self._partner(project, data.partner_id, field="partner_id")
        if not roles & MANAGERS and partner.id not in self.partners_of(actor, project):
            raise Forbidden(N_("you declare background IP only for the partner you act for"))
        row = BackgroundIP(
            project_id=project.id,
            partner_id=partner.id,
            title=data.title.strip(),
            description=data.description.strip(),
            declared_on=data.declared_on,
            restrictions=data.restrictions.strip(),
            declared_by_id=actor.id,
        )
        BackgroundIPRepository(self.session).add(row)
        Auditor(self.session, "project_background_ip")(
            actor.id, "project_background_ip.declare", row.id,
            project_id=str(project.id), partner=partner.name, title=row.title,
        )  # fmt: skip
        return row

    # -- agreements ------------------------------------------------------------------------
    def agreements(self, user: User | None, project_id: uuid.UUID) -> list[AgreementView]:
        project = self.project(user, project_id)
        rows = AgreementRepository(self.session).of_project(project.id, user)
        current = self.current_partners(project)
        return [self._view(row, current) for row in rows]

    def agreement(
        self, user: User | None, project_id: uuid.UUID, agreement_id: uuid.UUID
    ) -> AgreementView:
        project = self.project(user, project_id)
        row = AgreementRepository(self.session).one(project.id, agreement_id, user)
        if row is None:
            raise NotFound(N_("agreement not found"))
        return self._view(row, self.current_partners(project))

    def add_agreement(
        self,
        user: User | None,
        project_id: uuid.UUID,
        data: AgreementInput,
        upload: Upload | None = None,
    ) -> AgreementView:
        actor, project, _ = self._writer(user, project_id, MANAGERS)
        row = ProjectAgreement(
            project_id=project.id,
            kind=data.kind.value,
            title=data.title.strip(),
            version=data.version.strip(),
            dated=data.dated,
            created_by_id=actor.id,
        )
        if upload is not None:
            checked = self._checked(upload)
            row.file_name, row.file_type = checked.filename, checked.content_type
            row.file_size = len(checked.content)
            row.file_key = self._save(
                project, checked.extension, checked.content, checked.content_type
            )
        current = self.current_partners(project)
        row.signatures = [AgreementSignature(partner_id=p.id) for p in current]
        AgreementRepository(self.session).add(row)
        Auditor(self.session, "project_agreement")(
            actor.id, "project_agreement.add", row.id,
            project_id=str(project.id), kind=row.kind, version=row.version,
        )  # fmt: skip
        return self._view(row, current)

    def record_signature(
        self,
        user: User | None,
        project_id: uuid.UUID,
        agreement_id: uuid.UUID,
        partner_id: uuid.UUID,
        data: SignatureInput,
    ) -> AgreementView:
        actor, project, roles = self._writer(user, project_id)
        repo = AgreementRepository(self.session)
        agreement = repo.one(project.id, agreement_id, actor)
        if agreement is None:
            raise NotFound(N_("agreement not found"))
        partner = self._partner(project, partner_id, field="partner_id")
        if partner.left_on is not None:
            raise Conflict(N_("a partner who left the project no longer signs"))
        if not roles & MANAGERS and partner.id not in self.partners_of(actor, project):
            raise Forbidden(N_("you record the signature only of the partner you act for"))
        if data.status == SignatureStatus.pending:
            raise ValidationFailed(N_("record a signature or a refusal"), field="status")
        action = "sign" if data.status == SignatureStatus.signed else "decline"
        signature = repo.signature_for_update(agreement.id, partner.id)
        current = signature.status if signature else SignatureStatus.pending.value
        transition = SIGNATURE_STATES.check(action, current, roles)
        if signature is None:  # a partner who joined after the document was uploaded
            signature = repo.add_signature(
                AgreementSignature(agreement_id=agreement.id, partner_id=partner.id)
            )
        signature.status = transition.target.value
        signature.signed_on = data.signed_on if action == "sign" else None
        signature.recorded_by_id, signature.recorded_at = actor.id, utcnow()
        repo.reload(agreement)
        Auditor(self.session, "project_agreement")(
            actor.id, f"project_agreement.{action}", agreement.id,
            partner=partner.name, signed_on=str(data.signed_on or ""),
        )  # fmt: skip
        return self._view(agreement, self.current_partners(project))

    def agreement_file(
        self, user: User | None, project_id: uuid.UUID, agreement_id: uuid.UUID
    ) -> Download:
        row = self.agreement(user, project_id, agreement_id).agreement
        return self._download(row.file_key, row.file_name, row.file_type, row.file_size)

    def attach_agreement_file(
        self, user: User | None, project_id: uuid.UUID, agreement_id: uuid.UUID, upload: Upload
    ) -> AgreementView:
        """The document's file, uploaded after its record (the API's two steps)."""
        actor, project, _ = self._writer(user, project_id, MANAGERS)
        row = AgreementRepository(self.session).one(project.id, agreement_id, actor)
        if row is None:
            raise NotFound(N_("agreement not found"))
        checked = self._checked(upload)
        row.file_name, row.file_type = checked.filename, checked.content_type
        row.file_size = len(checked.content)
        row.file_key = self._save(project, checked.extension, checked.content, checked.content_type)
        AgreementRepository(self.session).flush()
        Auditor(self.session, "project_agreement")(
            actor.id, "project_agreement.file", row.id, file=checked.filename
        )
        return self._view(row, self.current_partners(project))

    def signature_actions(
        self, user: User | None, project: Project, view: AgreementView
    ) -> dict[uuid.UUID, list[str]]:
        """Per party, the signature actions this user may record now (the buttons)."""
        if project.status in FROZEN:
            return {}
        roles = self.roles(user, project)
        mine = self.partners_of(user, project)
        return {
            p.partner.id: SIGNATURE_STATES.allowed(p.status, roles)
            for p in view.parties
            if roles & MANAGERS or p.partner.id in mine
        }

    def attach_result_file(
        self, user: User | None, project_id: uuid.UUID, result_id: uuid.UUID, upload: Upload
    ) -> ProjectResult:
        actor, project, _ = self._writer(user, project_id)
        result = self._locked(project, result_id)
        self._attach(project, result, upload)
        self.repo.flush()
        self._audit(actor, "project_result.file", result, file=result.file_name)
        return result

    # -- helpers ---------------------------------------------------------------------------
    def _download(
        self, key: str | None, name: str | None, content_type: str | None, size: int | None
    ) -> Download:
        if not key:
            raise NotFound(N_("attachment not found"))
        return Download(
            name or "file",
            content_type or "application/octet-stream",
            size or 0,
            self._store().storage.open(key),
        )

    def _view(self, row: ProjectAgreement, current: list[ProjectPartner]) -> AgreementView:
        by_partner = {s.partner_id: s for s in row.signatures}
        parties = []
        for partner in current:
            s = by_partner.get(partner.id)
            parties.append(
                PartyView(
                    partner=partner,
                    status=s.status if s else SignatureStatus.pending.value,
                    signed_on=s.signed_on if s else None,
                )
            )
        return AgreementView(agreement=row, parties=parties)

    def _locked(self, project: Project, result_id: uuid.UUID) -> ProjectResult:
        result = self.repo.for_update(project.id, result_id)
        if result is None:
            raise NotFound(N_("result not found"))
        return result

    def _partner(self, project: Project, partner_id: uuid.UUID, field: str) -> ProjectPartner:
        partner = self.partner_repo.get(partner_id)
        if partner is None or partner.project_id != project.id:
            raise ValidationFailed(N_("this partner is not in the project"), field=field)
        return partner

    def _owners(self, project: Project, owners: list[OwnerInput]) -> list[ResultOwner]:
        """Owner rows, each partner checked to be the project's; the schema checked the sum
        (exactly 100%) and that nobody is listed twice."""
        rows = []
        known = {p.id for p in self.partners(project)}
        for i, owner in enumerate(owners):
            if owner.partner_id is not None and owner.partner_id not in known:
                raise ValidationFailed(N_("this partner is not in the project"), field="owners")
            rows.append(
                ResultOwner(
                    partner_id=owner.partner_id,
                    party_name=None if owner.partner_id else (owner.party_name or "").strip(),
                    share_percent=owner.share_percent.quantize(Decimal("0.01")),
                    position=i,
                )
            )
        return rows

    def _fill(self, result: ProjectResult, data: ResultInput) -> None:
        result.kind = data.kind.value
        result.title = data.title.strip()
        result.language = data.language
        result.result_date = data.result_date
        result.description = data.description.strip()
        result.evidence_url = data.evidence_url
        result.public = data.public
        is_publication = data.kind == ResultKind.publication
        result.doi = data.doi if is_publication else None
        result.venue = (data.venue or "").strip() or None if is_publication else None
        result.authors = [a.strip() for a in data.authors if a.strip()] if is_publication else []
        if data.ip_protected:
            if data.ip_office is not None:
                result.ip_office = data.ip_office.value
            result.application_number = data.application_number or result.application_number
            result.registration_number = data.registration_number or result.registration_number
        person = data.kind == ResultKind.trained_person
        result.person_name = (data.person_name or "").strip() or None if person else None
        result.degree = data.degree.value if person and data.degree else None
        result.nationality = data.nationality if person else None
        result.sex = data.sex.value if person and data.sex else None
        result.destination = (data.destination or "").strip() or None if person else None
        result.destination_country = data.destination_country if person else None
        funding = data.kind == ResultKind.further_funding
        result.amount = data.amount if funding else None
        result.currency = data.currency.value if funding and data.currency else None
        result.funder = data.funder if funding else None

    def _store(self) -> AttachmentStore:
        return AttachmentStore(
            storage_for(self.settings, self.session), self.settings.max_upload_bytes
        )

    def _checked(self, upload: Upload) -> CheckedFile:
        """The platform's upload checks (type by extension and content, size), naming the
        field "file"."""
        try:
            return self._store().check(upload.filename, upload.content)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field="file", params=exc.params) from exc

    def _save(self, project: Project, extension: str, content: bytes, content_type: str) -> str:
        key = f"projects/{project.id}/{uuid.uuid4().hex}.{extension}"
        self._store().storage.put(key, content, content_type)
        return key

    def _attach(self, project: Project, result: ProjectResult, upload: Upload) -> None:
        checked = self._checked(upload)
        result.file_name, result.file_type = checked.filename, checked.content_type
        result.file_size = len(checked.content)
        result.file_key = self._save(
            project, checked.extension, checked.content, checked.content_type
        )

    def _audit(self, actor: User, action: str, result: ProjectResult, **data: Any) -> None:
        self.audit(actor.id, action, result.id, project_id=str(result.project_id), **data)


_COLUMNS = [N_("Date"), N_("Kind"), N_("Title"), N_("Owners"), N_("IP status"), N_("Amount")]


def report_section(
    session: Session, project: Project, period_start: date, period_end: date
) -> ReportSection:
    """The results dated in the period, for a periodic report: kind, title, ownership
    summary, IP status (and the amount of further funding). The kind and the IP status are
    N_-marked message ids, like the column names."""
    results = ResultRepository(session).in_period(project.id, period_start, period_end)
    partners = {p.id: p for p in PartnerRepository(session).all_of(project.id)}
    rows: list[list[Cell]] = []
    for r in results:
        money = Money(r.amount, r.currency) if r.amount is not None and r.currency else None
        rows.append(
            [
                r.result_date,
                Label(KIND_LABELS[r.kind]),
                r.title,
                ownership_summary(r, partners) or None,
                Label(IP_STATUS_LABELS[r.ip_status]) if r.ip_status else None,
                money,
            ]
        )
    return ReportSection(key="results", title=N_("Results"), columns=list(_COLUMNS), rows=rows)
