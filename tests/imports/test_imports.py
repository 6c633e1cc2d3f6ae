"""Each import format with good and bad files; idempotency; nothing half-saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.samples import SAMPLES, XLING_EXPERTS
from vstid.core.db import Database
from vstid.core.queue.kinds import JobKind
from vstid.core.queue.models import Job
from vstid.core.text import normalise_doi, normalise_orcid
from vstid.experts.models import ExpertExternalId, ExpertProfile, Publication, ReindexMark
from vstid.hubs.models import Hub
from vstid.imports.formats.openalex import abstract_from_index
from vstid.imports.models import ImportRow
from vstid.imports.records import ImportFileError
from vstid.imports.runner import ImportRejected, run_import

CSV_GOOD = (
    "\ufeffid,name,name_variants,email,orcid,country,affiliation,languages,headline,expertise,"
    "fields,capacity,availability,engagement_types\n"
    "c1,Nguyễn Thị Hằng,Nguyen Thi Hang|グエン・ティ・ハン,hang@example.jp,0000-0002-1825-0097,jp,"
    "Osaka University,vi|ja|en,Battery materials,solid electrolyte|LLZO,new-materials,2,available,"
    "consulting|joint_research\n"
    'c2,Lê Minh,,,,KR,"Seoul National University, Dept. of EE",vi|ko,Edge AI,,,1,limited,\n'
)


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _run(database: Database, name: str, data: bytes, **kw: object):  # type: ignore[no-untyped-def]
    return run_import(database, file=name, data=data, **kw)  # type: ignore[arg-type]


def test_csv_with_bom_and_diacritics_imports_then_reruns_unchanged(
    database: Database, session: Session, hub: Hub
) -> None:
    report = _run(database, "experts.csv", CSV_GOOD.encode())
    assert report.counts == {"created": 2}
    hang = session.scalars(
        select(ExpertProfile).where(ExpertProfile.email == "hang@example.jp")
    ).one()
    assert hang.display_name == "Nguyễn Thị Hằng" and hang.residence_country == "JP"
    assert "グエン・ティ・ハン" in hang.name_variants and hang.orcid == "0000-0002-1825-0097"
    assert hang.engagement_types == ["consulting", "joint_research"]
    assert session.get(ReindexMark, hang.id) is not None  # waits for the batched re-index
    assert len(session.scalars(select(Job).where(Job.kind == JobKind.matching_reindex)).all()) == 1

    before = (_count(session, ExpertProfile), _count(session, ImportRow))
    again = _run(database, "experts.csv", CSV_GOOD.encode())
    assert again.counts == {} and again.skipped_done == 2
    # the same people in a differently named, re-encoded file change nothing either
    other = _run(database, "copy.csv", CSV_GOOD.replace("\ufeff", "").encode())
    assert other.counts == {"unchanged": 2}
    assert _count(session, ExpertProfile) == before[0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"id,name\nx1,Tr\xe1n Van\n", "experts.csv, line 2: not UTF-8"),
        (b"id,nom\nx1,An\n", "line 1: the header row needs a 'name' column"),
        (b"id,name,color\nx1,An,red\n", "unknown column(s): color"),
    ],
)
def test_csv_file_errors_name_file_and_line(
    database: Database, session: Session, hub: Hub, data: bytes, expected: str
) -> None:
    with pytest.raises(ImportFileError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        _run(database, "experts.csv", data)
    assert _count(session, ExpertProfile) == 0


def test_csv_row_errors_reject_the_whole_file_with_line_and_field(
    database: Database, session: Session, hub: Hub
) -> None:
    data = (
        "id,name,orcid,capacity,availability\n"
        "a1,Phạm Văn Đức,,2,available\n"
        "a2,,,1,available\n"
        "a3,Hồ Thị Mai,1234-5678,1,available\n"
        "a4,Đỗ Quang,,many,available\n"
        "a1,Phạm Văn Đức again,,1,available\n"
        "a6,Vũ Hà,,1,sometimes\n"
    ).encode()
    with pytest.raises(ImportRejected) as exc:
        _run(database, "bad.csv", data)
    problems = {(e.line, e.field) for e in exc.value.report.errors}
    assert problems == {(3, "name"), (4, "orcid"), (5, "capacity"), (6, "id"), (7, "availability")}
    assert _count(session, ExpertProfile) == 0  # nothing half-saved
    report = _run(database, "bad.csv", data, skip_invalid=True)
    assert report.counts == {"created": 1} and len(report.errors) == 5
    assert _count(session, ImportRow) == 6  # one done row + five error rows on record


def test_jsonl_xling_file_imports_publications_and_is_idempotent(
    database: Database, session: Session, hub: Hub
) -> None:
    data = XLING_EXPERTS.read_bytes()
    report = _run(database, str(XLING_EXPERTS), data, source="xling", batch_size=40)
    assert report.counts == {"created": 120}
    assert _count(session, ExpertExternalId) >= 120
    pubs = _count(session, Publication)
    assert pubs > 240
    dry = _run(database, "again.jsonl", data, source="xling", dry_run=True)
    assert dry.counts == {"unchanged": 120}
    assert _count(session, Publication) == pubs


def test_jsonl_malformed_line_is_a_file_error(database: Database, hub: Hub) -> None:
    data = b'{"id": "Z1", "name": "An"}\n{"id": "Z2", "name": \n'
    with pytest.raises(ImportFileError, match=r"x.jsonl, line 2: malformed JSON"):
        _run(database, "x.jsonl", data)


def test_jsonl_missing_fields_and_duplicates(database: Database, hub: Hub) -> None:
    data = (
        '{"id": "Z1", "name": "Bùi Thị Anh", "publications": [{"year": 2020}]}\n'
        '{"name": "No Id"}\n'
        '{"id": "Z3", "name": "Ngô Bảo Châu"}\n'
        '{"id": "Z3", "name": "Ngô Bảo Châu"}\n'
    ).encode()
    with pytest.raises(ImportRejected) as exc:
        _run(database, "e.jsonl", data)
    found = {(e.line, e.field) for e in exc.value.report.errors}
    assert found == {(1, "publications[1].title"), (2, "id"), (4, "id")}


def test_orcid_v3_record_and_v2_rejection(database: Database, session: Session, hub: Hub) -> None:
    path = SAMPLES / "orcid" / "eapearson+kbase-service-orcidlink" / "profile.json"
    report = _run(database, path.name, path.read_bytes())
    assert report.format == "orcid" and report.counts == {"created": 1}
    expert = session.scalars(
        select(ExpertProfile).where(ExpertProfile.orcid == "0000-0003-4997-3076")
    ).one()
    assert len(expert.publications) == 6
    v2 = SAMPLES / "orcid" / "dissemin+dissemin" / "0000-0002-1909-134X.json"
    with pytest.raises(ImportFileError, match=r"v2\.x"):
        _run(database, v2.name, v2.read_bytes())


def test_openalex_author_then_works_attach_with_abstracts(
    database: Database, session: Session, hub: Hub
) -> None:
    folder = SAMPLES / "openalex" / "b-vitamins+openalex-python"
    _run(database, "A5023888391.json", (folder / "A5023888391.json").read_bytes())
    report = _run(database, "W2741809807.json", (folder / "W2741809807.json").read_bytes())
    assert report.counts["updated"] == 1
    expert = session.scalars(
        select(ExpertProfile).where(ExpertProfile.openalex_id == "A5023888391")
    ).one()
    (work,) = expert.publications
    assert work.doi == "10.7717/peerj.4375" and work.abstract and len(work.abstract) > 200
    again = _run(database, "W-copy.json", (folder / "W2741809807.json").read_bytes())
    assert "updated" not in again.counts
    deleted = folder / "A5317838346.json"
    with pytest.raises(ImportRejected, match="invalid row"):
        _run(database, deleted.name, deleted.read_bytes())


def test_identifier_normalisers() -> None:
    assert normalise_doi("https://doi.org/10.1087/20120404") == "10.1087/20120404"
    assert normalise_doi("book1") is None and normalise_doi("123") is None
    assert normalise_orcid("https://orcid.org/0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert normalise_orcid("0000-0002-1825-0098") is None
    assert abstract_from_index({"world": [1], "hello": [0]}) == "hello world"


def test_reimport_fills_but_never_overwrites_a_claimed_profile(
    database: Database, session: Session, hub: Hub
) -> None:
    _run(database, "one.csv", b"id,name,headline,affiliation\nk1,Mai Anh Tuan,Old headline,\n")
    expert = session.scalars(
        select(ExpertProfile).where(ExpertProfile.display_name == "Mai Anh Tuan")
    ).one()
    expert.claimed, expert.headline = True, "My own words"
    session.commit()
    report = _run(
        database,
        "two.csv",
        b"id,name,headline,affiliation\nk1,Mai A. Tuan,Imported,Keio University\n",
    )
    assert report.counts == {"updated": 1}
    session.refresh(expert)
    assert expert.headline == "My own words" and expert.display_name == "Mai Anh Tuan"
    assert expert.affiliation == "Keio University" and "Mai A. Tuan" in expert.name_variants


def test_csv_line_numbers_count_multiline_cells(database: Database, hub: Hub) -> None:
    data = 'id,name,bio\nm1,Hà Anh,"two\nlines"\nm2,,x\n'.encode()
    with pytest.raises(ImportRejected) as exc:
        _run(database, "m.csv", data)
    assert [(e.line, e.field) for e in exc.value.report.errors] == [(4, "name")]


def test_orcid_quirks_missing_family_name_odd_dois_and_boms() -> None:
    import json

    from vstid.imports.formats import parse

    path = SAMPLES / "orcid" / "ORCID+orcid-model" / "read_samples" / "record-full-3.0.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["person"]["name"]["family-name"] = None
    doc["person"]["name"]["given-names"] = {"value": "\ufeffBùi thị Anh"}
    (row,) = parse("r.json", json.dumps(doc).encode())
    assert not isinstance(row, type(None))
    assert getattr(row, "display_name", "") == "Bùi thị Anh"
    works = getattr(row, "works", [])
    # the group's DOI '10.1087/20120404' survives; the 'work:doi' value is not a DOI
    assert [w.doi for w in works] == ["10.1087/20120404"]
