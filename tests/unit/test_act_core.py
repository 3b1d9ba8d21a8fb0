"""The act phase's cores on tiny hand-made inputs, and NumPy's summation order."""

from __future__ import annotations

import math

import numpy as np
import pytest

from collabsim.model.phases import acts as act_phase
from collabsim.rules.engine import primitives as compiled


def _gate_inputs(active_confidence: float = 0.2) -> tuple:
    """Two organisations, one professional each: pair 0 is 0 -> 1, pair 1 is 1 -> 0."""
    zeros = np.zeros(2)
    return (
        np.array([0.6, 0.4]),  # trust of the one tie of each pair
        np.ones(2),  # tie weights
        np.array([0, 1, 2]),  # offsets
        np.ones(2),  # pair weights
        np.array([active_confidence, 0.0]),  # confidence
        zeros,  # breaches
        zeros,  # contract
        zeros,  # accountability
        zeros,  # mandate
        np.array([0.5, 0.5]),  # persuasiveness
        np.array([0, 1]),  # prof_start
        np.array([0, 1]),  # pair_src
        np.array([1, 0]),  # pair_dst
        (np.ones(2), zeros, zeros, zeros),  # slack, regulation, competition, resisting
        (0.8, 0.6, 0.5, 0.1, 1.0, 1.0, 1.0),  # confidence target rates, switches
        (0.5, 0.05, 1.0),  # confidence rate, breach penalty, switch
        (0.9, 0.7, 0.4, 1.0, 1.0, 1.0),  # threshold weights, switches
    )


_KERNELS = (
    (0.4, 1.0),  # ambition: trust gain, switch
    (0.3, 0.35, 0.6),  # risk: cutoff, base, ambition
    (0.5, 0.5, 0.6, 0.3, 1.0, 1.0, 1.0),  # choice
    (0.9, 0.2, 0.3, 0.3, 1.0, 1.0),  # outcomes
)


def _act(active: list[float], draws: list[float]) -> tuple:
    u = np.array(draws, dtype=np.float64).reshape(7, -1)
    effectiveness = np.zeros((2, 6))
    out = act_phase.act_core(
        _gate_inputs(),
        u,
        (np.array(active), np.full(2, 0.5), np.zeros(2), np.zeros(2)),
        (np.array([0.4, 0.6]), np.array([0, 1]), np.array([0.5, 0.7]), np.ones(2, int)),
        np.array([0, 0]),
        effectiveness,
        20.0,
        (1, 12.0, 0.3),
        _KERNELS,
    )
    return (*out, effectiveness)


def test_gate_core_by_hand():
    trust, confidence, threshold, pressure = act_phase.gate_core(*_gate_inputs())
    np.testing.assert_allclose(trust, [0.6, 0.4])
    # no obligations: the target is 0, confidence halves towards it
    np.testing.assert_allclose(confidence, [0.1, 0.0])
    np.testing.assert_allclose(pressure, [0.0, 0.0])  # (1 - 1 + 0 + 0 + 0) / 4
    # 1 - (1 - 0.9 trust)(1 - 0.7 confidence)
    np.testing.assert_allclose(threshold, [1 - 0.46 * 0.93, 0.36], rtol=1e-12)


def test_one_successful_act_by_hand():
    state, pair, risk, flags, tallies, effectiveness = _act(
        [1.0, 0.0], [0.5, 0.0, 0.9, 0.1, 0.9, 0.2, 0.5]
    )
    np.testing.assert_allclose(state[2], [1 - 0.46 * 0.93, 0.36], rtol=1e-12)
    np.testing.assert_array_equal(pair, [0])
    # ambition 0.5 + 0.4 (0.6 - 0.5) = 0.54; risk = 0.5 (0.35 + 0.6 * 0.54)
    assert risk[0] == pytest.approx(0.5 * 0.674, rel=1e-12)
    # within the threshold and motivated (0.1 < 0.5 + 0.5 * 0.4); success 0.2 < 0.7989
    np.testing.assert_array_equal(flags[:, 0], [True, False, True, False, False])
    np.testing.assert_allclose(tallies[:, 0], [1.0, 0.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(tallies[:, 1], 0.0)
    expected = np.zeros((2, 6))
    expected[0, 3] = 0.5 + 0.337  # kind int(0.5 * 6) = 3, value 1/2 + risk
    np.testing.assert_allclose(effectiveness, expected, rtol=1e-12)


def test_failed_frontline_act_by_hand():
    _, pair, risk, flags, tallies, effectiveness = _act(
        [0.0, 1.0], [0.5, 0.0, 0.1, 0.1, 0.9, 0.95, 0.0]
    )
    np.testing.assert_array_equal(pair, [1])
    # pair 1: ambition 0.5 + 0.4 (0.4 - 0.5) = 0.46; risk 0.5 (0.35 + 0.6 * 0.46)
    assert risk[0] == pytest.approx(0.313, rel=1e-12)
    # threshold 0.36 (its own tie gives the same); faith 0.6; chance 0.9 - 0.0939
    # + 0.2 (0.7 - 0.5) = 0.8461 < 0.95: a failure
    np.testing.assert_array_equal(flags[:, 0], [True, False, False, True, False])
    np.testing.assert_allclose(tallies[:, 1], [1.0, 0.0, 1.0, 0.0, 0.813], rtol=1e-12)
    np.testing.assert_array_equal(effectiveness, 0.0)


def test_no_active_pair_means_no_acts():
    state, pair, risk, flags, tallies, effectiveness = _act([0.0, 0.0], [])
    assert pair.shape == risk.shape == (0,)
    assert flags.shape == (5, 0)
    np.testing.assert_array_equal(tallies, 0.0)
    np.testing.assert_array_equal(effectiveness, 0.0)
    np.testing.assert_allclose(state[1], [0.1, 0.0])


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
    assert list(act_phase.empty_stats()) == [
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
    act_phase._add_at_loop(loop, rows, cols, values[:50])
    np.testing.assert_array_equal(loop, into)
