"""The result register's service: unowned results (closing waits for them), public results
(only marked ones, of public projects), the report section, and the sum of shares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from tests.projects.results_world import ResultsWorld, make_project
from vstid.core.settings import Settings
from vstid.projects.results.schemas import OwnerInput, OwnersInput, ResultInput
from vstid.projects.results.service import ResultService, report_section
from vstid.projects.sections import Label, Money
from vstid.projects.service import ProjectService


def _input(**kw: object) -> ResultInput:
    body: dict[str, object] = {
        "kind": "dataset",
        "title": "Warpage dataset",
        "result_date": date(2027, 5, 1),
    }
    body.update(kw)
    return ResultInput.model_validate(body)


def test_unowned_results_until_owners_are_recorded(
    session: Session, settings: Settings, rw: ResultsWorld
) -> None:
    service = ResultService(session, settings)
    a = service.add(rw.w.requester, rw.project.id, _input())
    owners = [OwnerInput(partner_id=rw.org_partner.id, share_percent=Decimal("100"))]
    service.add(rw.w.requester, rw.project.id, _input(title="Owned", owners=owners))
    assert [r.id for r in service.unowned_results(rw.project)] == [a.id]
    assert service.unowned_count(rw.project) == 1
    assert ProjectService(session, settings).closing_blockers(rw.project)
    service.set_owners(rw.member, rw.project.id, a.id, owners)
    assert service.unowned_results(rw.project) == []
    assert ProjectService(session, settings).closing_blockers(rw.project) == []


@pytest.mark.parametrize("shares", ["99.99", "100.01"])
def test_owner_shares_must_be_exactly_100(shares: str) -> None:
    import uuid

    with pytest.raises(ValidationError) as caught:
        OwnersInput.model_validate(
            {
                "owners": [
                    {"partner_id": str(uuid.uuid4()), "share_percent": "50"},
                    {"party_name": "TLO", "share_percent": str(Decimal(shares) - 50)},
                ]
            }
        )
    assert caught.value.errors()[0]["loc"] == ("owners",)


def test_public_results_only_marked_ones_of_public_projects(
    session: Session, settings: Settings, rw: ResultsWorld
) -> None:
    service = ResultService(session, settings)
    shown = service.add(rw.w.requester, rw.project.id, _input(public=True))
    service.add(rw.w.requester, rw.project.id, _input(title="Internal"))
    assert [r.id for r in service.public_results(rw.project)] == [shown.id]
    secret = make_project(session, rw.w, title="Secret", confidential=True)
    service.add(rw.w.requester, secret.project.id, _input(public=True))
    assert service.public_results(secret.project) == []
    draft = make_project(session, rw.w, title="Draft", status="draft")
    service.add(rw.w.requester, draft.project.id, _input(public=True))
    assert service.public_results(draft.project) == []


def test_report_section_lists_the_period(
    session: Session, settings: Settings, rw: ResultsWorld
) -> None:
    service = ResultService(session, settings)
    owners = [
        OwnerInput(partner_id=rw.org_partner.id, share_percent=Decimal("60")),
        OwnerInput(party_name="Tohoku TLO", share_percent=Decimal("40")),
    ]
    service.add(
        rw.w.requester, rw.project.id, _input(kind="patent", title="Bonding", owners=owners)
    )
    service.add(
        rw.w.requester, rw.project.id,
        _input(kind="further_funding", title="Grant", amount="1000000", currency="JPY",
               funder="JST", result_date=date(2027, 6, 1)),
    )  # fmt: skip
    service.add(rw.w.requester, rw.project.id, _input(title="Later", result_date=date(2028, 1, 1)))
    section = report_section(session, rw.project, date(2027, 1, 1), date(2027, 12, 31))
    assert section.key == "results" and len(section.rows) == 2
    patent, grant = section.rows
    assert patent[1] == Label("Patent") and patent[3] == "VKIST 60%, Tohoku TLO 40%"
    assert patent[4] == Label("Disclosed")
    assert grant[5] == Money(Decimal("1000000.00"), "JPY")
