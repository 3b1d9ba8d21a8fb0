"""The org phase's compiled cores on tiny hand-made inputs (values derived by hand)."""

from __future__ import annotations

import numpy as np
from handmade import acts, context, two_leaders
from numpy.testing import assert_allclose, assert_array_equal
from tests_paths import REPO

from collabsim import load_scenario
from collabsim.model.collaboration import CollaborationModel
from collabsim.model.phases.organisations import (
    CoProductionLevers,
    coproduce_core,
    org_core,
)
from collabsim.scenario.mechanisms import Link

RATES = {
    "progress": {
        "expected_success": 0.5,
        "memory": 0.5,
        "visibility": 1.0,
        "evaluation_visibility": 0.0,
        "role_clarity": 0.0,
        "flexibility": 0.0,
        "intra_conflict": 0.0,
        "absent_actors": 0.0,
        "ambition_ceiling": 1.0,
        "rate": 0.5,
        "turnover_loss": 0.2,
    },
    "faith": {"progress_rate": 0.5, "trust_rate": 0.0, "leader_rate": 0.0},
    "comb": {
        "rate": 0.5,
        "shock_loss": 0.5,
        "commitment_rate": 0.5,
        "resilience_rate": 0.5,
    },
    "coproduction": {
        "engagement_rate": 0.5,
        "alignment_rate": 0.5,
        "agreement_rate": 0.5,
        "decay": 0.0,
    },
}


def _two_orgs(
    act_pair: list[int], success: list[bool], failure: list[bool], draws: list[float]
) -> tuple[np.ndarray, ...]:
    """Two organisations of one professional each, one link, the given acts."""
    state = two_leaders(**RATES)
    orgs, profs = state.orgs, state.profs
    for values in (orgs.signal, orgs.progress, orgs.faith, orgs.flexibility):
        values[:] = 0.5
    profs.persuasiveness[:] = 0.5
    profs.enthusiasm[:] = 0.5
    ctx = context(turnover_rate=0.1, role_clarity=0.5, ambition=0.5)
    step = acts(pair=act_pair, success=success, failure=failure)
    return org_core(
        state.layout,
        orgs,
        profs,
        np.full(2, 0.5),  # pair trust
        ctx,
        step,
        np.array([0.6, 0.4]),  # tie trust
        3.0,
        np.array(draws),
        (state.params.progress, state.params.faith, state.params.comb),
        state.params.on,
    )


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
    state = two_leaders(**RATES)
    eaa = (np.zeros(2), np.full(2, 0.2), np.zeros(2))

    def cycle(enabled: float) -> tuple:
        levers = CoProductionLevers(np.full(1, enabled), *(np.ones(1),) * 5)
        return coproduce_core(
            np.array([0, 0]),
            np.full(2, 0.5),
            np.array([1.0, 0.0]),
            eaa,
            levers,
            state.params.coproduction,
            state.params.on,
        )

    engagement, alignment, agreement = cycle(1.0)
    # engagement += 0.5·1·1·(1 − 0); alignment += 0.5·(1·0·0.5)·1·(1 − 0.2) = 0;
    # agreement += 0.5·1·0.2·(1 − 0)
    assert_allclose(engagement, [0.5])
    assert_allclose(alignment, [0.2])
    assert_allclose(agreement, [0.1])
    assert_allclose(np.concatenate(cycle(0.0)), [0.0, 0.2, 0.0])


def test_packed_switches_follow_the_models_switches():
    path = REPO / "scenarios" / "voluntary_baseline.toml"
    model = CollaborationModel(load_scenario(path), rng=1)
    assert model.state.params.on[Link.comb_builds_resilience] == 1.0
    off = load_scenario(path, {"mechanisms.disabled": ["comb_builds_resilience"]})
    switched = CollaborationModel(off, rng=1).state.params.on
    assert switched[Link.comb_builds_resilience] == 0.0
    assert switched[Link.trust_builds_comb] == 1.0
