"""assign(): exact against an exhaustive brute-force oracle on many small seeded random cases."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import numpy as np
import pytest

from vstid.engine.assignment import AssignmentError, AssignmentResult, Candidates, assign
from vstid.engine.errors import EngineError


@dataclass
class Case:
    demand: list[int]
    capacity: list[int]
    scores: np.ndarray  # dense, NaN = not a candidate
    conflicts: list[tuple[int, int]]
    abroad: list[bool]


def random_case(rng: random.Random) -> Case:
    n_o, n_e = rng.randint(1, 4), rng.randint(1, 5)
    levels = [0.0, 0.25, 0.5, 0.75, 1.0] if rng.random() < 0.3 else None  # ties on purpose
    scores = np.full((n_o, n_e), np.nan)
    for o, e in itertools.product(range(n_o), range(n_e)):
        if rng.random() < 0.7:
            scores[o, e] = rng.choice(levels) if levels else rng.uniform(-0.3, 1.0)
    pairs = list(zip(*np.nonzero(np.isfinite(scores)), strict=True))
    conflicts = [(int(o), int(e)) for o, e in pairs if rng.random() < 0.15]
    return Case(
        demand=[rng.randint(0, 3) for _ in range(n_o)],
        capacity=[rng.randint(0, 2) for _ in range(n_e)],
        scores=scores,
        conflicts=conflicts,
        abroad=[rng.random() < 0.4 for _ in range(n_e)],
    )


def feasible(case: Case, chosen: list[tuple[int, int]], require_abroad: bool) -> bool:
    per_expert = np.bincount([e for _, e in chosen], minlength=len(case.capacity))
    if np.any(per_expert > np.array(case.capacity)):
        return False
    for o, d in enumerate(case.demand):
        mine = [e for oo, e in chosen if oo == o]
        if len(mine) > d:
            return False
        # The abroad seat: without an abroad expert the order holds at most d - 1 people.
        if require_abroad and d > 0 and not any(case.abroad[e] for e in mine) and len(mine) > d - 1:
            return False
    return True


def oracle(case: Case, require_abroad: bool, penalty: float | None) -> tuple[float, int]:
    """Best (objective, filled) by exhaustive search over per-order subsets of candidates."""
    banned = set(case.conflicts)
    options = []
    for o, d in enumerate(case.demand):
        cands = [e for e in range(len(case.capacity)) if np.isfinite(case.scores[o, e])]
        cands = [e for e in cands if (o, e) not in banned]
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
    assert best is not None  # the empty assignment is always feasible
    objective = best[1] if penalty is None else best[0]
    return objective, int(best[3])


def check_valid(case: Case, res: AssignmentResult, require_abroad: bool) -> None:
    banned = set(case.conflicts)
    assert res.status == "OPTIMAL"
    assert len(set(res.pairs)) == len(res.pairs)
    for (o, e), s in zip(res.pairs, res.pair_scores, strict=True):
        assert np.isfinite(case.scores[o, e]) and (o, e) not in banned
        assert s == pytest.approx(case.scores[o, e])
    assert feasible(case, list(res.pairs), require_abroad)
    got = np.bincount([o for o, _ in res.pairs], minlength=len(case.demand))
    assert list(res.unfilled) == (np.array(case.demand) - got).tolist()
    assert res.total_score == pytest.approx(sum(res.pair_scores))
    if require_abroad:
        unmet = [
            o
            for o, d in enumerate(case.demand)
            if d > 0 and not any(case.abroad[e] for oo, e in res.pairs if oo == o)
        ]
        assert list(res.abroad_unmet) == unmet


@pytest.mark.parametrize("require_abroad", [False, True])
@pytest.mark.parametrize("penalty", [None, 0.4])
def test_matches_brute_force_oracle(require_abroad: bool, penalty: float | None) -> None:
    rng = random.Random(f"{require_abroad}-{penalty}")
    for trial in range(300):
        case = random_case(rng)
        res = assign(
            case.demand,
            case.capacity,
            case.scores,
            conflicts=case.conflicts,
            abroad=case.abroad,
            require_abroad=require_abroad,
            unfilled_penalty=penalty,
        )
        check_valid(case, res, require_abroad)
        want, want_filled = oracle(case, require_abroad, penalty)
        got = res.total_score - (penalty or 0.0) * res.total_unfilled
        assert abs(got - want) <= res.max_rounding_loss + 1e-9, (trial, case, res)
        if penalty is None:  # lexicographic: the number of filled seats is exactly maximal
            assert sum(case.demand) - res.total_unfilled == want_filled, (trial, case)


def test_sparse_lists_and_candidates_give_the_dense_answer() -> None:
    rng = random.Random(7)
    for _ in range(30):
        case = random_case(rng)
        dense = assign(case.demand, case.capacity, case.scores, conflicts=case.conflicts)
        lists = [
            [(int(e), float(row[e])) for e in np.flatnonzero(np.isfinite(row))]
            for row in case.scores
        ]
        sparse = assign(case.demand, case.capacity, lists, conflicts=case.conflicts)
        cand = assign(
            case.demand, case.capacity, Candidates.from_dense(case.scores), conflicts=case.conflicts
        )
        assert sparse.total_score == pytest.approx(dense.total_score)
        assert cand.total_score == pytest.approx(dense.total_score)
        assert sparse.unfilled == dense.unfilled


def test_capacity_is_shared_between_orders_by_total_score() -> None:
    # One expert with capacity 1 wanted by both orders: the stronger pair wins, the other order
    # takes its weaker second choice.
    scores = np.array([[0.9, 0.1], [0.8, np.nan]])
    res = assign([1, 1], [1, 1], scores)
    assert res.pairs == ((0, 1), (1, 0))
    assert res.total_score == pytest.approx(0.9)
    assert res.unfilled == (0, 0)


def test_unfilled_demand_is_reported_when_experts_run_out() -> None:
    res = assign([3, 2], [1, 1], np.array([[0.5, 0.4], [0.3, np.nan]]))
    assert res.total_unfilled == 3 and len(res.pairs) == 2
    assert res.unfilled == (1, 2)  # both go to order 0: 0.5 + 0.4 beats 0.4 + 0.3


def test_lexicographic_fill_beats_score_but_soft_penalty_can_decline() -> None:
    scores = np.array([[-0.2]])
    assert assign([1], [1], scores).pairs == ((0, 0),)  # filling first, even at a loss
    assert assign([1], [1], scores, unfilled_penalty=0.1).pairs == ()


def test_abroad_seat_is_kept_for_a_resident_abroad_expert() -> None:
    scores = np.array([[0.9, 0.8, 0.2]])
    abroad = [False, False, True]
    free = assign([2], [1, 1, 1], scores)
    assert free.pairs == ((0, 0), (0, 1))
    ruled = assign([2], [1, 1, 1], scores, abroad=abroad, require_abroad=True)
    assert ruled.pairs == ((0, 0), (0, 2)) and ruled.abroad_unmet == ()
    nobody_abroad = assign([2], [1, 1], scores[:, :2], abroad=abroad[:2], require_abroad=True)
    assert nobody_abroad.pairs == ((0, 0),) and nobody_abroad.abroad_unmet == (0,)
    assert nobody_abroad.unfilled == (1,)


def test_an_abroad_expert_cannot_take_two_seats_of_one_order() -> None:
    res = assign([2], [2], np.array([[0.9]]), abroad=[True], require_abroad=True)
    assert res.pairs == ((0, 0),) and res.unfilled == (1,)


def test_rounding_bound_is_tiny() -> None:
    res = assign([2, 2], [2, 2], np.array([[0.3, 0.7], [0.11, 0.5]]))
    assert 0 < res.max_rounding_loss < 1e-5 and res.scale > 1e5


def test_empty_inputs() -> None:
    res = assign([], [], np.zeros((0, 0)))
    assert res.pairs == () and res.total_score == 0.0 and res.unfilled == ()
    res = assign([2], [], np.zeros((1, 0)))
    assert res.unfilled == (2,)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"demand": [-1]}, "non-negative"),
        ({"capacity": [1.5]}, "integers"),
        ({"scores": np.zeros((2, 2))}, "shape"),
        ({"scores": Candidates(np.array([0]), np.array([3]), np.array([0.1]))}, "out of range"),
        ({"scores": [[(0, 0.1), (0, 0.2)]]}, "twice"),
        ({"scores": [[(0, float("nan"))]]}, "finite"),
        ({"require_abroad": True}, "abroad flag"),
        ({"abroad": [True, False]}, "abroad has shape"),
        ({"unfilled_penalty": -1.0}, "unfilled_penalty"),
    ],
)
def test_bad_input_is_rejected_clearly(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"demand": [1], "capacity": [1], "scores": np.array([[0.5]])}
    args |= kwargs
    with pytest.raises(AssignmentError, match=message):
        assign(**args)  # type: ignore[arg-type]
    assert issubclass(AssignmentError, EngineError)
