"""Programs and their indicators through the API on both databases: every transition and
every refusal (403 for a role never allowed, 404 for what the caller may not see, 409 for
the state, 422 naming the field)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld
from tests.projects.funding_helpers import add_rate
from tests.world import Api
from vstid.programs.mobility.models import MobilityEvidence, MobilityRecord
from vstid.programs.models import ProgramStatus

THIS_YEAR = date.today().year


def body(pw: ProgramWorld, **kw: Any) -> dict[str, Any]:
    data = {
        "slug": "vn-kr-joint-committee", "title": "Ủy ban hỗn hợp Việt Nam – Hàn Quốc",
        "summary": "AI, bán dẫn, lượng tử, vật liệu mới và năng lượng sạch.", "language": "vi",
        "translations": {"ko": {"title": "한-베 공동위원회"}}, "fields": ["ai", "semiconductors"],
        "start_year": THIS_YEAR, "end_year": THIS_YEAR + 5,
        "agencies": [{"organization_id": str(pw.vn_agency_org.id), "role": "owner"}],
    }  # fmt: skip
    return data | kw


def delete(api: Api, user: Any, path: str) -> Any:
    return api.client.delete(f"/api/v1{path}", headers=api.headers(user))


def refused(response: Any, code: int, field: str | None = None) -> None:
    assert response.status_code == code, response.text
    if field:
        assert response.json().get("field") == field, response.text


def test_create_edit_activate_close(api: Api, pw: ProgramWorld, session: Session) -> None:
    w = pw.w
    created = api.post(w.coordinator, "/programs", body(pw))
    assert created.status_code == 201, created.text
    program = created.json()
    pid, base = program["id"], f"/programs/{program['id']}"
    assert program["status"] == "draft" and program["can_edit"]
    assert program["agencies"][0]["country"] == "VN"
    assert program["allowed_actions"] == ["activate"]
    # a draft is seen by its staff (and its agencies), a 404 for anyone else
    refused(api.get(w.outsider, base), 404)
    refused(api.get(None, base), 404)
    refused(api.get(w.foreign_coordinator, base), 404)
    assert api.get(pw.vn_officer, base).status_code == 200
    assert pid not in {p["id"] for p in api.get(w.outsider, "/programs").json()}
    # one country's owners only: not yet a joint program
    refused(api.post(w.coordinator, f"{base}/activate"), 409, "agencies")
    refused(api.post(pw.vn_officer, f"{base}/activate"), 403)
    added = api.post(w.coordinator, f"{base}/agencies",
                     {"organization_id": str(pw.jp_agency_org.id), "role": "owner"})  # fmt: skip
    assert added.status_code == 201 and added.json()["country"] == "JP", added.text
    refused(api.post(w.coordinator, f"{base}/agencies",
                     {"organization_id": str(pw.jp_agency_org.id)}), 422, "organization_id")  # fmt: skip
    refused(api.post(w.coordinator, f"{base}/agencies",
                     {"organization_id": str(w.org.id)}), 422, "organization_id")  # fmt: skip
    edited = api.patch(
        w.coordinator, base, {"title": "Ủy ban hỗn hợp KH&CN", "end_year": THIS_YEAR + 9}
    )
    assert edited.status_code == 200 and edited.json()["end_year"] == THIS_YEAR + 9
    refused(api.patch(w.coordinator, base, {"end_year": THIS_YEAR + 10}), 422, "end_year")
    refused(api.patch(w.coordinator, base, {"fields": ["alchemy"]}), 422, "fields")
    refused(api.patch(pw.vn_officer, base, {"title": "Khác"}), 403)
    active = api.post(w.coordinator, f"{base}/activate")
    assert active.status_code == 200 and active.json()["status"] == "active", active.text
    assert active.json()["allowed_actions"] == ["close"]
    refused(api.post(w.coordinator, f"{base}/activate"), 409)
    # public now: read by anyone, changed by its staff only
    assert api.get(None, base).json()["status"] == "active"
    refused(api.patch(w.foreign_coordinator, base, {"title": "Khác"}), 403)
    refused(api.post(w.outsider, f"{base}/close"), 403)
    refused(api.post(pw.jp_officer, f"{base}/close"), 403)
    closed = api.post(w.admin, f"{base}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    refused(api.post(w.coordinator, f"{base}/close"), 409)
    refused(api.patch(w.coordinator, base, {"title": "Khác"}), 409)
    listed = [p["id"] for p in api.get(None, "/programs").json()]
    assert listed.index(str(pw.program.id)) < listed.index(pid)  # active first


def test_creation_refusals(api: Api, pw: ProgramWorld) -> None:
    w = pw.w
    refused(api.post(w.outsider, "/programs", body(pw)), 403)
    refused(api.post(pw.vn_officer, "/programs", body(pw)), 403)
    refused(api.post(None, "/programs", body(pw)), 401)
    refused(api.post(w.coordinator, "/programs", body(pw, slug="Bad Slug")), 422, "slug")
    refused(api.post(w.coordinator, "/programs", body(pw, end_year=THIS_YEAR - 1)), 422, "end_year")
    refused(
        api.post(w.coordinator, "/programs", body(pw, end_year=THIS_YEAR + 10)), 422, "end_year"
    )
    refused(api.post(w.coordinator, "/programs", body(pw, fields=["alchemy"])), 422, "fields")
    refused(api.post(w.coordinator, "/programs", body(pw, slug=pw.program.slug)), 422, "slug")
    refused(api.post(w.admin, "/programs", body(pw)), 422, "hub_id")
    refused(api.post(w.coordinator, "/programs",
                     body(pw, agencies=[{"organization_id": str(w.org.id)}])), 422, "agencies.0")  # fmt: skip
    # nothing was half-saved: the first good attempt still gets the address
    assert api.post(w.coordinator, "/programs", body(pw)).status_code == 201


def test_budget_by_agency_with_totals_and_conversion(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    w, base = pw.w, f"/programs/{pw.program.id}"
    budget = api.get(None, f"{base}/budget").json()
    assert {k: D(v) for k, v in budget["totals"].items()} == {
        "VND": 50_000_000_000,
        "JPY": 300_000_000,
    }
    assert budget["converted"] == [] and date.today().isoformat() in budget["missing_rate"]
    line = {"agency_id": str(pw.jp_agency.id), "amount": "20000000", "currency": "JPY",
            "year": THIS_YEAR + 1, "note": "Year 2 top-up"}  # fmt: skip
    added = api.post(w.coordinator, f"{base}/budget-lines", line)
    assert added.status_code == 201, added.text
    refused(api.post(w.coordinator, f"{base}/budget-lines", line | {"year": 2040}), 422, "year")
    refused(api.post(w.coordinator, f"{base}/budget-lines", line | {"amount": "-1"}), 422, "amount")
    refused(api.post(w.coordinator, f"{base}/budget-lines",
                     line | {"agency_id": str(pw.call.id)}), 422, "agency_id")  # fmt: skip
    refused(api.post(pw.jp_officer, f"{base}/budget-lines", line), 403)
    on = date.today()
    for currency, quote, rate in (("JPY", "VND", "168.5"), ("USD", "VND", "25000")):
        add_rate(session, currency, quote, rate, date(on.year, 1, 1), date(on.year, 12, 31))
    budget = api.get(w.outsider, f"{base}/budget").json()
    assert D(budget["totals"]["JPY"]) == 320_000_000 and budget["missing_rate"] is None
    converted = {c["currency"]: c["amount"] for c in budget["converted"]}
    assert D(converted["VND"]) == 50_000_000_000 + 320_000_000 * D("168.5")
    assert any("168.5" in r for r in budget["converted"][0]["rates"])
    assert (
        delete(api, w.coordinator, f"{base}/budget-lines/{added.json()['id']}").status_code == 204
    )
    refused(delete(api, w.coordinator, f"{base}/budget-lines/{added.json()['id']}"), 404)
    refused(delete(api, w.coordinator, f"{base}/agencies/{pw.jp_agency.id}"), 409)


def indicator(**kw: Any) -> dict[str, Any]:
    data = {
        "code": "people_trained", "name": "Nhân lực chất lượng cao được đào tạo",
        "definition": "Trained-person results plus returned mobility records.",
        "translations": {"ja": {"name": "育成された高度人材"}}, "unit": "people",
        "baseline": "0", "target": "500", "source": "computed", "query": "people_trained",
        "breakdowns": ["sex", "country"],
        "targets": [{"year": THIS_YEAR, "value": "20"}, {"year": THIS_YEAR + 2, "value": "200"}],
    }  # fmt: skip
    return data | kw


def test_indicator_definitions_and_refusals(api: Api, pw: ProgramWorld) -> None:
    w, base = pw.w, f"/programs/{pw.program.id}/indicators"
    created = api.post(w.coordinator, base, indicator())
    assert created.status_code == 201, created.text
    iid = created.json()["id"]
    assert [t["year"] for t in created.json()["targets"]] == [THIS_YEAR, THIS_YEAR + 2]
    refused(api.post(w.coordinator, base, indicator()), 422, "code")
    past = indicator(code="x1", targets=[{"year": THIS_YEAR - 1, "value": "5"}])
    response = api.post(w.coordinator, base, past)
    refused(response, 422, "targets.0.year")
    assert str(THIS_YEAR - 1) in response.json()["message"]
    refused(api.post(w.coordinator, base,
                     indicator(code="x2", targets=[{"year": 2040, "value": "5"}])), 422, "targets.0.year")  # fmt: skip
    refused(api.post(w.coordinator, base, indicator(code="x3", query="everything")), 422, "query")
    refused(api.post(w.coordinator, base, indicator(code="x4", source="reported")), 422, "query")
    refused(
        api.post(w.coordinator, base, indicator(code="x5", breakdowns=["age"])), 422, "breakdowns.0"
    )
    refused(api.post(w.coordinator, base, indicator(code="x6", target="0")), 422, "target")
    refused(api.post(pw.vn_officer, base, indicator(code="x7")), 403)
    refused(api.post(w.outsider, base, indicator(code="x8")), 403)
    edited = api.patch(w.coordinator, f"{base}/{iid}", {"target": "600", "targets": [
        {"year": THIS_YEAR, "value": "20"}, {"year": THIS_YEAR + 1, "value": "100"}]})  # fmt: skip
    assert edited.status_code == 200 and D(edited.json()["target"]) == 600, edited.text
    refused(api.patch(w.coordinator, f"{base}/{iid}",
                      {"targets": [{"year": THIS_YEAR - 2, "value": "1"}]}), 422, "targets.0.year")  # fmt: skip
    refused(api.patch(w.coordinator, f"{base}/{iid}", {"query": "nothing"}), 422, "query")
    assert [i["code"] for i in api.get(None, base).json()] == ["phd_sent", "people_trained"]
    refused(delete(api, w.coordinator, f"{base}/{iid}"), 409)  # the program is active
    draft = api.post(w.coordinator, "/programs", body(pw, slug="draft-with-kpi")).json()
    kpi = api.post(w.coordinator, f"/programs/{draft['id']}/indicators", indicator()).json()
    refused(delete(api, pw.vn_officer, f"/programs/{draft['id']}/indicators/{kpi['id']}"), 403)
    gone = delete(api, w.coordinator, f"/programs/{draft['id']}/indicators/{kpi['id']}")
    assert gone.status_code == 204
    agency = draft["agencies"][0]["id"]
    assert (
        delete(api, w.coordinator, f"/programs/{draft['id']}/agencies/{agency}").status_code == 204
    )
    assert api.get(w.coordinator, f"/programs/{draft['id']}").json()["agencies"] == []


def test_computed_progress_and_drilldown_respect_visibility(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    w = pw.w
    [phd] = [i for i in pw.program.indicators if i.code == "phd_sent"]
    base = f"/programs/{pw.program.id}/indicators/{phd.id}"
    before = api.get(None, f"{base}/progress").json()
    assert D(before["value"]) == 0 and D(before["target"]) == 60
    record = MobilityRecord(program_id=pw.program.id, person_name="Nguyễn Thị Lan", sex="female",
                            home_institution="ĐH Bách khoa Hà Nội", host_institution="Tohoku",
                            host_country="JP", departed_on=date.today(), status="departed")  # fmt: skip
    session.add(record)
    session.commit()
    assert D(api.get(None, f"{base}/progress").json()["value"]) == 0  # no evidence yet
    session.add(MobilityEvidence(record_id=record.id, kind="departure", note="boarding pass"))
    session.commit()
    after = api.get(None, f"{base}/progress").json()
    assert D(after["value"]) == 1 and D(after["percent"]) == D("1.7")
    assert after["breakdown"]["sex"] == {"female": "1"}
    this_year = next(y for y in after["years"] if y["year"] == THIS_YEAR)
    assert D(this_year["value"]) == 1
    assert D(next(y for y in after["years"] if y["year"] == 2029)["target"]) == 60
    [seen] = api.get(pw.jp_officer, f"{base}/drilldown").json()
    assert seen["name"] == "Nguyễn Thị Lan"
    [anonymous] = api.get(w.outsider, f"{base}/drilldown").json()
    assert anonymous["name"] is None and anonymous["institution"] == "ĐH Bách khoa Hà Nội"
    pw.program.status = ProgramStatus.draft.value
    session.commit()
    refused(api.get(w.outsider, f"{base}/progress"), 404)


def test_reported_values_open_report_verify_return(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    w, programs = pw.w, f"/programs/{pw.program.id}/indicators"
    created = api.post(w.coordinator, programs, indicator(
        code="seminars", name="Hội thảo chung", source="reported", query=None, target="12",
        breakdowns=["country"], targets=[]))  # fmt: skip
    assert created.status_code == 201, created.text
    base = f"{programs}/{created.json()['id']}"
    [phd] = [i for i in pw.program.indicators if i.code == "phd_sent"]
    period = {"period_start": f"{THIS_YEAR}-01-01", "period_end": f"{THIS_YEAR}-06-30"}
    refused(api.post(w.coordinator, f"{programs}/{phd.id}/reports", period), 409)
    refused(api.post(pw.vn_officer, f"{base}/reports", period), 403)
    opened = api.post(w.coordinator, f"{base}/reports", period)
    assert opened.status_code == 201 and opened.json()["allowed_actions"] == ["report"], opened.text
    refused(api.post(w.coordinator, f"{base}/reports", period), 422, "period_start")
    refused(api.post(w.coordinator, f"{base}/reports",
                     {"period_start": "2040-01-01", "period_end": "2040-02-01"}), 422, "period_start")  # fmt: skip
    rep = f"{base}/reports/{opened.json()['id']}"
    refused(
        api.post(w.coordinator, f"{rep}/report", {"evidence_url": "https://x.vn/a"}), 422, "value"
    )
    refused(api.post(w.coordinator, f"{rep}/report", {"value": "3"}), 422, "evidence")
    refused(api.post(w.coordinator, f"{rep}/report",
                     {"value": "3", "evidence_url": "https://x.vn/a",
                      "breakdown": {"sex": {"female": "2"}}}), 422, "breakdown")  # fmt: skip
    refused(api.post(pw.vn_officer, f"{rep}/report", {"value": "3"}), 403)
    refused(api.post(w.outsider, f"{rep}/report", {"value": "3"}), 404)
    refused(api.post(w.coordinator, f"{rep}/verify"), 409)
    reported = api.post(w.coordinator, f"{rep}/report", {
        "value": "3", "evidence_url": "https://nafosted.gov.vn/hoi-thao",
        "breakdown": {"country": {"VN": "2", "JP": "1"}}})  # fmt: skip
    assert reported.status_code == 200 and reported.json()["status"] == "reported", reported.text
    assert reported.json()["allowed_actions"] == ["return"]  # not "verify": they reported it
    refused(api.post(w.coordinator, f"{rep}/report", {"value": "4"}), 409)
    refused(api.post(w.coordinator, f"{rep}/verify"), 403)
    refused(api.post(w.outsider, f"{rep}/verify"), 404)
    assert api.get(pw.jp_officer, f"{base}/reports").json()[0]["allowed_actions"] == [
        "verify", "return",
    ]  # fmt: skip
    verified = api.post(pw.jp_officer, f"{rep}/verify")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    refused(api.post(pw.vn_officer, f"{rep}/return", {"reason": "sai"}), 409)
    progress = api.get(None, f"{base}/progress").json()
    assert D(progress["value"]) == 3 and progress["breakdown"]["country"] == {
        "VN": "2", "JP": "1",
    }  # fmt: skip
    # a second period: returned for correction, then reported with an uploaded file
    second = api.post(w.coordinator, f"{base}/reports",
                      {"period_start": f"{THIS_YEAR}-07-01", "period_end": f"{THIS_YEAR}-12-31"})  # fmt: skip
    rep2 = f"{base}/reports/{second.json()['id']}"
    api.post(w.coordinator, f"{rep2}/report", {"value": "2", "evidence_url": "https://x.vn/b"})
    refused(api.post(pw.vn_officer, f"{rep2}/return", {"reason": " "}), 422, "reason")
    returned = api.post(pw.vn_officer, f"{rep2}/return", {"reason": "Thiếu danh sách"})
    assert returned.json()["status"] == "open" and returned.json()["returned_reason"]
    refused(api.post(pw.vn_officer, f"{rep2}/return", {"reason": "x"}), 409)
    pdf = (
        "danh-sach.pdf",
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "application/pdf",
    )
    up = api.client.post(f"/api/v1{rep2}/evidence", files={"file": pdf},
                         headers=api.headers(w.coordinator))  # fmt: skip
    assert up.status_code == 200 and up.json()["file_name"] == "danh-sach.pdf", up.text
    again = api.post(w.coordinator, f"{rep2}/report", {"value": "2"})
    assert again.status_code == 200 and again.json()["status"] == "reported", again.text
    assert (
        api.client.get(f"/api/v1{rep2}/evidence", headers=api.headers(pw.jp_officer)).content
        == pdf[1]
    )
    refused(api.client.get(f"/api/v1{rep2}/evidence", headers=api.headers(w.outsider)), 404)
    assert api.get(w.outsider, f"{base}/reports").json() == []
    assert api.get(None, f"{base}/progress").json()["pending"] == 1
