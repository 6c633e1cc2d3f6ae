"""The application service on both databases: numbering per call, a refused submission that
changes nothing, the frozen copy, and who reads which country's side."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.programs.world import ProgramWorld
from vstid.accounts.models import Role
from vstid.core.errors import Conflict, NotFound
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.programs.applications.schemas import BudgetInput, StartInput
from vstid.programs.applications.service import (
    ApplicationService,
    SubmissionRefused,
    Upload,
)
from vstid.programs.reviews.models import ReviewAssignment

PDF = b"%PDF-1.4\n%%EOF\n"


def _submitted(service: ApplicationService, pw: ProgramWorld) -> None:
    lead, ref = pw.w.expert_user, pw.application.reference
    service.upload(lead, ref, "cv", Upload("cv.pdf", PDF))
    service.submit(lead, ref)


def test_references_are_numbered_per_call_skipping_a_taken_one(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    pw.application.reference = f"{pw.call.reference}-002"  # taken by hand
    session.flush()
    service = ApplicationService(session, settings)
    first = service.start(pw.w.other_expert_user, pw.call.reference, StartInput(title="Chip AI"))
    assert first.reference == f"{pw.call.reference}-003"
    assert {s.country for s in first.sections} == {"VN", "JP"}
    assert first.members[0].role == "lead" and first.lead_user_id == pw.w.other_expert_user.id


def test_a_refused_submission_changes_nothing_and_a_late_one_names_the_deadline(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    service = ApplicationService(session, settings)
    lead, ref = pw.w.expert_user, pw.application.reference
    with pytest.raises(SubmissionRefused) as refused:
        service.submit(lead, ref)
    assert [p.field for p in refused.value.problems] == ["documents.cv"]
    assert (pw.application.status, pw.application.version) == ("draft", 0)
    assert service.repo.versions(pw.application.id) == []
    service.upload(lead, ref, "cv", Upload("cv.pdf", PDF))
    late = ApplicationService(session, settings, now=lambda: utcnow() + timedelta(days=31))
    with pytest.raises(Conflict) as closed:
        late.submit(lead, ref)
    assert closed.value.field == "deadline" and "JST" in str(closed.value)
    assert pw.application.status == "draft"
    service.submit(lead, ref)
    (version,) = service.repo.versions(pw.application.id)
    assert version.number == 1 and version.snapshot["documents"][0]["kind"] == "cv"
    assert {b["currency"] for b in version.snapshot["budget"]} == {"VND", "JPY"}


def test_a_budget_over_the_ceiling_keeps_the_old_lines(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    service = ApplicationService(session, settings)
    over = BudgetInput.model_validate(
        {"lines": [{"agency_id": str(pw.vn_agency.id), "amount": "3000000001", "currency": "VND"}]}
    )
    with pytest.raises(SubmissionRefused) as refused:
        service.set_budget(pw.w.expert_user, pw.application.reference, over)
    assert refused.value.field == "budget"
    assert sorted(b.amount for b in pw.application.budget_lines) == [
        Decimal("10000000"), Decimal("2000000000"),
    ]  # fmt: skip


def test_each_reader_sees_the_sections_of_their_side(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    service = ApplicationService(session, settings)
    application = pw.application
    assert service.visible_sections(pw.w.expert_user, application) is None
    assert service.visible_sections(pw.w.coordinator, application) is None
    with pytest.raises(NotFound):
        service.read(pw.jp_officer, application.reference)  # a draft
    _submitted(service, pw)
    assert service.visible_sections(pw.jp_officer, application) == frozenset({"JP"})
    assert service.visible_sections(pw.vn_officer, application) == frozenset({"VN"})
    reading = service.read(pw.jp_officer, application.reference)
    assert reading.frozen and [s["country"] for s in reading.data["sections"]] == ["JP"]
    assert reading.totals == {"JPY": Decimal("10000000.00")} and reading.actions == []
    panel_user = make_user(session, Role.expert)
    free_user = make_user(session, Role.expert)
    pw.reviewers_vn[0].user_id, pw.reviewers_vn[1].user_id = panel_user.id, free_user.id
    session.add_all([
        ReviewAssignment(application_id=application.id, expert_id=pw.reviewers_vn[0].id,
                         agency_id=pw.vn_agency.id),
        ReviewAssignment(application_id=application.id, expert_id=pw.reviewers_vn[1].id),
    ])  # fmt: skip
    session.flush()
    assert service.visible_sections(panel_user, application) == frozenset({"VN"})
    assert service.visible_sections(free_user, application) is None
    with pytest.raises(NotFound):
        service.read(pw.w.outsider, application.reference)
    assert [a.reference for a in service.of_call(pw.jp_officer, pw.call.reference)] == [
        application.reference
    ]
    assert service.of_call(pw.w.outsider, pw.call.reference) == []
