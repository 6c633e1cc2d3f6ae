"""Tables of the result register, background IP and agreement documents.

Columns a program reports on (the kind of a result, the trained person's degree, nationality,
sex and destination, the further funding's amount and currency) are plain columns, never
JSON, so the program's KPIs are queries."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin, utcnow

__all__ = [
    "IP_CAPABLE",
    "AgreementKind",
    "AgreementSignature",
    "BackgroundIP",
    "Degree",
    "IPLicense",
    "IPOffice",
    "IPStatus",
    "ProjectAgreement",
    "ProjectResult",
    "ResultKind",
    "ResultOwner",
    "Sex",
    "SignatureStatus",
]


class ResultKind(StrEnum):
    publication = "publication"
    patent = "patent"
    software = "software"
    dataset = "dataset"
    prototype = "prototype"  # prototype or product
    process = "process"
    trained_person = "trained_person"
    further_funding = "further_funding"
    policy = "policy"  # policy contribution


# A patent is always in the IP register; software (copyright or program registration) and a
# prototype (industrial design) enter it when someone protects them.
IP_CAPABLE = frozenset({ResultKind.patent, ResultKind.software, ResultKind.prototype})


class IPOffice(StrEnum):
    jpo = "JPO"
    ipvn = "IPVN"  # Intellectual Property Office of Viet Nam
    kipo = "KIPO"
    pct = "PCT"  # an international application through WIPO
    epo = "EPO"
    uspto = "USPTO"
    other = "other"


class IPStatus(StrEnum):
    disclosed = "disclosed"  # an invention disclosure, nothing filed yet
    filed = "filed"
    granted = "granted"
    licensed = "licensed"  # granted, and at least one licence recorded
    abandoned = "abandoned"


class Degree(StrEnum):
    bachelor = "bachelor"
    master = "master"
    phd = "phd"
    postdoc = "postdoc"
    technician = "technician"
    other = "other"


class Sex(StrEnum):
    female = "female"
    male = "male"
    other = "other"


class AgreementKind(StrEnum):
    consortium = "consortium"
    ip = "ip"
    other = "other"


class SignatureStatus(StrEnum):
    pending = "pending"
    signed = "signed"
    declined = "declined"


class ProjectResult(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_results"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(5), default="en")  # the title's language
    result_date: Mapped[date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str | None] = mapped_column(String(1000))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # the attachment, kept in the platform storage (core/storage) under file_key
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_key: Mapped[str | None] = mapped_column(String(300))
    # publication
    doi: Mapped[str | None] = mapped_column(String(255), index=True)
    venue: Mapped[str | None] = mapped_column(String(300))
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    # IP register (a patent; a protected software or prototype)
    ip_status: Mapped[str | None] = mapped_column(String(20), index=True)
    ip_office: Mapped[str | None] = mapped_column(String(10))
    application_number: Mapped[str | None] = mapped_column(String(100))
    registration_number: Mapped[str | None] = mapped_column(String(100))
    filed_on: Mapped[date | None] = mapped_column(Date)
    granted_on: Mapped[date | None] = mapped_column(Date)
    abandoned_on: Mapped[date | None] = mapped_column(Date)
    ip_status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # trained person
    person_name: Mapped[str | None] = mapped_column(String(200))
    degree: Mapped[str | None] = mapped_column(String(20), index=True)
    nationality: Mapped[str | None] = mapped_column(String(2), index=True)
    sex: Mapped[str | None] = mapped_column(String(10))
    destination: Mapped[str | None] = mapped_column(String(300))
    destination_country: Mapped[str | None] = mapped_column(String(2))
    # further funding
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    funder: Mapped[str | None] = mapped_column(String(300))

    owners: Mapped[list[ResultOwner]] = relationship(
        cascade="all, delete-orphan", order_by="ResultOwner.position"
    )
    licenses: Mapped[list[IPLicense]] = relationship(
        cascade="all, delete-orphan", order_by="IPLicense.licensed_on"
    )

    @property
    def is_ip(self) -> bool:
        return self.ip_status is not None


class ResultOwner(IdMixin, Base):
    """One owner of a result (foreground IP): a partner of the project, or a named party
    outside the consortium (a university's technology licensing office…)."""

    __tablename__ = "project_result_owners"

    result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project_results.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("project_partners.id"))
    party_name: Mapped[str | None] = mapped_column(String(300))
    share_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)


class IPLicense(IdMixin, Base):
    """A licence granted on an IP result: a granted right may be licensed to several
    licensees, each on its own terms."""

    __tablename__ = "project_ip_licenses"

    result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project_results.id", ondelete="CASCADE"), index=True
    )
    licensee: Mapped[str] = mapped_column(String(300))
    licensed_on: Mapped[date] = mapped_column(Date)
    exclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    territory: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BackgroundIP(IdMixin, TimestampMixin, Base):
    """What a partner brings into the project and keeps owning (background IP)."""

    __tablename__ = "project_background_ip"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_partners.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    declared_on: Mapped[date] = mapped_column(Date)
    restrictions: Mapped[str] = mapped_column(Text, default="")
    declared_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class ProjectAgreement(IdMixin, TimestampMixin, Base):
    """A signed (or to-be-signed) document of the consortium: a new version is a new row."""

    __tablename__ = "project_agreements"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    version: Mapped[str] = mapped_column(String(30), default="1")
    dated: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_key: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    signatures: Mapped[list[AgreementSignature]] = relationship(cascade="all, delete-orphan")


class AgreementSignature(IdMixin, Base):
    """One party's signature of one agreement document."""

    __tablename__ = "project_agreement_signatures"
    __table_args__ = (
        UniqueConstraint(
            "agreement_id", "partner_id", name="uq_project_agreement_signatures_party"
        ),
    )

    agreement_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project_agreements.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_partners.id"))
    status: Mapped[str] = mapped_column(String(20), default=SignatureStatus.pending.value)
    signed_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
