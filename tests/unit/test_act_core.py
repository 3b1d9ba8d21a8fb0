"""The act phase's cores on tiny hand-made inputs, and NumPy's summation order."""

from __future__ import annotations

import math

import numpy as np
import pytest
from handmade import context, two_leaders

from collabsim.model.phases import acts as act_phase
from collabsim.model.phases.acts import gate_rates
from collabsim.model.runstate import STATS, RunState
from collabsim.rules.engine import primitives as compiled

RATES = {
    "confidence": {
        "contract_weight": 0.8,
        "mandate_level": 0.6,
        "enforcement_floor": 0.5,
        "leader_boost": 0.1,
        "rate": 0.5,
        "breach_penalty": 0.05,
    },
    "threshold": {
        "trust_weight": 0.9,
        "confidence_weight": 0.7,
        "pressure_weight": 0.4,
    },
    "behaviour": {
        "acts_per_step": 1,
        "quick_win_steps": 12,
        "frontline_share": 0.3,
        "ambition_trust_gain": 0.4,
        "low_risk_cutoff": 0.3,
        "base_risk": 0.35,
        "ambition_risk": 0.6,
        "motivation_base": 0.5,
        "faith_motivation": 0.5,
        "faith_drive": 0.6,
        "success_base": 0.9,
        "capability_success": 0.2,
        "risk_failure": 0.3,
    },
}

#: Trust of the one tie of each pair: pair 0 is a -> b, pair 1 is b -> a.
TRUST = np.array([0.6, 0.4])


def _state() -> RunState:
    """Two organisations, one professional each; confidence 0.2 on pair 0."""
    state = two_leaders(**RATES)
    orgs = state.orgs
    orgs.financial_slack[:] = 1.0
    orgs.regulatory_pressure[:] = 0.0
    orgs.competition[:] = 0.0
    orgs.faith[:] = [0.4, 0.6]
    state.profs.capability[:] = [0.5, 0.7]
    state.profs.persuasiveness[:] = 0.5
    state.pairs.confidence[:] = [0.2, 0.0]
    state.pairs.breaches[:] = 0.0
    state.pairs.partnership[:] = 0
    return state


def _act(active: list[float], draws: list[float]) -> tuple:
    state = _state()
    u = np.array(draws, dtype=np.float64).reshape(7, -1)
    effectiveness = np.zeros((2, 6))
    out = act_phase.act_core(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        context(active=active, ambition=0.5),
        TRUST,
        u,
        effectiveness,
        20.0,
        (gate_rates(state.params), state.params.behaviour),
        state.params.on,
    )
    return (*out, effectiveness)


def test_gate_core_by_hand():
    state = _state()
    trust, confidence, threshold, pressure = act_phase.gate_core(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        context(),
        TRUST,
        gate_rates(state.params),
        state.params.on,
    )
    np.testing.assert_allclose(trust, [0.6, 0.4])
    # no obligations: the target is 0, confidence halves towards it
    np.testing.assert_allclose(confidence, [0.1, 0.0])
    np.testing.assert_allclose(pressure, [0.0, 0.0])  # (1 - 1 + 0 + 0 + 0) / 4
    # 1 - (1 - 0.9 trust)(1 - 0.7 confidence)
    np.testing.assert_allclose(threshold, [1 - 0.46 * 0.93, 0.36], rtol=1e-12)


def test_summary_core_by_hand():
    risk = np.array([0.2, 0.5, 0.25])
    collaborative = np.array([True, True, False])
    values = act_phase.summary_core(
        risk,
        collaborative,
        np.array([True, False, False]),
        np.array([False, True, False]),
        np.array([True, False, False]),
        np.array([True, False]),
        2.0,
        0.3,
    )
    expected = [3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 2, (0.2 + 0.5) / 2]
    np.testing.assert_allclose(values, expected, rtol=1e-15)
    none = act_phase.summary_core(
        risk,
        ~collaborative & False,
        *([np.zeros(3, bool)] * 3),
        collaborative,
        0.0,
        0.3,
    )
    assert math.isnan(none[11])
    assert list(STATS) == [
        *("acts", "collaborative", "low_acts", "low_collab", "high_acts"),
        *("high_collab", "carried", "failures", "quick_wins", "episodes"),
        *("turnover", "collab_risk"),
    ]


@pytest.mark.parametrize("seed", range(4))
def test_sums_follow_numpys_pairwise_order(seed):
    """The loops give NumPy's bits: ``np.add.reduceat``, ``mean`` and ``add.at``."""
    gen = np.random.default_rng(seed)
    sizes = gen.integers(1, 700, size=12)
    sizes[0], sizes[1], sizes[5] = 1, 2000, 0  # 1 tie; deep recursion; no tie
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    n = int(offsets[-1])
    values = gen.random(n) * 10.0 ** gen.uniform(-3, 3, size=n)
    expected = np.add.reduceat(values, offsets[:-1], dtype=np.float64)
    np.testing.assert_array_equal(compiled.segment_sum(values, offsets), expected)
    assert np.array_equal(compiled._segment_sum_loop(values, offsets), expected)
    for n in (1, 7, 8, 9, 128, 129, 300, 2049):
        assert compiled.pairwise_mean(values[:n]) == values[:n].mean()
        assert compiled._mean_loop(values[:n]) == values[:n].mean()
    rows, cols = gen.integers(0, 3, size=50), gen.integers(0, 6, size=50)
    into, loop = np.zeros((3, 6)), np.zeros((3, 6))
    np.add.at(into, (rows, cols), values[:50])
    compiled._add_at_loop(loop, rows, cols, values[:50])
    np.testing.assert_array_equal(loop, into)
