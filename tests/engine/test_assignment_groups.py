"""assign() with required groups ("at least one reviewer from each country"): exact against an
exhaustive brute-force oracle on small seeded random cases, alone and with the abroad rule."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import numpy as np
import pytest

from vstid.engine.assignment import AssignmentError, AssignmentResult, assign

GROUPS = ("JP", "KR", "VN")


@dataclass
class Case:
    demand: list[int]
    capacity: list[int]
    scores: np.ndarray  # dense, NaN = not a candidate
    conflicts: list[tuple[int, int]]
    groups: list[str | None]
    required: list[set[str]]
    abroad: list[bool]


def random_case(rng: random.Random) -> Case:
    n_o, n_e = rng.randint(1, 3), rng.randint(1, 5)
    scores = np.full((n_o, n_e), np.nan)
    for o, e in itertools.product(range(n_o), range(n_e)):
        if rng.random() < 0.75:
            scores[o, e] = rng.choice([0.25, 0.5, 1.0]) if rng.random() < 0.3 else rng.random()
    pairs = list(zip(*np.nonzero(np.isfinite(scores)), strict=True))
    demand = [rng.randint(0, 3) for _ in range(n_o)]
    required = [set(rng.sample(GROUPS, rng.randint(0, min(2, d)))) for d in demand]
    return Case(
        demand=demand,
        capacity=[rng.randint(0, 2) for _ in range(n_e)],
        scores=scores,
        conflicts=[(int(o), int(e)) for o, e in pairs if rng.random() < 0.15],
        groups=[rng.choice([*GROUPS, None]) for _ in range(n_e)],
        required=required,
        abroad=[rng.random() < 0.4 for _ in range(n_e)],
    )


def seats_covered(case: Case, order: int, mine: list[int], require_abroad: bool) -> int:
    """Most reserved seats of the order that distinct chosen experts can fill (brute force)."""
    seats = sorted(case.required[order]) + (["abroad"] if require_abroad else [])
    holds = [
        {g for g in [case.groups[e]] if g} | ({"abroad"} if case.abroad[e] else set()) for e in mine
    ]
    best = 0
    for places in itertools.product(range(-1, len(seats)), repeat=len(mine)):  # -1: general
        taken = [s for s in places if s >= 0]
        if len(taken) == len(set(taken)) and all(
            s < 0 or seats[s] in holds[j] for j, s in enumerate(places)
        ):
            best = max(best, len(taken))
    return best


def feasible(case: Case, chosen: list[tuple[int, int]], require_abroad: bool) -> bool:
    per_expert = np.bincount([e for _, e in chosen], minlength=len(case.capacity))
    if np.any(per_expert > np.array(case.capacity)):
        return False
    for o, d in enumerate(case.demand):
        mine = [e for oo, e in chosen if oo == o]
        if not mine:
            continue
        reserved = len(case.required[o]) + (1 if require_abroad and d > 0 else 0)
        # general seats take anyone; a reserved seat only its group's experts
        if len(mine) > d - reserved + seats_covered(case, o, mine, require_abroad):
            return False
    return True


def oracle(case: Case, require_abroad: bool, penalty: float | None) -> tuple[float, int]:
    banned = set(case.conflicts)
    options = []
    for o, d in enumerate(case.demand):
        cands = [
            e
            for e in range(len(case.capacity))
            if np.isfinite(case.scores[o, e]) and (o, e) not in banned
        ]
        options.append(
            [c for r in range(min(d, len(cands)) + 1) for c in itertools.combinations(cands, r)]
        )
    best: tuple[float, ...] | None = None
    for combo in itertools.product(*options):
        chosen = [(o, e) for o, experts in enumerate(combo) for e in experts]
        if not feasible(case, chosen, require_abroad):
            continue
        score = sum(float(case.scores[o, e]) for o, e in chosen)
        unfilled = sum(case.demand) - len(chosen)
        key = (-unfilled, score) if penalty is None else (score - penalty * unfilled, 0.0)
        if best is None or key > best[:2]:
            best = (*key, score, len(chosen))
    assert best is not None
    return (best[1] if penalty is None else best[0]), int(best[3])


def check_valid(case: Case, res: AssignmentResult, require_abroad: bool) -> None:
    banned = set(case.conflicts)
    for o, e in res.pairs:
        assert np.isfinite(case.scores[o, e]) and (o, e) not in banned
    assert feasible(case, list(res.pairs), require_abroad)
    got = np.bincount([o for o, _ in res.pairs], minlength=len(case.demand))
    assert list(res.unfilled) == (np.array(case.demand) - got).tolist()
    want_unmet = [
        tuple(sorted(g for g in case.required[o]
                     if d > 0 and not any(case.groups[e] == g for oo, e in res.pairs if oo == o)))
        for o, d in enumerate(case.demand)
    ]  # fmt: skip
    if any(case.required):
        assert list(res.groups_unmet) == want_unmet


@pytest.mark.parametrize("require_abroad", [False, True])
@pytest.mark.parametrize("penalty", [None, 0.4])
def test_matches_brute_force_oracle(require_abroad: bool, penalty: float | None) -> None:
    rng = random.Random(f"groups-{require_abroad}-{penalty}")
    checked = 0
    for trial in range(300):
        case = random_case(rng)
        if require_abroad and any(
            d > 0 and len(r) + 1 > d for d, r in zip(case.demand, case.required, strict=True)
        ):
            continue  # more reserved seats than demand: refused (tested below)
        res = assign(
            case.demand, case.capacity, case.scores, conflicts=case.conflicts,
            abroad=case.abroad, require_abroad=require_abroad, groups=case.groups,
            required_groups=case.required, unfilled_penalty=penalty,
        )  # fmt: skip
        check_valid(case, res, require_abroad)
        want, want_filled = oracle(case, require_abroad, penalty)
        got = res.total_score - (penalty or 0.0) * res.total_unfilled
        assert abs(got - want) <= res.max_rounding_loss + 1e-9, (trial, case, res)
        if penalty is None:
            assert sum(case.demand) - res.total_unfilled == want_filled, (trial, case)
        checked += 1
    assert checked > 150


def test_a_seat_is_kept_for_each_required_country() -> None:
    scores = np.array([[0.9, 0.8, 0.7, 0.2]])
    groups = ["VN", "VN", "VN", "JP"]
    free = assign([2], [1, 1, 1, 1], scores, groups=groups)
    assert free.pairs == ((0, 0), (0, 1))
    ruled = assign([2], [1, 1, 1, 1], scores, groups=groups, required_groups=[{"VN", "JP"}])
    assert ruled.pairs == ((0, 0), (0, 3)) and ruled.groups_unmet == ((),)


def test_a_country_with_nobody_leaves_its_seat_empty_and_says_so() -> None:
    res = assign([2], [1, 1], np.array([[0.9, 0.8]]), groups=["VN", "VN"],
                 required_groups=[{"VN", "JP"}])  # fmt: skip
    assert res.pairs == ((0, 0),) and res.unfilled == (1,) and res.groups_unmet == (("JP",),)


def test_one_person_never_takes_two_seats_of_one_order() -> None:
    res = assign([2], [2], np.array([[0.9]]), groups=["JP"], required_groups=[{"JP"}])
    assert res.pairs == ((0, 0),) and res.unfilled == (1,)


def test_groups_and_the_abroad_rule_together() -> None:
    # Each reserved seat is a distinct person: the one Japanese expert abroad takes one of the
    # two reserved seats (JP, abroad), the other stays empty, the general seat takes the best.
    scores = np.array([[0.9, 0.8, 0.1]])
    res = assign([3], [1, 1, 1], scores, abroad=[False, False, True], require_abroad=True,
                 groups=["VN", "VN", "JP"], required_groups=[{"JP"}])  # fmt: skip
    assert res.pairs == ((0, 0), (0, 2)) and res.unfilled == (1,)
    assert res.abroad_unmet == () and res.groups_unmet == ((),)


def test_capacity_is_shared_across_orders_under_the_rule() -> None:
    # One JP expert with capacity 1 and two orders each needing JP: one order goes without.
    scores = np.array([[0.9, 0.5], [0.8, 0.6]])
    res = assign([2, 2], [1, 2], scores, groups=["JP", "VN"],
                 required_groups=[{"JP", "VN"}, {"JP", "VN"}])  # fmt: skip
    assert res.groups_unmet in ((("JP",), ()), ((), ("JP",)))
    assert res.total_unfilled == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"required_groups": [{"VN"}]}, "needs the group"),
        ({"groups": ["VN", "JP"]}, "groups has 2 entries"),
        ({"groups": ["VN"], "required_groups": [{"VN"}, {"JP"}]}, "required_groups has 2"),
        ({"groups": ["VN"], "required_groups": [{"VN", "JP"}]}, "requires 2 groups"),
    ],
)
def test_bad_group_input_is_rejected_clearly(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"demand": [1], "capacity": [1], "scores": np.array([[0.5]])}
    with pytest.raises(AssignmentError, match=message):
        assign(**(args | kwargs))  # type: ignore[arg-type]
