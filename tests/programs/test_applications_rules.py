"""The pure checks behind a submission: the deadline in both zones (Babel, the reader's
locale), each problem naming its field, budgets against each agency's ceiling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from vstid.programs.applications import rules
from vstid.programs.applications.rules import AgencyFacts, MemberFacts
from vstid.programs.calls.models import Call, CallKind, CallStatus

CLOSES = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # 17:00 in Tokyo, 15:00 in Hanoi


def _call(**kw: object) -> Call:
    values: dict[str, object] = dict(
        reference="SEMI-2027", kind=CallKind.joint_research.value, status=CallStatus.open.value,
        opens_at=CLOSES - timedelta(days=60), closes_at=CLOSES, timezone="Asia/Tokyo",
        grace_minutes=30, eligibility={}, questions=[], documents=[],
        ceiling_amount=None, ceiling_currency=None, max_duration_months=36,
    )  # fmt: skip
    values.update(kw)
    return Call(**values)


def test_the_grace_period_is_inclusive_and_then_the_call_is_closed() -> None:
    call = _call()
    assert rules.accepts_submissions(call, CLOSES + timedelta(minutes=30))
    assert not rules.accepts_submissions(call, CLOSES + timedelta(minutes=30, seconds=1))
    assert not rules.accepts_submissions(call, CLOSES - timedelta(days=61))
    assert not rules.accepts_submissions(_call(status=CallStatus.closed.value), CLOSES)


def test_the_late_message_gives_the_call_zone_then_the_readers() -> None:
    call = _call()
    late = rules.deadline_problem(call, CLOSES + timedelta(hours=1), "Asia/Ho_Chi_Minh", "en")
    assert late is not None and late.field == "deadline"
    assert late.params == {"time": "5:00\u202fPM JST", "reader_time": "3:00\u202fPM ICT",
                           "day": "Mar 1, 2027"}  # fmt: skip
    vi = rules.deadline_problem(call, CLOSES + timedelta(hours=1), "Asia/Ho_Chi_Minh", "vi")
    assert vi is not None and vi.params["time"] == "17:00 JST"
    assert vi.params["reader_time"] == "15:00 ICT" and vi.params["day"] == "1 thg 3, 2027"
    early = rules.deadline_problem(call, CLOSES - timedelta(days=90), "Asia/Tokyo", "ja")
    assert early is not None and "not open" in early.message
    closed_by_hand = _call(status=CallStatus.closed.value)
    problem = rules.deadline_problem(closed_by_hand, CLOSES, "Asia/Tokyo", "en")
    assert problem is not None and "any more" in problem.message
    assert rules.deadline_problem(call, CLOSES, "Asia/Tokyo", "en") is None
    reader, own = rules.deadline_in_zones(call, "Asia/Seoul", "ko")
    assert "KST" in reader and "JST" in own


def test_answers_are_checked_by_kind_required_flag_and_length() -> None:
    questions = [
        {"key": "industry", "label": {"en": "Industrial partner"}, "kind": "text",
         "required": True, "max_length": 5},
        {"key": "phd", "label": {"en": "PhD students"}, "kind": "number"},
        {"key": "site", "label": {"en": "Site"}, "kind": "choice", "choices": ["Hanoi", "Sendai"]},
    ]  # fmt: skip
    found = rules.answer_problems(questions, {"phd": "many", "site": "Osaka"}, "en")
    assert [p.field for p in found] == ["answers.industry", "answers.phd", "answers.site"]
    assert found[0].params == {"question": "Industrial partner"}
    draft = rules.answer_problems(questions, {"industry": "FPT Semi"}, "en", require=False)
    assert [(p.field, p.params.get("max")) for p in draft] == [("answers.industry", 5)]
    assert rules.answer_problems(questions, {"industry": "FPT", "phd": "3,5"}, "en") == []


def test_members_must_confirm_and_a_joint_call_needs_the_other_country() -> None:
    call = _call()
    lead = MemberFacts("An", "VN", "lead", "confirmed")
    invited = MemberFacts("Sato", "JP", "co_lead", "invited")
    found = rules.member_problems(call, [lead, invited], ["VN", "JP"])
    assert [(p.field, p.params) for p in found] == [
        ("members", {"name": "Sato"}), ("members", {"country": "JP"}),
    ]  # fmt: skip
    co_applicant = MemberFacts("Ito", "JP", "co_applicant", "confirmed")
    assert [p.params for p in rules.member_problems(call, [lead, co_applicant], ["VN", "JP"])] == [
        {"country": "JP"}
    ]
    mobility = _call(kind=CallKind.mobility.value)
    assert rules.member_problems(mobility, [lead], ["VN", "JP"]) == []
    confirmed = MemberFacts("Sato", "JP", "co_lead", "confirmed")
    assert rules.member_problems(call, [lead, confirmed], ["VN", "JP"]) == []


def test_each_agencys_total_stays_under_its_ceiling_in_its_currency() -> None:
    call = _call(ceiling_amount=Decimal("30000000"), ceiling_currency="JPY")
    jp = AgencyFacts("jp", "JST", "JP", Decimal("15000000"), "JPY")
    vn = AgencyFacts("vn", "NAFOSTED", "VN", Decimal("3000000000"), "VND")
    fine = [("jp", Decimal("15000000"), "JPY"), ("vn", Decimal("3000000000"), "VND")]
    assert rules.budget_problems(call, [jp, vn], fine, "en") == []
    over = [("jp", Decimal("9000000"), "JPY"), ("jp", Decimal("6000000.01"), "JPY")]
    (problem,) = rules.budget_problems(call, [jp, vn], over, "en")
    assert problem.field == "budget"
    assert problem.params == {"agency": "JST", "total": "¥15,000,000", "ceiling": "¥15,000,000"}
    (vi,) = rules.budget_problems(call, [jp, vn], over, "vi")
    assert vi.params["ceiling"] == "15.000.000\xa0¥"
    wrong = rules.budget_problems(call, [jp, vn], [("jp", Decimal(1), "VND")], "en")
    assert wrong[0].params == {"agency": "JST", "currency": "JPY"}
    project = _call(ceiling_amount=Decimal("10000000"), ceiling_currency="JPY")
    _agency, per_project = rules.budget_problems(project, [jp], over[:1] * 2, "en")
    assert "per project" in per_project.message and per_project.params["total"] == "¥18,000,000"


def test_eligibility_names_each_rule_that_fails() -> None:
    call = _call(eligibility={"applicant_types": ["university"], "countries": ["VN", "JP"],
                              "fields": ["semiconductors"], "career_stages": ["early_career"]})  # fmt: skip
    found = rules.eligibility_problems(call, "enterprise", ["VN", "KR"], ["ai"], "senior")
    assert [p.field for p in found] == ["lead_organization_id", "members", "fields", "career_stage"]
    assert found[1].params == {"countries": "KR"}
    ok = rules.eligibility_problems(call, "university", ["VN", "JP"], ["semiconductors"],
                                    "early_career")  # fmt: skip
    assert ok == []
    assert [p.field for p in rules.eligibility_problems(_call(), None, ["VN"], [], None)] == [
        "fields"
    ]
