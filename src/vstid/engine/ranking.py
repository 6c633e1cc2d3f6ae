"""Scoring rules: passage-to-expert aggregation, fusion, adjustments, exclusions.

Pure functions over arrays and documents, so the façade stays thin and the
slow oracle in the tests can check them one expert at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vstid.engine.documents import Constraints, ExpertDoc, ProblemDoc, ScoreParts

__all__ = ["RankingConfig", "aggregate_by_owner", "combine", "is_excluded"]


@dataclass(frozen=True, slots=True)
class RankingConfig:
    """Weights of the final score, chosen on principle and checked on two dev sets.

    The score is an absolute affinity (centred cosine + lexical evidence + small
    bonuses); it is never normalised per problem, so one expert's scores compare
    across problems. Mostly-mean aggregation (max_weight 0.1) judges the profile
    as a whole, which the reviewer-paper gold standard rewards (loss 0.29 -> 0.26
    against max+mean 0.5); on xling-dev it costs < 0.01 nDCG@10, inside noise.
    """

    language_centring: bool = True  # off only to measure the baseline it fixes
    max_weight: float = 0.1  # expert dense = w*max + (1-w)*mean over its passages
    title_weight: float = 0.5  # passage dense = mix of full-text and title similarity
    lexical_weight: float = 0.5  # BM25 as a share of the query's best possible score
    lexical_centring: bool = True  # see MatchEngine._lexical_rows
    field_bonus: float = 0.03
    language_bonus: float = 0.02
    unavailable_penalty: float = 0.05
    evidence_per_expert: int = 3
    # Passages scored exactly; above it a per-language ANN index proposes candidates. Exact
    # float32 scoring of 200k passages takes ~10 ms on two cores, while the ANN graph is
    # built lazily on first use (minutes at 1M), so the exact path is kept as long as it is
    # cheap.
    exact_limit: int = 200_000
    candidates_per_language: int = 300


def aggregate_by_owner(
    owners: np.ndarray, scores: np.ndarray, n_owners: int, max_weight: float
) -> np.ndarray:
    """Per owner: max_weight * max + (1 - max_weight) * mean of its rows' scores.

    The max rewards one strongly matching passage (a publication on exactly the
    topic); the mean rewards a profile that is on topic throughout, which
    damps single lucky passages. Owners without rows get -inf.
    """
    best = np.full(n_owners, -np.inf, dtype=np.float64)
    np.maximum.at(best, owners, scores)
    sums = np.zeros(n_owners, dtype=np.float64)
    np.add.at(sums, owners, scores)
    counts = np.bincount(owners, minlength=n_owners)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / np.maximum(counts, 1), -np.inf)
    return np.where(counts > 0, max_weight * best + (1 - max_weight) * mean, -np.inf)


def is_excluded(expert: ExpertDoc, problem: ProblemDoc, constraints: Constraints) -> bool:
    """Hard rules: declared conflicts and the requester's own organisation."""
    if expert.id in constraints.exclude_expert_ids:
        return True
    org = expert.organization_id
    if org is not None and (
        org == problem.requester_organization_id or org in constraints.exclude_organization_ids
    ):
        return True
    return constraints.only_available and not expert.available


def combine(
    dense: float,
    lexical: float,
    expert: ExpertDoc,
    problem: ProblemDoc,
    constraints: Constraints,
    config: RankingConfig,
) -> tuple[float, ScoreParts]:
    """Fuse the evidence and apply the soft adjustments; return (score, parts)."""
    field_bonus = 0.0
    if problem.fields and expert.fields:
        overlap = len(set(problem.fields) & set(expert.fields)) / len(set(problem.fields))
        field_bonus = config.field_bonus * overlap
    language_bonus = 0.0
    if constraints.required_languages and set(expert.languages) & constraints.required_languages:
        language_bonus = config.language_bonus
    penalty = 0.0 if expert.available else config.unavailable_penalty
    parts = ScoreParts(
        dense=dense,
        lexical=lexical,
        field_bonus=field_bonus,
        language_bonus=language_bonus,
        availability_penalty=penalty,
    )
    score = dense + config.lexical_weight * lexical + field_bonus + language_bonus - penalty
    return score, parts
