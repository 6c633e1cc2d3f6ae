"""The call service and the deadline helpers, on SQLite and PostgreSQL: submissions accepted by
time (grace included, to the minute), the deadline written in two zones, the periodic close of
overdue calls (by the service, the reminders and the CLI's command), nothing half-saved when
an edit is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld, make_call
from vstid.audit.models import AuditEntry
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.programs.calls.deadlines import (
    accepts_submissions,
    deadline_in_zones,
    effective_close,
    reader_zone,
    zone_abbreviation,
)
from vstid.programs.calls.models import Call
from vstid.programs.calls.schemas import CallPatch
from vstid.programs.calls.service import CallService, local_value, shown_text, to_utc
from vstid.reminders.service import Reminders

CLOSES = datetime(2030, 3, 1, 8, 0, tzinfo=UTC)  # 17:00 JST, 15:00 ICT, 17:00 KST


def _call(**kw: object) -> Call:
    return Call(
        reference="X", title="T", status=kw.pop("status", "open"), timezone="Asia/Tokyo",
        opens_at=CLOSES - timedelta(days=30), closes_at=CLOSES,
        grace_minutes=kw.pop("grace_minutes", 30), **kw,
    )  # fmt: skip


def test_submissions_are_accepted_until_the_grace_runs_out() -> None:
    call = _call()
    assert effective_close(call) == CLOSES + timedelta(minutes=30)
    assert accepts_submissions(call, CLOSES - timedelta(days=30))  # the opening minute
    assert not accepts_submissions(call, CLOSES - timedelta(days=30, seconds=1))
    assert accepts_submissions(call, CLOSES + timedelta(minutes=30))
    assert not accepts_submissions(call, CLOSES + timedelta(minutes=30, seconds=1))
    # by time AND state: a call not (or no longer) open takes nothing
    for status in ("draft", "forecast", "closed", "in_review", "decided", "archived"):
        assert not accepts_submissions(_call(status=status), CLOSES)
    # SQLite hands back naive UTC values: read as UTC
    naive = _call(grace_minutes=0)
    naive.closes_at = CLOSES.replace(tzinfo=None)
    assert accepts_submissions(naive, CLOSES) and not accepts_submissions(
        naive, CLOSES + timedelta(seconds=1)
    )


@pytest.mark.parametrize(
    ("zone", "locale", "reader", "own"),
    [
        ("Asia/Ho_Chi_Minh", "vi", "15:00 1 thg 3, 2030 ICT", "17:00 1 thg 3, 2030 JST"),
        ("Asia/Seoul", "en", "Mar 1, 2030, 5:00\u202fPM KST", "Mar 1, 2030, 5:00\u202fPM JST"),
        ("Asia/Tokyo", "ja", "2030/03/01 17:00 JST", "2030/03/01 17:00 JST"),
    ],
)
def test_the_deadline_in_the_readers_zone_and_the_calls(
    zone: str, locale: str, reader: str, own: str
) -> None:
    assert deadline_in_zones(_call(), zone, locale) == (reader, own)


def test_a_readers_zone() -> None:
    assert reader_zone("vi") == "Asia/Ho_Chi_Minh" and reader_zone("ko") == "Asia/Seoul"
    assert reader_zone("vi", "Asia/Tokyo") == "Asia/Tokyo"
    assert reader_zone("ja", "Mars/Olympus") == "Asia/Tokyo"  # unknown: the locale's
    assert zone_abbreviation("Europe/Paris", CLOSES) == "CET"


def test_times_entered_in_the_calls_zone() -> None:
    assert to_utc(datetime(2030, 3, 1, 17, 0), "Asia/Tokyo") == CLOSES
    assert to_utc(datetime(2030, 3, 1, 15, 0), "Asia/Ho_Chi_Minh") == CLOSES
    assert to_utc(CLOSES, "Asia/Seoul") == CLOSES  # an offset given wins
    assert local_value(CLOSES, "Asia/Seoul") == "2030-03-01T17:00"


def test_each_field_is_shown_in_the_readers_language_when_translated() -> None:
    call = _call(language="vi", summary="Tóm tắt",
                 translations={"ja": {"title": "日本語の題"}, "en": {"summary": "English"}})  # fmt: skip
    assert shown_text(call, "vi") == ("T", "Tóm tắt", "vi")
    assert shown_text(call, "ja") == ("日本語の題", "Tóm tắt", "vi")
    assert shown_text(call, "en") == ("T", "English", "en")


def test_close_overdue_closes_only_calls_past_their_grace(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    now = utcnow()
    late = make_call(session, pw.program, reference="LATE", closes_at=now - timedelta(minutes=31))
    in_grace = make_call(session, pw.program, reference="IN-GRACE",
                         closes_at=now - timedelta(minutes=29))  # fmt: skip
    draft = make_call(session, pw.program, reference="OLD-DRAFT", status="draft",
                      closes_at=now - timedelta(days=3))  # fmt: skip
    session.commit()
    closed = CallService(session, settings).close_overdue(now)
    assert [c.reference for c in closed] == ["LATE"]
    assert (late.status, in_grace.status, draft.status, pw.call.status) == (
        "closed", "open", "draft", "open",
    )  # fmt: skip
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "call.close_overdue")
    ).one()
    assert entry.entity_id == str(late.id) and entry.actor_id is None
    # the periodic run of the reminders closes the rest, once
    report = Reminders(session, settings).run(now + timedelta(minutes=2))
    assert report.calls_closed == 1 and in_grace.status == "closed"
    assert Reminders(session, settings).run(now + timedelta(minutes=3)).calls_closed == 0


def test_a_refused_edit_changes_nothing(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    service = CallService(session, settings)
    before = (pw.call.title, list(pw.call.questions), pw.call.grace_minutes)
    patch = CallPatch.model_validate({
        "title": "Đổi", "grace_minutes": 5,
        "rubric": [{"key": "a", "label": {"en": "A"}, "weight": 50}],
    })  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        service.update(pw.w.coordinator, pw.call.reference, patch)
    assert refused.value.field == "rubric" and refused.value.params == {"total": 50}
    session.refresh(pw.call)
    assert (pw.call.title, list(pw.call.questions), pw.call.grace_minutes) == before


def test_who_edits_and_sees(session: Session, settings: Settings, pw: ProgramWorld) -> None:
    service = CallService(session, settings)
    patch = CallPatch(title="Mới đây")
    with pytest.raises(Forbidden):
        service.update(pw.jp_officer, pw.call.reference, patch)
    with pytest.raises(NotFound):
        service.get_visible(pw.w.outsider, "NO-SUCH")
    assert service.update(pw.w.admin, pw.call.reference, patch).title == "Mới đây"
    assert service.allowed_actions(pw.w.coordinator, pw.call) == ["close"]
    assert service.allowed_actions(pw.jp_officer, pw.call) == []


def test_ceilings_are_replaced_per_agency(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    service = CallService(session, settings)
    patch = CallPatch.model_validate({"ceilings": [
        {"agency_id": str(pw.jp_agency.id), "amount": "20000000", "currency": "JPY"},
    ]})  # fmt: skip
    call = service.update(pw.w.coordinator, pw.call.reference, patch)
    session.commit()
    session.refresh(call)
    assert [(c.agency_id, c.amount) for c in call.ceilings] == [
        (pw.jp_agency.id, Decimal("20000000"))
    ]
    twice = CallPatch.model_validate({"ceilings": [
        {"agency_id": str(pw.jp_agency.id), "amount": "1", "currency": "JPY"},
        {"agency_id": str(pw.jp_agency.id), "amount": "2", "currency": "JPY"},
    ]})  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        service.update(pw.w.coordinator, pw.call.reference, twice)
    assert refused.value.field == "ceilings.1.agency_id"


def test_opening_a_call_whose_deadline_passed_is_refused(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    call = make_call(session, pw.program, reference="STALE", status="forecast",
                     closes_at=utcnow() - timedelta(minutes=1))  # fmt: skip
    session.commit()
    with pytest.raises(Conflict) as refused:
        CallService(session, settings).transition(pw.w.coordinator, "STALE", "open")
    assert refused.value.field == "closes_at" and call.status == "forecast"
