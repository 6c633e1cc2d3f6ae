"""A seeded generator of person records with known truth, for the identity benchmark and tests.

It writes names the way sources actually do — with and without diacritics, family name first
or last, upper-case family names, dropped or abbreviated middle names, typos, katakana and
hangul — and gives namesakes (different people, same name) their own affiliations. Its
katakana/hangul spellings come from its own table below, which includes variants the matcher's
table does not know, so the benchmark is not a round trip through one dictionary.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from identity_synth_data import (
    AFFILIATIONS,
    CITIES,
    GIVEN,
    JAPANESE,
    KINDS,
    MIDDLE,
    SURNAMES,
)
from vstid.identity.matcher import PersonRecord

__all__ = ["SynthRecord", "generate"]


def _institutions() -> list[tuple[str, str | None, str]]:
    """About 24 named institutions plus ~250 generated ones: realistic spread, rare collisions."""
    made = [
        (kind.format(c=city), None, country)
        for country, cities in CITIES.items()
        for city in cities
        for kind in KINDS
    ]
    return [*AFFILIATIONS, *made]


_INSTITUTIONS = _institutions()


@dataclass(frozen=True)
class SynthRecord:
    record: PersonRecord
    person: int
    variant: str


@dataclass
class _Person:
    index: int
    parts: list[tuple[str, list[str], list[str]]]  # Vietnamese order: family, middle, given
    japanese: tuple[tuple[str, str], tuple[str, str]] | None
    affiliation: tuple[str, str | None, str]
    email: str | None
    orcid: str | None
    dois: list[str]


def _strip(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(2, len(word))
    return word[:i] + rng.choice("aeiounhtg") + word[i + 1 :]


def _vietnamese_name(rng: random.Random, person: _Person, variant: str) -> str:
    (fam, fk, fh), (mid, mk, mh), (giv, gk, gh) = person.parts
    if variant == "katakana":
        sep = rng.choice(["・", "・", " ", ""])
        return sep.join(rng.choice(k) for k in (fk, mk, gk))
    if variant == "hangul":
        return " ".join(rng.choice(h) for h in (fh, mh, gh))
    plain = {"f": _strip(fam), "m": _strip(mid), "g": _strip(giv)}
    forms = {
        "diacritics": f"{fam} {mid} {giv}",
        "ascii": "{f} {m} {g}",
        "western": "{g} {f}",
        "western_middle": rng.choice(["{m} {g} {f}", "{g} {m} {f}"]),
        "upper_family": "{F} {m} {g}",
        "initial": "{f} {mi}. {g}",
        "inverted": "{f}, {g} {m}",
        "typo": "{f} {m} {gt}",
    }
    template = forms[variant]
    return template.format(
        F=plain["f"].upper(), mi=plain["m"][0], gt=_typo(rng, plain["g"]), **plain
    )


_VN_VARIANTS = (
    "diacritics",
    "ascii",
    "western",
    "western_middle",
    "upper_family",
    "initial",
    "inverted",
    "typo",
    "katakana",
    "hangul",
)


def _japanese_name(rng: random.Random, person: _Person, variant: str) -> str:
    assert person.japanese is not None
    (fam_k, fam_r), (giv_k, giv_r) = person.japanese
    if variant == "kanji":
        return f"{fam_k} {giv_k}"
    return rng.choice([f"{giv_r} {fam_r}", f"{fam_r.upper()} {giv_r}", f"{fam_r}, {giv_r}"])


def _make_person(rng: random.Random, index: int) -> _Person:
    japanese = None
    if rng.random() < 0.12:
        japanese = (rng.choice(JAPANESE[0]), rng.choice(JAPANESE[1]))
    weights = [s[1] for s in SURNAMES]
    fam = rng.choices(SURNAMES, weights=weights)[0]
    mid = MIDDLE[0] if rng.random() < 0.35 else rng.choice(MIDDLE)
    giv = rng.choice(GIVEN)
    has_orcid = rng.random() < 0.3
    return _Person(
        index=index,
        parts=[(fam[0], fam[2], fam[3]), mid, giv],
        japanese=japanese,
        affiliation=rng.choice(_INSTITUTIONS),
        email=f"p{index}.{rng.randrange(10**6)}@mail.example",
        orcid=f"0000-0002-{index // 10000:04d}-{index % 10000:04d}" if has_orcid else None,
        dois=[f"10.5555/p{index}.{k}" for k in range(rng.choice([0, 1, 2, 3, 5, 8]))],
    )


def _affiliation_form(rng: random.Random, person: _Person, local_script: bool) -> str | None:
    english, local, _country = person.affiliation
    roll = rng.random()
    if roll < 0.12:
        return None
    if local_script and local and roll < 0.7:
        return local
    if roll < 0.35:
        return english.replace("University", "Univ.")
    if roll < 0.5:
        return f"Department of Engineering, {english}"
    return english


# Source kinds and what they carry, roughly as the real sources do: publication databases
# have DOIs and often ORCID iDs but rarely e-mail; registrations and hub lists have e-mail and
# local-script names but no works. (name forms, p(orcid | person has one), p(email), p(doi))
_SOURCES = {
    "orcid": (("ascii", "western", "western_middle", "diacritics", "inverted"), 1.0, 0.05, 0.8),
    "openalex": (("ascii", "western", "initial", "inverted", "typo"), 0.5, 0.0, 0.8),
    "csv": (("diacritics", "upper_family", "ascii", "typo"), 0.3, 0.8, 0.0),
    "hub_jp": (("katakana",), 0.1, 0.6, 0.0),
    "hub_kr": (("hangul",), 0.1, 0.6, 0.0),
}


def _record(rng: random.Random, person: _Person, serial: int) -> SynthRecord:
    source = rng.choices(list(_SOURCES), weights=[25, 25, 25, 15, 10])[0]
    forms, p_orcid, p_email, p_doi = _SOURCES[source]
    if person.japanese:
        variant = "kanji" if source.startswith("hub") else "romaji"
        name = _japanese_name(rng, person, variant)
    else:
        variant = rng.choice(forms)
        name = _vietnamese_name(rng, person, variant)
    record = PersonRecord(
        id=f"r{serial}",
        names=(name,),
        email=person.email if rng.random() < p_email else None,
        orcid=person.orcid if rng.random() < p_orcid else None,
        affiliation=_affiliation_form(rng, person, source.startswith("hub")),
        country=person.affiliation[2] if rng.random() < 0.85 else None,
        dois=frozenset(d for d in person.dois if rng.random() < p_doi),
    )
    return SynthRecord(record=record, person=person.index, variant=variant)


def generate(n_records: int, seed: int) -> list[SynthRecord]:
    """About `n_records` records; each person appears 1–4 times (most of them more than once)."""
    rng = random.Random(seed)
    out: list[SynthRecord] = []
    index = 0
    while len(out) < n_records:
        person = _make_person(rng, index)
        for _ in range(rng.choices([1, 2, 3, 4], weights=[25, 40, 22, 13])[0]):
            out.append(_record(rng, person, len(out)))
        index += 1
    return out[:n_records]
