"""What a report keeps and how it is downloaded: the snapshot keeps every value's type, the
XLSX keeps numbers as numbers and money as an amount and a currency, values are formatted
for the reader's locale, filenames are safe; narratives keep their source language."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.projects.reporting import Reporting, make_project
from tests.world import World
from vstid.core import i18n
from vstid.core.errors import Conflict, Forbidden
from vstid.core.settings import Settings
from vstid.projects.reports.compile import SECTIONS, freeze, thaw
from vstid.projects.reports.export import (
    Cover,
    format_cell,
    safe_filename,
    shown_sections,
    xlsx_bytes,
)
from vstid.projects.reports.schemas import NarrativeInput, ReportRuleInput
from vstid.projects.reports.service import ReportService
from vstid.projects.sections import Label, Money, ReportSection

FUNDING = ReportSection(
    key="funding",
    title="Funding",
    columns=["Funder", "Committed", "Share", "Date", "Months"],
    rows=[
        ["JST", Money(Decimal("12500000"), "JPY"), Decimal("37.5"), date(2026, 4, 1), 12],
        ["NAFOSTED", Money(Decimal("2000000000.50"), "VND"), None, None, 6],
    ],
    notes=["Tổng: 2 nguồn"],
)


def test_the_snapshot_keeps_every_type() -> None:
    assert thaw(freeze([FUNDING])) == [FUNDING]


def test_every_part_of_a_project_answers_the_report() -> None:
    modules = [f.__module__.rsplit(".", 2)[-2] for f in SECTIONS]
    assert modules == ["plan", "funding", "results", "risks", "reports"]


def test_values_in_the_readers_locale() -> None:
    money = Money(Decimal("12500000"), "JPY")
    assert format_cell(money, "ja") == "￥12,500,000"
    assert format_cell(Money(Decimal("2000000"), "VND"), "vi") == "2.000.000\xa0₫"
    assert format_cell(date(2026, 4, 1), "ja") == "2026/04/01"
    assert format_cell(Decimal("37.5"), "vi") == "37,5"
    assert format_cell(None, "en") == "—"


RISKS = ReportSection(
    key="risks",
    title="Risks",
    columns=["Risk", "Likelihood", "State"],
    rows=[["Mưa kéo dài", 3, Label("mitigated")], ["Trễ thiết bị", 2, Label("still open")]],
)


def test_a_label_is_translated_in_every_output_and_kept_as_its_id() -> None:
    """A word from a fixed set (a risk's state) is shown in the reader's language on the page,
    the PDF and the XLSX, never raw; the snapshot keeps its message id; numbers stay numbers."""
    assert thaw(freeze([RISKS])) == [RISKS]
    before = i18n.current_locale()
    i18n.set_locale("vi")
    try:
        (shown,) = shown_sections([RISKS], "vi", i18n.gettext)
        book = load_workbook(io.BytesIO(xlsx_bytes(Cover("r", []), [RISKS], i18n.gettext)))
    finally:
        i18n.set_locale(before)
    assert [row[2] for row in shown.rows] == ["đã giảm thiểu", "còn mở"]
    assert shown.numeric == [False, True, False]
    rows = list(book["risks"].iter_rows(values_only=True))
    assert rows[2] == ("Mưa kéo dài", 3, "đã giảm thiểu")
    assert format_cell(Label("mitigated"), "en") == "mitigated"


def test_safe_filenames() -> None:
    assert safe_filename("report", "1", 'a"b/../c') == "report-1-a_b_.._c"
    assert safe_filename("Báo cáo", "報告") == "B_o_c_o"


def test_xlsx_money_becomes_amount_and_currency() -> None:
    cover = Cover(title="Báo cáo", lines=[("Dự án", "Đóng gói"), ("Báo cáo", 1)])
    book = load_workbook(io.BytesIO(xlsx_bytes(cover, [FUNDING], lambda s: s)))
    assert book.sheetnames == ["cover", "funding"]
    rows = list(book["funding"].iter_rows(values_only=True))
    assert rows[1] == ("Funder", "Committed", "Currency", "Share", "Date", "Months")
    assert rows[2][:3] == ("JST", 12500000, "JPY") and rows[2][3] == 37.5
    assert rows[2][4].date() == date(2026, 4, 1) and rows[2][5] == 12
    assert rows[3][1:3] == (2000000000.5, "VND")
    assert rows[4][0] == "Tổng: 2 nguồn"


@pytest.fixture
def rep(session: Session, world: World) -> Reporting:
    return make_project(session, world)


def test_narratives_per_language_with_their_source(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    service = ReportService(session, settings)
    pid = rep.project.id
    service.set_rule(rep.w.coordinator, pid, ReportRuleInput(frequency="yearly"))
    report = service.calendar(rep.member, pid).reports[0]
    write = service.write
    write(rep.member, pid, report.id, NarrativeInput(narratives={"ja": "進捗", "vi": "Tiến độ"}))
    assert report.narratives == {"vi": "Tiến độ", "ja": "進捗"}
    assert report.source_language == "ja"  # the first one written
    write(rep.w.expert_user, pid, report.id, NarrativeInput(narratives={"en": "Progress"},
                                                            source_language="vi"))  # fmt: skip
    assert report.source_language == "vi" and set(report.narratives) == {"vi", "ja", "en"}
    write(rep.member, pid, report.id, NarrativeInput(narratives={"vi": "  "}))  # clears vi
    assert set(report.narratives) == {"ja", "en"} and report.source_language == "en"
    with pytest.raises(Forbidden):
        write(rep.w.coordinator, pid, report.id, NarrativeInput(narratives={"vi": "x"}))
    service.submit(rep.member, pid, report.id)
    assert report.snapshot is not None and report.status == "submitted"
    with pytest.raises(Conflict):
        write(rep.member, pid, report.id, NarrativeInput(narratives={"vi": "x"}))
