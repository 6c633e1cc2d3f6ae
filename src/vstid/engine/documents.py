"""Plain dataclasses the engine works on: inputs (experts, problems) and results.

Nothing here knows about databases or HTTP; the application maps its records to
these types and back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Constraints",
    "Evidence",
    "ExpertDoc",
    "ExpertMatch",
    "Passage",
    "ProblemDoc",
    "Publication",
    "ScoreParts",
]


@dataclass(frozen=True, slots=True)
class Publication:
    title: str
    year: int | None = None
    abstract: str = ""


@dataclass(frozen=True, slots=True)
class ExpertDoc:
    """One expert profile. `language` is the profile language; None means detect it."""

    id: str
    headline: str = ""
    bio: str = ""
    expertise: tuple[str, ...] = ()
    publications: tuple[Publication, ...] = ()
    language: str | None = None
    languages: tuple[str, ...] = ()  # languages the expert works in
    fields: tuple[str, ...] = ()  # taxonomy codes
    organization_id: str | None = None
    available: bool = True
    name: str = ""


@dataclass(frozen=True, slots=True)
class ProblemDoc:
    """One technology problem (order). `language` None means detect it."""

    id: str
    title: str
    description: str = ""
    language: str | None = None
    fields: tuple[str, ...] = ()
    requester_organization_id: str | None = None


@dataclass(frozen=True, slots=True)
class Constraints:
    """Per-request rules: hard exclusions and soft preferences."""

    exclude_expert_ids: frozenset[str] = frozenset()  # declared conflicts
    exclude_organization_ids: frozenset[str] = frozenset()
    required_languages: frozenset[str] = frozenset()  # soft: boosts experts who work in them
    only_available: bool = False


@dataclass(frozen=True, slots=True)
class Passage:
    """A unit of expert text that is embedded and indexed on its own."""

    expert_id: str
    kind: str  # "profile", "expertise" or "publication"
    text: str
    language: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an expert was matched: one passage, its similarity and the shared terms."""

    kind: str
    text: str
    language: str
    dense: float
    lexical: float
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreParts:
    """What the score is made of. `keywords` is the lexical part as it counts in the score
    (lexical times the query's lexical weight); `concept` the weighted agreement of the
    expert's fields with what a short query is about (0 for orders and long texts), see
    RankingConfig.short_query_terms. score = dense + keywords + concept + field_bonus
    + language_bonus - availability_penalty."""

    dense: float
    lexical: float
    field_bonus: float = 0.0
    language_bonus: float = 0.0
    availability_penalty: float = 0.0
    keywords: float = 0.0
    concept: float = 0.0


@dataclass(frozen=True, slots=True)
class ExpertMatch:
    """One ranked expert. `score` is a calibrated affinity, comparable across problems."""

    expert_id: str
    score: float
    rank: int
    parts: ScoreParts
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
