"""The decisions part's service on both databases: panel scores computed from the reviews,
the report frequency from the call's rule, the letter in each language with Babel's
amounts, an award of a mobility call planning the stay, and the console's sides."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.decisions_world import SCORES, in_review, weighted
from tests.programs.world import ProgramWorld
from vstid.core.errors import Conflict, Forbidden, NotFound
from vstid.core.settings import Settings
from vstid.programs.calls.models import CallKind
from vstid.programs.decisions.awards import frequency_for, next_month
from vstid.programs.decisions.console import ConsoleService
from vstid.programs.decisions.letter import LetterAmount, LetterFacts, render_letter
from vstid.programs.decisions.schemas import DecisionInput, PositionInput
from vstid.programs.decisions.service import DecisionService
from vstid.programs.mobility.models import MobilityRecord
from vstid.programs.reviews.models import Position
from vstid.projects.reports.models import Frequency


def _facts(decision: str = "award") -> LetterFacts:
    return LetterFacts(
        decision=decision, lead_name="Nguyễn An", reference="SEMI-2027-004",
        title="Vật liệu đóng gói", call_title="Kêu gọi 2027", program_title="NEXUS",
        decided_on=date(2027, 3, 15), reason="",
        amounts=[LetterAmount("NAFOSTED", "VN", Decimal("2000000000"), "VND"),
                 LetterAmount("JST", "JP", Decimal("12000000"), "JPY")],
        start_date=date(2027, 4, 1), duration_months=36,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("locale", "words", "amount"),
    [
        ("vi", "Kính gửi Nguyễn An", "2.000.000.000\xa0₫"),
        ("ja", "Nguyễn An 様", "￥12,000,000"),
        ("ko", "Nguyễn An 님께", "JP¥12,000,000"),
        ("en", "Dear Nguyễn An", "₫2,000,000,000"),
    ],
)
def test_the_letter_is_written_in_the_leads_language(locale: str, words: str, amount: str) -> None:
    html, language = render_letter(_facts(), locale)
    assert language == locale and words in html and amount in html
    assert f'lang="{locale}"' in html


def test_the_letter_escapes_what_people_typed() -> None:
    facts = _facts("reject")
    facts = LetterFacts(**{**facts.__dict__, "reason": "<script>alert(1)</script>"})
    html, _ = render_letter(facts, "xx")  # an unknown locale falls back to Vietnamese
    assert "<script>" not in html and "&lt;script&gt;" in html and _ == "vi"


def test_the_call_rule_becomes_a_report_frequency() -> None:
    assert [frequency_for(m) for m in (3, 6, 12, 24)] == [
        Frequency.quarterly, Frequency.half_yearly, Frequency.yearly, Frequency.yearly,
    ]  # fmt: skip
    assert next_month(date(2027, 1, 31)) == date(2027, 2, 1)
    assert next_month(date(2027, 12, 5)) == date(2028, 1, 1)


def test_the_console_shows_each_agency_its_side(
    session: Session, pw: ProgramWorld, settings: Settings
) -> None:
    in_review(session, pw)
    consoles = ConsoleService(session, settings)
    staff = consoles.console(pw.w.coordinator, pw.call.reference)
    (row,) = staff.rows
    assert [a.country for a in staff.agencies] == ["VN", "JP"]
    vn = row.panels[pw.vn_agency.id]
    assert (vn.assigned, vn.submitted) == (3, 2)
    expected = ((weighted(SCORES["vn"][0]) + weighted(SCORES["vn"][1])) / 2).quantize(
        Decimal("0.01")
    )
    assert vn.mean == expected and vn.criteria["excellence"] == Decimal("4.50")
    assert staff.counts["in_review"] == 1 and staff.counts["draft"] == 0
    assert len(staff.conflicts) == 1
    japan = consoles.console(pw.jp_officer, pw.call.reference)
    assert [a.country for a in japan.agencies] == ["JP"]
    (jrow,) = japan.rows
    assert set(jrow.requested) == {pw.jp_agency.id}  # never the Vietnamese budget
    assert {r.agency_id for r in jrow.reviews} == {pw.jp_agency.id}
    for stranger in (pw.w.outsider, pw.w.foreign_coordinator, pw.w.expert_user):
        with pytest.raises(NotFound):
            consoles.console(stranger, pw.call.reference)


def test_a_mobility_award_plans_the_stay(
    session: Session, pw: ProgramWorld, settings: Settings
) -> None:
    pw.call.kind = CallKind.mobility.value
    in_review(session, pw)
    service = DecisionService(session, settings)
    ref = pw.application.reference
    service.record_position(pw.vn_officer, ref, PositionInput(position=Position.fund,
                                                              amount=Decimal("900000000")))  # fmt: skip
    service.record_position(pw.jp_officer, ref, PositionInput(position=Position.fund,
                                                              amount=Decimal("5000000")))  # fmt: skip
    decided = service.decide(pw.w.coordinator, ref, DecisionInput(decision="award"))
    assert decided.project_id is None and decided.mobility_id is not None
    record = session.scalars(select(MobilityRecord)).one()
    assert (record.status, record.host_country, record.application_id) == (
        "planned", "JP", pw.application.id,
    )  # fmt: skip
    assert record.planned_departure == pw.application.start_date
    assert record.supervisor == pw.jp_partner_user.display_name
    assert "派遣" not in decided.decision.letter  # the lead reads Vietnamese
    assert "lên kế hoạch" in decided.decision.letter


def test_the_roles_are_checked_before_the_state(
    session: Session, pw: ProgramWorld, settings: Settings
) -> None:
    """A draft application: an agency deciding is still 403 (never allowed), staff get 409."""
    service = DecisionService(session, settings)
    ref = pw.application.reference
    with pytest.raises(Forbidden):
        service.decide(pw.vn_officer, ref, DecisionInput(decision="award"))
    with pytest.raises(Conflict):
        service.decide(pw.w.coordinator, ref, DecisionInput(decision="award"))
