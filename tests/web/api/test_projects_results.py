"""The result register through the API: owners summing to exactly 100%, every IP transition
and every refused one (403, 409), DOIs through a replayed OpenAlex, agreements and their
signatures, what outsiders get (404). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.projects.results_world import (
    KNOWN_DOI,
    UNKNOWN_DOI,
    ResultsWorld,
    make_project,
    result_body,
)
from tests.world import Api
from vstid.audit.models import AuditEntry
from vstid.projects.results.models import ProjectResult


def _owners(rw: ResultsWorld, a: str, b: str) -> list[dict[str, Any]]:
    return [
        {"partner_id": str(rw.org_partner.id), "share_percent": a},
        {"partner_id": str(rw.expert_partner.id), "share_percent": b},
    ]


def _add(api: Api, rw: ResultsWorld, user: Any = None, **body: Any) -> dict[str, Any]:
    response = api.post(user or rw.w.requester, f"{rw.base}/results", result_body(**body))
    assert response.status_code == 201, response.text
    return response.json()


def test_a_patent_with_shares_is_recorded_and_listed(api: Api, rw: ResultsWorld) -> None:
    body = _add(api, rw, owners=_owners(rw, "60", "40"))
    assert body["ip_status"] == "disclosed"
    assert [o["share_percent"] for o in body["owners"]] == ["60.00", "40.00"]
    assert body["ip_actions"] == ["file", "abandon"]  # the requester acts for a lead partner
    listed = api.get(rw.w.coordinator, f"{rw.base}/results").json()
    assert [r["id"] for r in listed] == [body["id"]]
    assert api.get(rw.member, f"{rw.base}/results?kind=patent").json()[0]["id"] == body["id"]
    assert api.get(rw.member, f"{rw.base}/results?kind=dataset").json() == []
    # a plain partner sees no IP buttons: only leads and staff move an IP right
    assert api.get(rw.member, f"{rw.base}/results/{body['id']}").json()["ip_actions"] == []


@pytest.mark.parametrize("shares", [("60", "39.99"), ("60", "40.01"), ("50", "50.001")])
def test_shares_not_exactly_100_are_refused_naming_owners(
    api: Api, rw: ResultsWorld, session: Session, shares: tuple[str, str]
) -> None:
    response = api.post(
        rw.w.requester, f"{rw.base}/results", result_body(owners=_owners(rw, *shares))
    )
    assert response.status_code == 422
    assert response.json()["field"].startswith("owners")
    assert session.scalars(select(ProjectResult)).all() == []


def test_owners_replaced_later_and_the_sum_checked_there_too(
    api: Api, rw: ResultsWorld, session: Session
) -> None:
    result = _add(api, rw)
    path = f"{rw.base}/results/{result['id']}/owners"
    project = rw.project
    unowned = api.get(rw.w.requester, f"{rw.base}/results/unowned").json()
    assert [r["id"] for r in unowned] == [result["id"]]
    for wrong in (_owners(rw, "99.99", "0.00")[:1], _owners(rw, "60", "40.01")):
        response = api.client.put(
            f"/api/v1{path}", json={"owners": wrong}, headers=api.headers(rw.w.requester)
        )
        assert response.status_code == 422 and response.json()["field"] == "owners"
    named = [
        {"partner_id": str(rw.member_partner.id), "share_percent": "70"},
        {"party_name": "Tohoku University TLO", "share_percent": "30"},
    ]
    response = api.client.put(
        f"/api/v1{path}", json={"owners": named}, headers=api.headers(rw.member)
    )
    assert response.status_code == 200, response.text
    assert [o["party_name"] for o in response.json()["owners"]] == [None, "Tohoku University TLO"]
    assert api.get(rw.w.requester, f"{rw.base}/results/unowned").json() == []
    # a partner of another project is not an owner here
    other = make_project(session, rw.w, title="Another")
    stranger = [{"partner_id": str(other.org_partner.id), "share_percent": "100"}]
    response = api.client.put(
        f"/api/v1{path}", json={"owners": stranger}, headers=api.headers(rw.w.requester)
    )
    assert response.status_code == 422 and response.json()["field"] == "owners"
    assert project.id  # the project is untouched


def test_every_ip_transition_and_the_refused_ones(
    api: Api, rw: ResultsWorld, session: Session
) -> None:
    rid = _add(api, rw, owners=_owners(rw, "50", "50"))["id"]
    ip = f"{rw.base}/results/{rid}/ip"
    filing = {"ip_office": "JPO", "application_number": "2027-012345", "filed_on": "2027-04-01"}
    grant = {"registration_number": "JP7654321", "granted_on": "2028-09-01"}
    licence = {"licensee": "FPT Semiconductor", "licensed_on": "2029-01-15", "territory": "VN"}
    # a plain partner may never move an IP right: 403, whatever the state
    abandon = {"abandoned_on": "2030-01-01"}
    bodies = {"file": filing, "grant": grant, "license": licence, "abandon": abandon}
    for action, body in bodies.items():
        assert api.post(rw.member, f"{ip}/{action}", body).status_code == 403, action
    # wrong state: 409 with the table's message
    refused = api.post(rw.w.requester, f"{ip}/grant", grant)
    assert refused.status_code == 409 and "filed" in refused.json()["message"]
    assert api.post(rw.w.requester, f"{ip}/license", licence).status_code == 409
    filed = api.post(rw.w.requester, f"{ip}/file", filing).json()
    assert filed["ip_status"] == "filed" and filed["ip_office"] == "JPO"
    assert api.post(rw.w.requester, f"{ip}/file", filing).status_code == 409
    early = api.post(rw.w.coordinator, f"{ip}/grant", {**grant, "granted_on": "2027-01-01"})
    assert early.status_code == 422 and early.json()["field"] == "granted_on"
    granted = api.post(rw.w.coordinator, f"{ip}/grant", grant).json()
    assert granted["ip_status"] == "granted" and granted["registration_number"] == "JP7654321"
    assert granted["ip_actions"] == ["license", "abandon"]
    licensed = api.post(rw.w.expert_user, f"{ip}/license", licence).json()
    assert licensed["ip_status"] == "licensed" and licensed["licenses"][0]["licensee"]
    second = api.post(rw.w.requester, f"{ip}/license", {**licence, "licensee": "Samsung"})
    assert second.status_code == 200 and len(second.json()["licenses"]) == 2
    exclusive = api.post(rw.w.requester, f"{ip}/license", {**licence, "exclusive": True})
    assert exclusive.status_code == 409
    gone = api.post(rw.w.requester, f"{ip}/abandon", {"abandoned_on": "2030-01-01"})
    assert gone.status_code == 409  # a licensed right is not abandoned
    # abandon from disclosed, from filed and from granted
    for steps in ([], ["file"], ["file", "grant"]):
        other = _add(api, rw, title="Another invention " + "x" * len(steps))["id"]
        path = f"{rw.base}/results/{other}/ip"
        for step in steps:
            moved = api.post(rw.w.requester, f"{path}/{step}", bodies[step])
            assert moved.status_code == 200, step
        done = api.post(rw.w.requester, f"{path}/abandon", {"abandoned_on": "2030-01-01"})
        assert done.json()["ip_status"] == "abandoned" and done.json()["ip_actions"] == []
        assert api.post(rw.w.requester, f"{path}/file", filing).status_code == 409
    actions = set(
        session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "project_result"))
    )
    assert {
        "project_result.add", "project_result.ip_file", "project_result.ip_grant",
        "project_result.ip_license", "project_result.ip_abandon",
    } <= actions  # fmt: skip


def test_a_result_outside_the_ip_register_has_no_ip_steps(api: Api, rw: ResultsWorld) -> None:
    dataset = _add(api, rw, kind="dataset", title="Warpage measurements")
    assert dataset["ip_status"] is None
    response = api.post(
        rw.w.requester, f"{rw.base}/results/{dataset['id']}/ip/abandon",
        {"abandoned_on": "2030-01-01"},
    )  # fmt: skip
    assert response.status_code == 409
    refused = api.post(
        rw.w.requester, f"{rw.base}/results", result_body(kind="dataset", ip_protected=True)
    )
    assert refused.status_code == 422 and refused.json()["field"] == "ip_protected"
    software = _add(api, rw, kind="software", title="Bonding simulator", ip_protected=True)
    assert software["ip_status"] == "disclosed"


def test_bad_input_names_the_field(api: Api, rw: ResultsWorld) -> None:
    cases = {
        "evidence_url": {"evidence_url": "ftp://example.org/x"},
        "doi": {"kind": "publication", "doi": "not-a-doi"},
        "degree": {"kind": "trained_person", "nationality": "VN"},
        "destination_country": {"kind": "trained_person", "degree": "phd"},
        "nationality": {"kind": "trained_person", "degree": "phd", "nationality": "XX"},
        "funder": {"kind": "further_funding", "amount": "100", "currency": "JPY"},
    }
    for field, body in cases.items():
        response = api.post(rw.w.requester, f"{rw.base}/results", result_body(**body))
        assert response.status_code == 422, (field, response.text)
        assert response.json()["field"] == field, (field, response.json())


def test_trained_people_and_further_funding_are_columns(
    api: Api, rw: ResultsWorld, session: Session
) -> None:
    person = _add(
        api, rw, kind="trained_person", title="PhD in advanced packaging",
        person_name="Lê Thị Hoa", degree="phd", nationality="vn", sex="female",
        destination="Intel Products Vietnam", destination_country="VN",
    )  # fmt: skip
    assert person["nationality"] == "VN" and person["degree"] == "phd"
    funding = _add(
        api, rw, kind="further_funding", title="Follow-up grant",
        amount="150000000", currency="JPY", funder="JST",
    )  # fmt: skip
    assert Decimal(funding["amount"]) == Decimal("150000000") and funding["currency"] == "JPY"
    row = session.scalars(select(ProjectResult).where(ProjectResult.degree == "phd")).one()
    assert row.nationality == "VN" and row.sex == "female"


def test_a_publication_from_its_doi(
    api: Api, rw: ResultsWorld, session: Session, openalex: str
) -> None:
    path = f"{rw.base}/results/from-doi"
    body = {"doi": f"https://doi.org/{KNOWN_DOI.upper()}", "public": True}
    preview = api.get(rw.member, f"{rw.base}/results/doi-lookup?doi=doi:{KNOWN_DOI}")
    assert preview.status_code == 200 and preview.json()["venue"] == "PeerJ"
    nonsense = api.get(rw.member, f"{rw.base}/results/doi-lookup?doi=nonsense")
    assert nonsense.status_code == 422 and nonsense.json()["field"] == "doi"
    response = api.post(rw.member, path, body)
    assert response.status_code == 201, response.text
    work = response.json()
    assert work["kind"] == "publication" and work["doi"] == KNOWN_DOI
    assert work["title"].startswith("The state of OA")
    assert work["result_date"] == "2018-02-13" and work["venue"] == "PeerJ"
    assert work["authors"][:2] == ["Heather Piwowar", "Jason Priem"]
    twice = api.post(rw.w.requester, path, {"doi": KNOWN_DOI})
    assert twice.status_code == 409 and twice.json()["field"] == "doi"
    typed = api.post(
        rw.w.requester, f"{rw.base}/results", result_body(kind="publication", doi=KNOWN_DOI)
    )
    assert typed.status_code == 409 and typed.json()["field"] == "doi"
    malformed = api.post(rw.w.requester, path, {"doi": "peerj 4375"})
    assert malformed.status_code == 422 and malformed.json()["field"] == "doi"
    unknown = api.post(rw.w.requester, path, {"doi": UNKNOWN_DOI})
    assert unknown.status_code == 422 and unknown.json()["field"] == "doi"
    assert UNKNOWN_DOI in unknown.json()["message"]
    # the same DOI in another project is that project's own result
    other = make_project(session, rw.w, title="Other")
    assert api.post(rw.w.requester, f"{other.base}/results/from-doi", body).status_code == 201


def test_outsiders_get_404_everywhere(api: Api, rw: ResultsWorld) -> None:
    rid = _add(api, rw, public=True)["id"]
    aid = api.post(
        rw.w.requester, f"{rw.base}/agreements",
        {"kind": "consortium", "title": "Consortium agreement", "dated": "2026-01-10"},
    ).json()["id"]  # fmt: skip
    for user in (rw.w.outsider, rw.w.foreign_coordinator, rw.w.other_expert_user):
        for path in (
            "/results", f"/results/{rid}", "/results/unowned", "/background-ip",
            "/agreements", f"/agreements/{aid}",
        ):  # fmt: skip
            assert api.get(user, rw.base + path).status_code == 404, (user.email, path)
        assert api.post(user, f"{rw.base}/results", result_body()).status_code == 404
        assert (
            api.post(
                user, f"{rw.base}/results/{rid}/ip/abandon", {"abandoned_on": "2030-01-01"}
            ).status_code
            == 404
        )
    assert api.get(None, f"{rw.base}/results").status_code == 401


def test_background_ip_per_partner(api: Api, rw: ResultsWorld) -> None:
    body = {
        "partner_id": str(rw.member_partner.id),
        "title": "Wafer-level underfill process",
        "description": "Process know-how from 2019–2024.",
        "declared_on": "2026-01-05",
        "restrictions": "Licensed for the project's research only.",
    }
    assert api.post(rw.member, f"{rw.base}/background-ip", body).status_code == 201
    theirs = {**body, "partner_id": str(rw.org_partner.id)}
    assert api.post(rw.member, f"{rw.base}/background-ip", theirs).status_code == 403
    assert api.post(rw.w.coordinator, f"{rw.base}/background-ip", theirs).status_code == 201
    listed = api.get(rw.w.expert_user, f"{rw.base}/background-ip").json()
    assert len(listed) == 2


def test_agreement_signature_flow(api: Api, rw: ResultsWorld) -> None:
    path = f"{rw.base}/agreements"
    doc = {"kind": "ip", "title": "IP agreement", "version": "2", "dated": "2026-02-01"}
    assert api.post(rw.member, path, doc).status_code == 403
    created = api.post(rw.w.requester, path, doc).json()
    assert created["fully_signed"] is False
    assert {s["status"] for s in created["signatures"]} == {"pending"}
    assert len(created["signatures"]) == 3
    sign = f"{path}/{created['id']}/signatures"
    signed = {"status": "signed", "signed_on": "2026-02-03"}
    # a member records only its own partner's signature
    assert api.post(rw.member, f"{sign}/{rw.org_partner.id}", signed).status_code == 403
    no_date = api.post(rw.member, f"{sign}/{rw.member_partner.id}", {"status": "signed"})
    assert no_date.status_code == 422 and no_date.json()["field"] == "signed_on"
    declined = api.post(rw.member, f"{sign}/{rw.member_partner.id}", {"status": "declined"})
    assert declined.status_code == 200
    assert (
        api.post(rw.member, f"{sign}/{rw.member_partner.id}", {"status": "declined"}).status_code
        == 409
    )
    assert api.post(rw.member, f"{sign}/{rw.member_partner.id}", signed).status_code == 200
    assert api.post(rw.member, f"{sign}/{rw.member_partner.id}", signed).status_code == 409
    assert (
        api.post(rw.w.requester, f"{sign}/{rw.org_partner.id}", signed).json()["fully_signed"]
        is False
    )
    last = api.post(rw.w.coordinator, f"{sign}/{rw.expert_partner.id}", signed).json()
    assert last["fully_signed"] is True
    assert {s["status"] for s in last["signatures"]} == {"signed"}


def test_agreement_file_goes_through_the_upload_checks(api: Api, rw: ResultsWorld) -> None:
    doc = {"kind": "consortium", "title": "Consortium agreement", "dated": "2026-01-10"}
    created = api.post(rw.w.requester, f"{rw.base}/agreements", doc).json()
    path = f"/api/v1{rw.base}/agreements/{created['id']}/file"
    headers = api.headers(rw.w.requester)
    bad = api.client.post(path, files={"file": ("ca.pdf", b"MZ not a pdf")}, headers=headers)
    assert bad.status_code == 422 and bad.json()["field"] == "file"
    exe = api.client.post(path, files={"file": ("ca.exe", b"MZ")}, headers=headers)
    assert exe.status_code == 422 and exe.json()["field"] == "file"
    good = api.client.post(path, files={"file": ("ca.pdf", b"%PDF-1.4 test")}, headers=headers)
    assert good.status_code == 200 and good.json()["file_name"] == "ca.pdf"
    download = api.client.get(path, headers=api.headers(rw.member))
    assert download.status_code == 200 and download.content == b"%PDF-1.4 test"
    assert api.client.get(path, headers=api.headers(rw.w.outsider)).status_code == 404


def test_a_closed_project_register_no_longer_changes(
    api: Api, rw: ResultsWorld, session: Session
) -> None:
    rid = _add(api, rw)["id"]
    rw.project.status = "closed"
    session.commit()
    assert api.post(rw.w.requester, f"{rw.base}/results", result_body()).status_code == 409
    response = api.post(
        rw.w.coordinator, f"{rw.base}/results/{rid}/ip/abandon", {"abandoned_on": "2030-01-01"}
    )
    assert response.status_code == 409


def test_the_public_summary_lists_only_the_results_marked_public(
    api: Api, rw: ResultsWorld, client: Any
) -> None:
    """An outsider (or anyone signed out) reads the public summary of a public project: its
    public results, never the others, and nothing of their owners."""
    shown = _add(api, rw, title="Public patent", public=True, owners=_owners(rw, "50", "50"))
    _add(api, rw, kind="dataset", title="Internal dataset", public=False)
    for reader in (rw.w.outsider, None):
        summary = api.get(reader, f"/projects/{rw.project.id}").json()
        assert summary["visibility"] == "public"
        assert [r["title"] for r in summary["public_results"]] == ["Public patent"]
        assert "owners" not in summary["public_results"][0]
    page = client.get(f"/projects/{rw.project.id}")
    assert page.status_code == 200 and "Public patent" in page.text
    assert "Internal dataset" not in page.text
    assert shown["id"] not in page.text  # no link into the register from outside
