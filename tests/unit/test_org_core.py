"""The org phase's compiled cores on tiny hand-made inputs (values derived by hand)."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal
from tests_paths import REPO

from collabsim import load_scenario
from collabsim.model.collaboration import CollaborationModel
from collabsim.model.phases.organisations import _coproduce_core, _core, _setup

# Rates: expected success, memory, visibility, evaluation visibility, role clarity,
# flexibility, intra conflict, absent actors, ambition ceiling, progress rate,
# turnover loss; faith: progress, trust, leader; COM-B: rate, shock, commitment,
# resilience. Then the 13 switches, all on.
RATES = (0.5, 0.5, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.5, 0.2)
RATES += (0.5, 0.0, 0.0) + (0.5, 0.5, 0.5, 0.5) + (1.0,) * 13


def _two_orgs(
    act_pair: list[int], success: list[bool], failure: list[bool], draws: list[float]
) -> tuple[np.ndarray, ...]:
    """Two organisations of one professional each, one link, the given acts."""
    i = np.array
    half, low = np.full(2, 0.5), np.full(2, 0.3)
    return _core(
        i([0, 1]), i([1, 0]),  # pair source, target
        i(act_pair, dtype=np.int64), i(success, dtype=bool), i(failure, dtype=bool),
        np.ones(2), np.zeros(2), np.full(2, 0.1), half, half,  # ctx
        half,  # pair trust
        half, half, half, half,  # signal, progress, faith, flexibility
        i([0, 1]), i([1, 1]), i([0, 1]),  # prof start, count, organisation
        np.full(2, -1.0), 3,  # vacant until, t
        half, half,  # persuasiveness, enthusiasm
        half, half, half, low, low,  # COM-B, commitment, resilience
        i([0, 1]), i([0.6, 0.4]), i([1, 1]),  # tie source, trust; out-degree
        i(draws),
        *RATES,
    )  # fmt: skip


def test_core_by_hand():
    # org 0: 2 acts, 1 won, 1 failed; org 1: 1 act, neither. Hazard 0.1 per org.
    signal, progress, faith, comb, leavers = _two_orgs(
        [0, 0, 1], [True, False, False], [False, True, False], [0.05, 0.5]
    )
    # observed = share / (0.5·(0.5 + 0.5)) = [1, 0]; signal = 0.5 + 0.5·(obs − 0.5)
    assert_allclose(signal, [0.75, 0.25], rtol=1e-12)
    # target = signal; PoP = 0.5 + 0.5·(target − 0.5) − 0.2·turnover (org 0 lost 1)
    assert_allclose(progress, [0.425, 0.375], rtol=1e-12)
    # faith = 0.5 + 0.5·(PoP − 0.5); trust and leadership terms have rate 0
    assert_allclose(faith, [0.4625, 0.4375], rtol=1e-12)
    capability, opportunity, motivation, commitment, resilience = comb
    for value in (capability, opportunity, motivation):  # 0.5 + 0.5·(trust − 0.5)
        assert_allclose(value, [0.55, 0.45], rtol=1e-12)
    # shock = 0.5·(1 − 0.3)·0.5 on org 0's professional (half its acts failed)
    assert_allclose(commitment, [0.3 + 0.125 - 0.175 * 0.3, 0.375], rtol=1e-12)
    assert_allclose(resilience, [0.33625, 0.3375], rtol=1e-12)
    assert_array_equal(leavers, [0])


def test_core_without_acts_keeps_the_signal():
    signal, progress, _, comb, leavers = _two_orgs([], [], [], [0.9, 0.9])
    assert_allclose(signal, [0.5, 0.5])
    assert_allclose(progress, [0.5, 0.5])
    assert_allclose(comb[3], [0.3 + 0.5 * (0.55 - 0.3), 0.3 + 0.5 * (0.45 - 0.3)])
    assert len(leavers) == 0


def test_coproduce_core_moves_only_active_coproducers():
    # One partnership holding both pairs (trust 0.5) plus the inactive row.
    args = (np.array([0, 0]), np.full(2, 0.5), np.array([1.0, 0.0]))
    state = (np.zeros(2), np.full(2, 0.2), np.zeros(2))
    levers = (np.ones(1),) * 5
    rates = (0.5, 0.5, 0.5, 0.0, 1.0)
    engagement, alignment, agreement = _coproduce_core(
        *args, *state, np.ones(1), *levers, *rates
    )
    # engagement += 0.5·1·1·(1 − 0); alignment += 0.5·(1·0·0.5)·1·(1 − 0.2) = 0;
    # agreement += 0.5·1·0.2·(1 − 0)
    assert_allclose(engagement, [0.5])
    assert_allclose(alignment, [0.2])
    assert_allclose(agreement, [0.1])
    still = _coproduce_core(*args, *state, np.zeros(1), *levers, *rates)
    assert_allclose(np.concatenate(still), [0.0, 0.2, 0.0])


def test_setup_is_read_once_and_follows_the_models_switches():
    path = REPO / "scenarios" / "voluntary_baseline.toml"
    model = CollaborationModel(load_scenario(path), rng=1)
    assert _setup(model) is _setup(model)
    assert _setup(model).floats[-1] == 1.0  # comb_builds_resilience
    off = load_scenario(path, {"mechanisms.disabled": ["comb_builds_resilience"]})
    assert _setup(CollaborationModel(off, rng=1)).floats[-1] == 0.0
