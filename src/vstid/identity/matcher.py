"""Pair scoring and candidate generation for person records. Pure: plain dataclasses in,
scores out; the service feeds it stored profiles.

Decision rule (why it looks like this):
- an ORCID iD names one person, so two different iDs rule a pair out and the same iD proves it;
- a shared e-mail address or a shared DOI is strong evidence, but still needs a similar name
  (shared lab mailboxes and co-authors exist);
- without such evidence the name decides together with affiliation and country, because
  namesakes are common (Nguyễn Văn An is a very frequent name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from vstid.core.text import fold
from vstid.identity.names import ParsedName, blocking_keys, parse_name, script_of

__all__ = [
    "AUTO_MERGE_THRESHOLD",
    "SUGGEST_THRESHOLD",
    "BlockIndex",
    "PairScore",
    "PersonRecord",
    "candidate_pairs",
    "clusters",
    "find_duplicates",
    "name_similarity",
    "score_pair",
]

SUGGEST_THRESHOLD = 0.78
AUTO_MERGE_THRESHOLD = 0.97
MAX_BLOCK = 400  # a block bigger than this is a too-common key, not a signal
RARE_NAME_RECORDS = 4  # records sharing the (family, given) key: about one per source
RARE_NAME_BONUS = 0.12


@dataclass(frozen=True)
class PersonRecord:
    id: str
    names: tuple[str, ...]
    email: str | None = None
    orcid: str | None = None
    affiliation: str | None = None
    country: str | None = None
    dois: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PairScore:
    score: float
    name: float
    evidence: tuple[str, ...]
    strong: bool

    @property
    def auto_mergeable(self) -> bool:
        return self.strong and self.score >= AUTO_MERGE_THRESHOLD


def _compare(short: ParsedName, long: ParsedName) -> float:
    """Every token of the shorter name must find its own partner in the longer one. Agreeing
    initials only confirm; the score comes from the full words."""
    used: set[int] = set()
    levels: list[float] = []
    ordered = sorted(short.tokens, key=lambda t: t.initial)  # full words claim partners first
    for token in ordered:
        best, best_j = 0.0, -1
        for j, other in enumerate(long.tokens):
            if j not in used and (level := token.agrees(other)) > best:
                best, best_j = level, j
        if best_j < 0:
            return 0.0
        used.add(best_j)
        if not (token.initial or long.tokens[best_j].initial):
            levels.append(best)
    if len(levels) < 2:
        return min(0.5, sum(levels) / len(long.tokens))
    initials = len(short.tokens) - len(levels)
    coverage = len(short.tokens) / len(long.tokens)
    return sum(levels) / len(levels) * (0.88 + 0.12 * coverage) * (0.97**initials)


def name_similarity(a: Iterable[str], b: Iterable[str]) -> float:
    best = 0.0
    parsed_b = [parse_name(n) for n in b if n.strip()]
    for name_a in a:
        pa = parse_name(name_a)
        for pb in parsed_b:
            if not pa.tokens or not pb.tokens:
                continue
            short, long = (pa, pb) if len(pa.tokens) <= len(pb.tokens) else (pb, pa)
            best = max(best, _compare(short, long))
    return best


_GENERIC = frozenset(
    [
        "university",
        "univ",
        "of",
        "the",
        "and",
        "department",
        "dept",
        "faculty",
        "school",
        "graduate",
        "institute",
        "inst",
        "technology",
        "tech",
        "national",
        "research",
        "center",
        "centre",
        "laboratory",
        "lab",
        "science",
        "sciences",
        "medical",
        "college",
        "engineering",
        "division",
        "corporation",
        "corp",
        "ltd",
        "inc",
        "co",
    ]
)


_ROLE_WORDS = frozenset(
    ["of", "the", "and", "department", "dept", "faculty", "school", "graduate", "division"]
)


def _split_generic(text: str) -> tuple[set[str], set[str]]:
    """(distinctive words, kind words) of the organisation, ignoring a 'Department of …,' prefix."""
    parts = [p for p in text.split(",") if p.strip()]
    head = parts[-1] if len(parts) > 1 else text
    words = {"university" if w == "univ" else w for w in fold(head).split()}
    return words - _GENERIC, (words & _GENERIC) - _ROLE_WORDS


def _affiliation(a: str | None, b: str | None) -> float | None:
    """None when unknown: missing, or written in different scripts (東京大学 vs Univ. of Tokyo).
    The distinctive words decide ("of Melbourne" vs "of Austin"); the generic words
    ("University", "Institute of Technology") only separate two bodies in one city."""
    if not a or not b or script_of(a) != script_of(b):
        return None
    (da, ga), (db, gb) = _split_generic(a), _split_generic(b)
    if not da or not db:
        return fuzz.token_set_ratio(fold(a), fold(b)) / 100.0
    distinct = fuzz.token_set_ratio(" ".join(sorted(da)), " ".join(sorted(db))) / 100.0
    kind = len(ga & gb) / len(ga | gb) if ga or gb else 1.0
    return distinct * (0.4 + 0.6 * kind)


def _country(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.5
    return 1.0 if a.upper() == b.upper() else 0.0


def _strong_evidence(a: PersonRecord, b: PersonRecord) -> list[str]:
    found = []
    if a.email and b.email and a.email.strip().lower() == b.email.strip().lower():
        found.append("same e-mail")
    if a.dois & b.dois:
        found.append(f"{len(a.dois & b.dois)} shared DOI(s)")
    return found


def score_pair(a: PersonRecord, b: PersonRecord, name_count: int | None = None) -> PairScore:
    """`name_count`: how many records carry this name in the collection being resolved (see
    BlockIndex); a rare name counts as weak evidence in itself, a common one does not."""
    name = name_similarity(a.names, b.names)
    if a.orcid and b.orcid:
        if a.orcid == b.orcid:
            return PairScore(max(0.99, name), name, ("same ORCID iD",), True)
        return PairScore(0.0, name, ("different ORCID iDs",), False)
    strong = _strong_evidence(a, b)
    if strong and name >= 0.6:
        return PairScore(0.9 + 0.1 * name, name, (f"name {name:.2f}", *strong), True)
    aff = _affiliation(a.affiliation, b.affiliation)
    country = _country(a.country, b.country)
    # Namesakes are common, so a matching name needs a matching affiliation to count as one
    # person: an unknown affiliation adds little, a merely similar one (same city) adds nothing.
    aff_part = 0.2 if aff is None else max(0.0, (aff - 0.6) / 0.4)
    score = 0.55 * name + 0.35 * aff_part + 0.10 * country
    evidence = [f"name {name:.2f}"]
    rare = name_count is not None and name_count <= RARE_NAME_RECORDS
    if rare and name >= 0.95 and aff is None and country > 0.0:
        score += RARE_NAME_BONUS  # term-frequency weighting, as record-linkage systems do
        evidence.append("rare name")
    if name < 0.8:
        score = min(score, name)  # other fields never rescue a weak name match
    if aff is not None:
        evidence.append(f"affiliation {aff:.2f}")
    if country == 1.0:
        evidence.append("same country")
    elif country == 0.0:
        evidence.append("different countries")
    return PairScore(round(score, 4), name, tuple(evidence), False)


def _record_keys(record: PersonRecord) -> set[str]:
    keys: set[str] = set()
    for name in record.names:
        keys |= blocking_keys(name)
    if record.orcid:
        keys.add(f"o:{record.orcid}")
    if record.email:
        keys.add(f"e:{record.email.strip().lower()}")
    return keys


class BlockIndex:
    """Blocking keys of a collection, computed once: candidate pairs, and how many records
    share a pair's name key (the name's frequency in this collection)."""

    def __init__(self, records: Sequence[PersonRecord]) -> None:
        self.keys = [_record_keys(r) for r in records]
        self.blocks: dict[str, list[int]] = defaultdict(list)
        for i, keys in enumerate(self.keys):
            for key in keys:
                self.blocks[key].append(i)

    def pairs(self) -> set[tuple[int, int]]:
        """Index pairs (i < j) that share at least one blocking key."""
        pairs: set[tuple[int, int]] = set()
        for members in self.blocks.values():
            if len(members) > MAX_BLOCK:
                continue
            for x, i in enumerate(members):
                pairs.update((i, j) if i < j else (j, i) for j in members[x + 1 :])
        return pairs

    def name_count(self, i: int, j: int) -> int | None:
        shared = [k for k in self.keys[i] & self.keys[j] if k.startswith("n:")]
        return min(len(self.blocks[k]) for k in shared) if shared else None

    def score(self, records: Sequence[PersonRecord], i: int, j: int) -> PairScore:
        return score_pair(records[i], records[j], self.name_count(i, j))


def candidate_pairs(records: Sequence[PersonRecord]) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share at least one blocking key."""
    return BlockIndex(records).pairs()


def find_duplicates(
    records: Sequence[PersonRecord], threshold: float = SUGGEST_THRESHOLD
) -> list[tuple[str, str, PairScore]]:
    """Pairs scoring at or above `threshold`, best first."""
    index = BlockIndex(records)
    found = []
    for i, j in index.pairs():
        scored = index.score(records, i, j)
        if scored.score >= threshold:
            found.append((records[i].id, records[j].id, scored))
    return sorted(found, key=lambda item: -item[2].score)


def clusters(
    records: Sequence[PersonRecord], threshold: float = SUGGEST_THRESHOLD
) -> list[list[str]]:
    """Groups linked by duplicate pairs (union-find). This is what successive merges do: once
    A and B are one profile, its names, e-mails and DOIs together can match C."""
    parent = {r.id: r.id for r in records}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in find_duplicates(records, threshold):
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for r in records:
        groups[root(r.id)].append(r.id)
    return [g for g in groups.values() if len(g) > 1]
