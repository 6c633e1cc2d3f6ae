"""The shared program world builds on both databases (every programs test stands on it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld
from vstid.programs.applications.models import Application, ApplicationStatus
from vstid.programs.models import Program
from vstid.programs.permissions import restrict_programs, user_agencies


def test_the_world_holds_a_joint_call_and_a_draft_application(
    session: Session, pw: ProgramWorld
) -> None:
    application = session.get(Application, pw.application.id)
    assert application is not None and application.status == ApplicationStatus.draft.value
    assert {m.country for m in application.members} == {"VN", "JP"}
    assert len(pw.reviewers_vn) == len(pw.reviewers_jp) == 3


def test_agency_members_act_for_their_agency_only(session: Session, pw: ProgramWorld) -> None:
    assert set(session.scalars(user_agencies(pw.jp_officer))) == {pw.jp_agency.id}
    assert set(session.scalars(user_agencies(pw.w.outsider))) == set()


def test_a_draft_program_is_seen_by_its_staff_only(session: Session, pw: ProgramWorld) -> None:
    pw.program.status = "draft"
    session.flush()
    visible = select(Program.id)
    assert pw.program.id not in set(session.scalars(restrict_programs(visible, pw.w.outsider)))
    assert pw.program.id in set(session.scalars(restrict_programs(visible, pw.w.coordinator)))
    assert pw.program.id in set(session.scalars(restrict_programs(visible, pw.vn_officer)))
    other = pw.w.foreign_coordinator
    assert pw.program.id not in set(session.scalars(restrict_programs(visible, other)))
