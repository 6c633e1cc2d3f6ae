"""The demo's mobility register (the PhD researchers a program sends abroad), recorded through
the mobility service by the program's coordinator as each stay happened: planned, departed
with its evidence (a boarding pass, the host's letter of arrival), extended with the host's
letter, returned with its evidence and what came next, or discontinued with the reason.
Never commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.settings import Settings
from vstid.demo.cast import Cast, Row
from vstid.demo.files import demo_pdf
from vstid.programs.mobility.models import MobilityRecord
from vstid.programs.mobility.schemas import (
    DepartInput,
    DiscontinueInput,
    EvidenceInput,
    ExtendInput,
    MobilityInput,
    OutcomeInput,
    ReturnInput,
)
from vstid.programs.mobility.service import MobilityService, Upload
from vstid.programs.models import Program

__all__ = ["DemoMobility"]

PLANNED = ("sex", "career_stage", "field", "home_institution", "host_institution",
           "host_country", "supervisor", "planned_departure", "planned_return")  # fmt: skip


class DemoMobility:
    def __init__(self, session: Session, settings: Settings, cast: Cast) -> None:
        self.cast = cast
        self.service = MobilityService(session, settings)

    def load(self, coordinator: User, program: Program, rows: list[Row]) -> None:
        for row in rows:
            self._stay(coordinator, program, row)
            self.cast.bump("mobility_records")

    def _stay(self, who: User, program: Program, row: Row) -> None:
        data: dict[str, Any] = {k: row[k] for k in PLANNED}
        data["person_name"] = row["person"]
        data["home_organization_id"] = self.cast.org_id(row["home_organization"])
        data["host_organization_id"] = self.cast.org_id(row["host_organization"])
        record = self.service.create(who, program.slug, MobilityInput.model_validate(data))
        if row.get("departed_on"):
            ev = self._evidence(row, "departure")
            depart = DepartInput(
                departed_on=date.fromisoformat(row["departed_on"]), note=ev["note"]
            )
            self.service.depart(who, record.id, depart, self._file(record, ev))
        status = row["status"]
        if status == "extended":
            self._add(who, record, row, "host_letter")
            extend = ExtendInput(
                planned_return=date.fromisoformat(row["extended_to"]), reason=row["reason"]
            )
            self.service.extend(who, record.id, extend)
        elif status == "returned":
            ev = self._evidence(row, "return")
            back = ReturnInput(returned_on=date.fromisoformat(row["returned_on"]), note=ev["note"])
            self.service.return_(who, record.id, back, self._file(record, ev))
            outcome = OutcomeInput.model_validate(
                {
                    "next_destination": row["next_destination"],
                    "next_country": row["next_country"],
                    "degree_obtained": row.get("degree"),
                }
            )
            self.service.record_outcome(who, record.id, outcome)
            if row.get("degree"):
                self._add(who, record, row, "degree")
        elif status == "discontinued":
            self.service.discontinue(who, record.id, DiscontinueInput(reason=row["reason"]))

    @staticmethod
    def _evidence(row: Row, kind: str) -> Row:
        return next(e for e in row["evidence"] if e["kind"] == kind)

    def _file(self, record: MobilityRecord, evidence: Row) -> Upload:
        name = evidence["file_name"]
        return Upload(name, demo_pdf(record.person_name, evidence["note"], name))

    def _add(self, who: User, record: MobilityRecord, row: Row, kind: str) -> None:
        evidence = self._evidence(row, kind)
        data = EvidenceInput.model_validate({"kind": kind, "note": evidence["note"]})
        self.service.add_evidence(who, record.id, data, self._file(record, evidence))
