"""The org phase's compiled cores on tiny hand-made inputs (values derived by hand)."""

from __future__ import annotations

import numpy as np
from handmade import acts, context, switches_off, two_leaders, two_teams
from numpy.testing import assert_allclose, assert_array_equal
from tests_paths import REPO

from collabsim import load_scenario
from collabsim.model.collaboration import CollaborationModel
from collabsim.model.phases.acts import Acts
from collabsim.model.phases.organisations import (
    CoProductionLevers,
    coproduce_core,
    org_core,
)
from collabsim.model.runstate import RunState
from collabsim.rules.coproduction import Eaa
from collabsim.scenario.mechanisms import Link

#: Rates of the hand calculations, packed (per step): round numbers, set in full.
RATES = {
    "progress": {
        "expected_value": 0.5,
        "memory": 0.5,
        "visibility": 0.5,
        "evaluation_visibility": 0.5,
        "role_clarity": 0.0,
        "flexibility": 0.0,
        "intra_conflict": 0.0,
        "absent_actors": 0.0,
        "ambition_ceiling": 0.5,
        "rate": 0.5,
        "turnover_loss": 0.2,
        "initial": 0.4,
    },
    "faith": {"progress_rate": 0.5, "trust_rate": 0.1, "leader_rate": 0.0},
    "comb": {
        "rate": 0.5,
        "capability_base": 0.4,
        "technical_capability": 0.3,
        "training_capability": 0.2,
        "opportunity_base": 0.3,
        "time_opportunity": 0.5,
        "motivation_base": 0.3,
        "vision_motivation": 0.3,
        "faith_motivation": 0.4,
        "trust_weight": 0.3,
        "commitment_rate": 0.5,
        "resilience_rate": 0.5,
        "shock_loss": 0.3,
        "recovery_boost": 1.0,
    },
    "coproduction": {
        "engagement_rate": 0.5,
        "session_rate": 2.0,  # sessions per step
        "alignment_gain": 0.5,
        "reflection_rate": 1.0,  # reflections per step
        "understanding_gain": 0.5,
        "agreement_gain": 0.5,
        "decay": 0.0,
    },
}

#: Both pairs evaluated, turnover hazard 0.1 per step; technical strategies,
#: innovation support and shared vision 0.5, protected time 0.4.
CONTEXT = {
    "evaluation": 1.0,
    "turnover_rate": 0.1,
    "ambition": 0.5,
    "technical": 0.5,
    "innovation_support": 0.5,
    "protected_time": 0.4,
    "shared_vision": 0.5,
}


def _org_core(state: RunState, step: Acts, tie_trust: np.ndarray, draws: list) -> tuple:
    return org_core(
        state.layout,
        state.orgs,
        state.profs,
        np.array([0.6, 0.2]),  # pair trust: a → b, b → a
        context(**CONTEXT),
        step,
        tie_trust,
        3.0,
        np.array(draws),
        (state.params.progress, state.params.faith, state.params.comb),
        state.params.on,
    )


def _leaders() -> RunState:
    """Two leaders: running value per act [0.5, 0.3], progress and faith ½."""
    state = two_leaders(**RATES)
    state.orgs.signal[:] = [0.5, 0.3]
    state.orgs.progress[:] = 0.5
    state.orgs.faith[:] = 0.5
    return state


def test_core_by_hand():
    """a's pair: a success worth 0.8 and a failure; b's pair: a failure.

    Value per act [0.4, 0]: signal [0.5 + 0.5·(0.4 − 0.5), 0.3 + 0.5·(0 − 0.3)] =
    [0.45, 0.15]; observed = signal / (0.5·(0.5 + 0.5)) = [0.9, 0.3]. Evaluated
    (visibility 0.5 + 0.5 = 1), perception is what is observed, above the prior 0.4
    for a and below it for b; a's target is capped at 0.5 + 0.5·0.5 = 0.75.
    a's leader leaves (0.05 < 0.1): PoP = [0.5 + 0.5·(0.75 − 0.5) − 0.2·1,
    0.5 + 0.5·(0.3 − 0.5)] = [0.425, 0.4].
    Faith, one pull after the other: 0.5 + 0.5·(PoP − 0.5) = [0.4625, 0.45], then
    + 0.1·(trust − that), trust [0.6, 0.2]: [0.47625, 0.425].
    """
    state = _leaders()
    step = acts(pair=[0, 0, 1], value=[0.8, 0.0, 0.0], failures=[1.0, 1.0])
    signal, progress, faith, comb, leavers = _org_core(
        state, step, np.array([0.6, 0.4]), [0.05, 0.5]
    )
    assert_allclose(signal, [0.45, 0.15], rtol=1e-12)
    assert_allclose(progress, [0.425, 0.4], rtol=1e-12)
    assert_allclose(faith, [0.47625, 0.425], rtol=1e-12)
    assert_array_equal(leavers, [0])
    # COM-B targets, own tie trust [0.6, 0.4] adding 0.3·(trust − 0.5) = ±0.03:
    # C* = 0.4 + 0.3·0.5 + 0.2·0.5 ± 0.03 = [0.68, 0.62]
    # O* = 0.3 + 0.5·0.4 ± 0.03 = [0.53, 0.47]
    # M* = 0.3 + 0.3·0.5 + 0.4·faith ± 0.03 = [0.6705, 0.59]; each from 0.5 half-way
    capability, opportunity, motivation, commitment, resilience = comb
    assert_allclose(capability, [0.59, 0.56], rtol=1e-12)
    assert_allclose(opportunity, [0.515, 0.485], rtol=1e-12)
    assert_allclose(motivation, [0.58525, 0.545], rtol=1e-12)
    # commitment 0.3 → mean COM-B at recovery 0.5·(1 + (0.3 − 0.5)) = 0.4: half of
    # it (1 − √0.6) before the failure each leader did, which keeps 1 − 0.3·0.7,
    # half after
    mean = np.array([0.59 + 0.515 + 0.58525, 0.56 + 0.485 + 0.545]) / 3
    half = 1 - 0.6**0.5
    before = 0.3 + half * (mean - 0.3)
    shocked = before * (1 - 0.3 * 0.7)
    assert_allclose(commitment, shocked + half * (mean - shocked), rtol=1e-12)
    assert_allclose(resilience, 0.3 + 0.5 * (commitment - 0.3), rtol=1e-12)


def test_core_without_acts_keeps_the_signal():
    """No acts: the signal stays, observed [1, 0.6], perceived ≥ the cap 0.75 for a.

    PoP = 0.5 + 0.5·([0.75, 0.6] − 0.5) = [0.625, 0.55]; nobody leaves (draws 0.9).
    """
    state = _leaders()
    signal, progress, _, comb, leavers = _org_core(
        state, acts(), np.array([0.6, 0.4]), [0.9, 0.9]
    )
    assert_allclose(signal, [0.5, 0.3])
    assert_allclose(progress, [0.625, 0.55], rtol=1e-12)
    assert len(leavers) == 0
    # no failure, no shock: commitment only recovers towards mean COM-B
    assert np.all(comb[3] > 0.3)


def test_without_evaluation_perception_leans_on_the_prior():
    """Visibility 0.5: seen = 0.5·observed + 0.5·0.4 = [0.65, 0.35] (same acts)."""
    state = _leaders()
    step = acts(pair=[0, 0, 1], value=[0.8, 0.0, 0.0], failures=[1.0, 1.0])
    switches_off(state, "evaluation_informs_progress")
    _, progress, *_ = _org_core(state, step, np.array([0.6, 0.4]), [0.9, 0.9])
    assert_allclose(progress, [0.5 + 0.5 * 0.15, 0.5 - 0.5 * 0.15], rtol=1e-12)


def test_failure_shocks_only_the_professionals_who_did_it():
    """Two teams: the failed frontline act was done by slots 2 (a) and 4 (b)."""
    state = two_teams(**RATES)
    tie_trust = np.linspace(0.2, 0.8, 18)
    doers = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 0.0])
    *_, shocked, _ = _org_core(
        state, acts(n_profs=6, failures=doers), tie_trust, [1.0] * 6
    )
    *_, calm, _ = _org_core(state, acts(n_profs=6), tie_trust, [1.0] * 6)
    capability, opportunity, motivation, commitment, _ = shocked
    for new, old in zip((capability, opportunity, motivation), calm[:3], strict=True):
        assert_array_equal(new, old)
    bystanders = doers == 0
    assert_array_equal(commitment[bystanders], calm[3][bystanders])
    # each doer's commitment, having recovered half-way (recovery 0.4, so a share
    # 1 − √0.6) to the failure, keeps 1 − 0.3·(1 − 0.3) of it; the second half of
    # the recovery then scales the loss by √0.6
    half = 1 - 0.6**0.5
    mean = (calm[0] + calm[1] + calm[2])[~bystanders] / 3
    before = 0.3 + half * (mean - 0.3)
    loss = (1 - half) * before * 0.3 * (1 - 0.3)
    assert_allclose(calm[3][~bystanders] - commitment[~bystanders], loss, rtol=1e-12)


# --- co-production ----------------------------------------------------------------


def _coproduce(
    documentation: float, enabled: float = 1.0, active: float = 1.0, trust: float = 0.5
):
    """One partnership holding both pairs (trust 0.5), and the inactive row.

    State: engagement 0.2, alignment 0.2, understanding 0.1, agreement 0. Levers 1
    but assets 0.8 and ``documentation``. Two sub-intervals: session draws
    [0.1, 0.3], reflection draws [0.2, 0.6].
    """
    state = two_leaders(**RATES)
    eaa = Eaa(*(np.array([v, 0.0]) for v in (0.2, 0.2, 0.1, 0.0)))
    levers = CoProductionLevers(
        *(np.array([v, 0.0]) for v in (enabled, 1.0, 0.8, 1.0, 1.0, documentation, 1.0))
    )
    moved = coproduce_core(
        np.array([0, 0]),
        np.full(2, trust),
        np.array([active, 0.0]),
        eaa,
        levers,
        (np.array([[0.1, 1.0], [0.3, 1.0]]), np.array([[0.2, 1.0], [0.6, 1.0]])),
        np.full(2, 2.0),
        state.params.coproduction,
        state.params.on,
    )
    assert_allclose([values[1] for values in moved], 0.0)  # the inactive row
    return Eaa(*(values[:1] for values in moved))


def test_coproduce_core_by_hand():
    """engagement 0.2 + 0.5·(1·0.8 − 0.2) = 0.5; sessions expected
    2·1·0.5·(1 − 0.5·(1 − 0.5)) = 0.75 (trust 0.5 enables dialogue), chance 0.375
    per sub-interval: two sessions (0.1, 0.3); reflections chance 1·1/2 = 0.5: one
    (0.2). Alignment 1 − 0.8·0.5·0.5 = 0.8; understanding 1 − 0.9·(1 − 0.5·0.8) =
    0.46; agreement 1 − (1 − 0.5·0.46) = 0.23.
    """
    engagement, alignment, understanding, agreement = _coproduce(1.0)
    assert_allclose(engagement, [0.5], rtol=1e-12)
    assert_allclose(alignment, [0.8], rtol=1e-12)
    assert_allclose(understanding, [0.46], rtol=1e-12)
    assert_allclose(agreement, [0.23], rtol=1e-12)


def test_without_trust_fewer_sessions_align():
    """Trust 0: sessions expected 2·0.5·0.5 = 0.5, chance 0.25: one session (0.1)
    aligns 1 − 0.8·0.5 = 0.6, less than the 0.8 reached at trust 0.5."""
    _, alignment, *_ = _coproduce(1.0, trust=0.0)
    assert_allclose(alignment, [0.6], rtol=1e-12)


def test_coproduce_core_without_documentation_nothing_aligns():
    """Undocumented sessions align nothing: alignment stays 0.2, and reflections
    ground understanding on it: 1 − 0.9·(1 − 0.5·0.2) = 0.19; agreement 0.095."""
    engagement, alignment, understanding, agreement = _coproduce(0.0)
    assert_allclose(engagement, [0.5], rtol=1e-12)
    assert_allclose(alignment, [0.2], rtol=1e-12)
    assert_allclose(understanding, [0.19], rtol=1e-12)
    assert_allclose(agreement, [0.095], rtol=1e-12)


def test_coproduce_core_moves_only_active_coproducers():
    for still in (_coproduce(1.0, enabled=0.0), _coproduce(1.0, active=0.0)):
        assert_allclose(np.concatenate(still), [0.2, 0.2, 0.1, 0.0])


def test_packed_switches_follow_the_models_switches():
    path = REPO / "scenarios" / "voluntary_baseline.toml"
    model = CollaborationModel(load_scenario(path), rng=1)
    assert model.state.params.on[Link.comb_builds_resilience] == 1.0
    off = load_scenario(path, {"mechanisms.disabled": ["comb_builds_resilience"]})
    switched = CollaborationModel(off, rng=1).state.params.on
    assert switched[Link.comb_builds_resilience] == 0.0
    assert switched[Link.trust_builds_comb] == 1.0
