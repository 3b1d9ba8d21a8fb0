"""The act phase's cores on tiny hand-made inputs, and NumPy's summation order."""

from __future__ import annotations

import math

import numpy as np
import pytest
from handmade import acts as some_acts
from handmade import context, switches_off, two_leaders, two_teams
from numpy.testing import assert_allclose, assert_array_equal

from collabsim.model.phases import actors as actor_phase
from collabsim.model.phases import acts as act_phase
from collabsim.model.phases import gate as gate_phase
from collabsim.model.runstate import STATS, PairContext, RunState
from collabsim.rules.engine import primitives as compiled

#: Rates of the hand calculations, packed (per step): round numbers, set in full so
#: that a change of defaults does not move them.
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
    "trust": {
        "organisational_distrust": 0.3,
        "gain": 0.08,
        "loss": 0.45,
        "success_quality": 0.15,
        "failure_severity": 0.15,
        "delivery_boost": 1.0,
        "quick_win_gain": 0.25,
    },
    "behaviour": {
        "acts_per_week": 1.5,  # packed: acts per step
        "low_risk_cutoff": 0.3,
        "base_risk": 0.35,
        "ambition_risk": 0.6,
        "uptake": 0.75,
        "motivation_uptake": 0.5,
        "faith_drive": 0.6,
        "frontline_share": 0.3,
        "success_base": 0.9,
        "risk_failure": 0.3,
        "capability_success": 0.2,
        "quick_win_weeks": 12.0,  # packed: steps
        "ambition_trust_gain": 0.4,
    },
}


def _gate(state: RunState, ctx: PairContext, trust: list[float]) -> tuple:
    return gate_phase.gate_core(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        ctx,
        np.array(trust),
        gate_phase.gate_rates(state),
        state.params.on,
    )


def _rates(state: RunState) -> act_phase.ActRates:
    """The act phase's rates: the run's own (one value each: they broadcast)."""
    p = state.params
    return (
        (p.confidence, p.threshold, p.trust),
        p.behaviour,
        p.behaviour,
        p.threshold,
        p.trust,
    )


def _gate_state() -> tuple[RunState, PairContext]:
    """Cross-sector pair; pair 0 (a → b) under a contract inside a mandate.

    Pair 1 (b → a) has no obligation but full accountability (which a contract of
    strength 0 cannot enforce). Both leaders are persuasive (0.9).
    """
    state = two_leaders(**RATES)
    orgs, pairs = state.orgs, state.pairs
    orgs.financial_slack[:] = [0.6, 1.0]
    orgs.regulatory_pressure[:] = [0.2, 0.4]
    orgs.competition[:] = [0.1, 0.0]
    orgs.resisting[:] = [0.3, 0.0]
    state.profs.persuasiveness[:] = 0.9
    pairs.cross_sector[:] = 1.0
    pairs.confidence[:] = [0.2, 0.0]
    pairs.breaches[:] = [1.0, 0.0]
    ctx = context(contract=[1.0, 0.0], accountability=[0.5, 1.0], mandate=[1.0, 0.0])
    return state, ctx


def test_gate_core_by_hand():
    state, ctx = _gate_state()
    trust, confidence, threshold, pressure = _gate(state, ctx, [0.6, 0.4])
    # organisation trust across sectors: 30% of the ties' trust is withheld
    assert_allclose(trust, [0.6 * 0.7, 0.4 * 0.7], rtol=1e-12)
    # pair 0: contract 0.8·1·(0.5 + 0.5·0.5) = 0.6, mandate 0.6, noisy-OR
    # 1 − 0.4·0.4 = 0.84, + leader 0.1·(0.9 − 0.5) = 0.88; confidence moves half-way
    # from 0.2, less the breach 0.05·1·(1 − 0.5): 0.2 + 0.34 − 0.025 = 0.515.
    # pair 1: no contract, no mandate: accountability and leader add nothing
    assert_allclose(confidence, [0.515, 0.0], rtol=1e-12)
    # pressure on a: (1 − 0.6 + 0.2 + (0.1 + 0.3) + b's 0.4) / 4 = 0.35;
    # on b: (0 + 0.4 + 0 + a's 0.2) / 4 = 0.15
    assert_allclose(pressure, [0.35, 0.15], rtol=1e-12)
    # θ = (1 − (1 − 0.9·trust)(1 − 0.7·confidence))·(1 − 0.4·pressure)
    expected = [(1 - 0.622 * 0.6395) * 0.86, 0.252 * 0.94]
    assert_allclose(threshold, expected, rtol=1e-12)


def test_gate_confidence_needs_no_trust():
    """With no tie trust at all, obligations alone give confidence and open the gate."""
    state, ctx = _gate_state()
    trust, confidence, threshold, _ = _gate(state, ctx, [0.0, 0.0])
    assert_allclose(trust, [0.0, 0.0])
    assert_allclose(confidence, [0.515, 0.0], rtol=1e-12)
    assert_allclose(threshold, [0.7 * 0.515 * 0.86, 0.0], rtol=1e-12)


def test_gate_without_latent_distrust_keeps_the_ties_trust():
    state, ctx = _gate_state()
    switches_off(state, "latent_distrust")
    trust, *_ = _gate(state, ctx, [0.6, 0.4])
    assert_allclose(trust, [0.6, 0.4], rtol=1e-12)


# --- joint acts: two leaders ----------------------------------------------------------

#: Tie trust and acquaintance: tie 0 is a's leader → b's, tie 1 the reverse.
TIES = (np.array([0.6, 0.4]), np.array([0.5, 1.0]))

#: The act draws (rows) of two acts (columns): act 0 on pair 0, act 1 on pair 1.
DRAWS = {
    "frontline": [0.5, 0.1],  # < 0.3: act 1 is frontline case work
    "risk": [0.5, 0.9],
    "actor_a": [0.5, 0.5],  # one professional a side: always the leader
    "actor_b": [0.5, 0.5],
    "uptake": [0.5, 0.8],
    "faith": [0.99, 0.99],  # never on faith
    "success": [0.5, 0.9],
    "kind": [0.4, 0.7],  # effectiveness column int(6u): 2 and 4
}


#: 1.5 acts per step in two sub-intervals: chance 0.75 each. Slots are (pair,
#: sub-interval): pair 0 acts in its first (0.1 < 0.75), pair 1 in its second (0.2):
#: one act each, in slots 0 and 3.
COUNTS = np.array([0.1, 0.9, 0.8, 0.2])
#: The slots whose acts happen, and the uniforms of the slots that do not.
ACTED = [0, 3]
IDLE = 0.99


def _slots(draws: dict[str, list[float]], acted: list[int], n: int = 4) -> np.ndarray:
    """Each act's uniforms (rows) in its slot's column; other slots get ``IDLE``."""
    u = np.full((8, n), IDLE)
    for row, key in enumerate(DRAWS):
        u[row, acted] = draws[key]
    return u


def _act(
    state: RunState,
    ctx: PairContext,
    draws: dict[str, list[float]],
    ties: tuple[np.ndarray, np.ndarray] = TIES,
    u_count: np.ndarray = COUNTS,
) -> tuple:
    effectiveness = np.zeros((2, 6))
    gate_state, acts = act_phase.act_core(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        ctx,
        ties,
        (u_count, _slots(draws, ACTED)),
        effectiveness,
        20.0,
        np.full(2, 2.0),
        _rates(state),
        state.params.on,
    )
    return gate_state, acts, effectiveness


def _no_pressure(state: RunState) -> None:
    """Full financial slack, no regulatory pressure or competition: pressure 0."""
    state.orgs.financial_slack[:] = 1.0
    state.orgs.regulatory_pressure[:] = 0.0
    state.orgs.competition[:] = 0.0


def _leaders() -> tuple[RunState, PairContext]:
    """Cross-sector leaders, no obligations or pressure, t = 20 (no quick wins)."""
    state = two_leaders(**RATES)
    orgs, profs = state.orgs, state.profs
    _no_pressure(state)
    orgs.faith[:] = [0.4, 0.6]
    profs.capability[:] = [0.5, 0.7]
    profs.motivation[:] = [0.5, 0.7]
    state.pairs.cross_sector[:] = 1.0
    state.pairs.confidence[:] = [0.2, 0.0]
    state.pairs.partnership[:] = 0
    return state, context(ambition=0.5, technical=0.5)


def test_act_core_one_success_and_one_failed_frontline_act():
    """Act 0 passes the organisations' gate and succeeds; act 1 (frontline case work)
    passes only through the leaders' own trust and fails.

    Gate: pair trust 0.7·[0.6, 0.4] = [0.42, 0.28]; confidence [0.1, 0] (no
    obligations); θ = [1 − 0.622·0.93, 0.252] = [0.42154, 0.252].
    Act 0: ambition 0.5 + 0.4·(0.42 − 0.5) = 0.468, highest risk 0.35 + 0.6·0.468 =
    0.6308, risk 0.5·0.6308 = 0.3154 ≤ θ 0.42154; uptake 0.75 > 0.5; success chance
    0.9 + 0.2·(0.6 − 0.5) − 0.3·0.3154 = 0.82538 > 0.5; value ½ + risk = 0.8154.
    Act 1: risk 0.9·0.3 = 0.27 > θ 0.252, but ≤ the leaders' own 0.9·0.4·1 = 0.36;
    uptake 0.75 + 0.5·(0.7 − 0.5) = 0.85 > 0.8; success chance 0.92 − 0.081 =
    0.839 ≤ 0.9: failure.
    """
    state, ctx = _leaders()
    gate_state, acts, effectiveness = _act(state, ctx, DRAWS)
    assert_allclose(gate_state[0], [0.42, 0.28], rtol=1e-12)
    assert_allclose(gate_state[1], [0.1, 0.0], rtol=1e-12)
    assert_allclose(gate_state[2], [1 - 0.622 * 0.93, 0.252], rtol=1e-12)
    assert_array_equal(acts.pair, [0, 0, 1, 1])
    assert acts.staffed.tolist() == [True, False, False, True]
    assert_allclose(acts.risk[ACTED], [0.3154, 0.27], rtol=1e-12)
    assert acts.collaborative.tolist() == [True, False, False, True]
    assert acts.carried.tolist() == [False] * 4
    assert acts.success.tolist() == [True, False, False, False]
    assert acts.failure.tolist() == [False, False, False, True]
    assert acts.quick.tolist() == [False] * 4  # t − start 20 ≥ 12
    assert_allclose(acts.value, [0.8154, 0.0, 0.0, 0.0], rtol=1e-12)
    expected = np.zeros((2, 6))
    expected[0, 2] = 0.8154  # partnership 0, effectiveness column int(6·0.4)
    assert_allclose(effectiveness, expected, rtol=1e-12)
    assert_allclose(acts.n_acts, [1, 1])
    assert_allclose(acts.n_collab, [1, 1])
    assert_allclose(acts.n_competitive, [0, 0])
    assert_allclose(acts.n_failure, [0, 1])
    # both acts reach both directions of the link. Success: stake 0.8154, quality
    # 0.15·0.8154·(1 + 1·0.5 technical) = 0.183465, keeps 1 − 0.08·0.183465 of the
    # room; failure: stake 0.77, quality 0.15·0.77 = 0.1155, keeps 1 − 0.45·0.1155
    # of the trust
    assert_allclose(acts.keep_room, [1 - 0.08 * 0.183465] * 2, rtol=1e-12)
    assert_allclose(acts.keep_trust, [1 - 0.45 * 0.1155] * 2, rtol=1e-12)
    # the failed act was done by both leaders
    assert_allclose(acts.failures, [1.0, 1.0])


def test_act_core_interpersonal_route_needs_its_switch_and_acquaintance():
    state, ctx = _leaders()
    switches_off(state, "interpersonal_compensation")
    _, acts, _ = _act(state, ctx, DRAWS)
    # act 1 fails the organisations' gate and has no other route: not joint work
    assert acts.collaborative[ACTED].tolist() == [True, False]
    assert not acts.failure.any()
    assert_allclose(acts.n_competitive, [0, 1])
    assert_allclose(acts.keep_trust, [1.0, 1.0])
    assert_allclose(acts.failures, [0.0, 0.0])
    # with the switch on, strangers (acquaintance 0.1) cannot use it either
    state, ctx = _leaders()
    strangers = (TIES[0], np.array([0.5, 0.1]))
    _, acts, _ = _act(state, ctx, DRAWS, strangers)
    assert acts.collaborative[ACTED].tolist() == [True, False]


def test_act_core_faith_carries_low_risk_acts_only():
    """Uptake fails (0.9 > 0.75) for act 0; faith draws 0.1 < 0.6·faith.

    Act 0 (risk 0.3154 > cutoff 0.3) is high-risk: faith cannot carry it. Act 1
    (interpersonal route off) goes ahead on b's faith 0.6: 0.1 < 0.36.
    """
    state, ctx = _leaders()
    switches_off(state, "interpersonal_compensation")
    draws = {**DRAWS, "uptake": [0.9, 0.8], "faith": [0.1, 0.1]}
    _, acts, effectiveness = _act(state, ctx, draws)
    assert acts.collaborative[ACTED].tolist() == [False, True]
    assert acts.carried[ACTED].tolist() == [False, True]
    assert acts.failure[ACTED].tolist() == [False, True]
    assert_allclose(acts.n_competitive, [1, 0])
    assert not effectiveness.any()


def test_act_core_without_active_pairs():
    state, ctx = _leaders()
    ctx = ctx._replace(active=np.zeros(2))
    gate_state, acts, effectiveness = _act(state, ctx, DRAWS, TIES, np.zeros(4))
    assert not acts.staffed.any()
    assert_allclose(acts.n_acts, [0, 0])
    assert_allclose(acts.keep_room, [1, 1])
    assert_allclose(acts.keep_trust, [1, 1])
    assert_allclose(acts.failures, [0, 0])
    assert not effectiveness.any()
    assert_allclose(gate_state[1], [0.1, 0.0], rtol=1e-12)  # the gate still moves


# --- joint acts: who does them ----------------------------------------------------


def _teams() -> tuple[RunState, tuple[np.ndarray, np.ndarray]]:
    """Leader + two frontline professionals a side; b's second frontline post empty.

    Commitments [0.3, 0.2, 0.6 | 0.3, 0.5, 0.5]; every tie has trust 0 but tie 7
    (a's slot 2 → b's local 1, slot 4: 0 + 2·3 + 1), which has trust 0.5 and full
    acquaintance.
    """
    state = two_teams(**RATES)
    _no_pressure(state)
    state.orgs.faith[:] = 0.0
    profs = state.profs
    profs.commitment[:] = [0.3, 0.2, 0.6, 0.3, 0.5, 0.5]
    profs.capability[:] = [0.5, 0.5, 0.8, 0.5, 0.2, 0.5]
    profs.vacant_until[5] = 30.0
    trust, acquaintance = np.zeros(18), np.zeros(18)
    trust[7], acquaintance[7] = 0.5, 1.0
    return state, (trust, acquaintance)


def _one_frontline_act(state: RunState, ties: tuple) -> tuple:
    u_count = np.array([0.1, 0.9, 0.9, 0.9])  # one act, on pair 0 (slot 0)
    draws = {**DRAWS, "actor_a": [0.5], "actor_b": [0.9]}
    draws.update(frontline=[0.1], risk=[0.9], uptake=[0.5], faith=[0.99])
    draws.update(success=[0.9], kind=[0.7])
    effectiveness = np.zeros((2, 6))
    return act_phase.act_core(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        context(ambition=0.5),
        ties,
        (u_count, _slots(draws, [0])),
        effectiveness,
        20.0,
        np.full(2, 2.0),
        _rates(state),
        state.params.on,
    )


def test_act_core_frontline_act_falls_to_frontline_staff_by_commitment():
    """Frontline weights: a's slots 1, 2 have 0.2, 0.6 (cumulative 0.5, 1.1 after the
    leader's 0.3): draw 0.5 → 0.3 + 0.5·0.8 = 0.7 picks slot 2. b's slot 4 has 0.5 and
    slot 5 is vacant (0): draw 0.9 → 1.4 + 0.9·0.5 = 1.85 picks slot 4.

    Their tie 7 gives the interpersonal threshold 0.9·0.5·1 = 0.45 ≥ risk 0.27, while
    the organisations' θ is 0.9·(0.5·1/12) = 0.0375 (pair weight 12, frontline 1);
    success chance 0.9 + 0.2·(0.5 − 0.5) − 0.081 = 0.819 ≤ 0.9: a failure, on the
    commitment of slots 2 and 4 only.
    """
    state, ties = _teams()
    gate_state, acts = _one_frontline_act(state, ties)
    assert_allclose(gate_state[2], [0.9 * 0.5 / 12, 0.0], rtol=1e-12)
    assert_allclose(acts.risk[0], 0.27, rtol=1e-12)
    assert acts.collaborative.tolist() == [True, False, False, False]
    assert acts.failure.tolist() == [True, False, False, False]
    assert_allclose(acts.failures, [0, 0, 1, 0, 1, 0])
    assert_allclose(acts.keep_trust, [1 - 0.45 * 0.15 * 0.77] * 2, rtol=1e-12)


def test_act_core_act_without_staff_on_one_side_is_not_joint_work():
    state, ties = _teams()
    state.profs.vacant_until[4] = 30.0  # b's frontline posts are both empty
    _, acts = _one_frontline_act(state, ties)
    assert not acts.collaborative.any()
    assert_allclose(acts.failures, np.zeros(6))


# --- statistics and the engines' sums -------------------------------------------------


def test_summary_core_by_hand():
    """Two runs: run 0 has three staffed acts and an idle slot, run 1 none."""
    acts = some_acts(
        2,
        pair=[0, 0, 0, 0, 1],
        risk=[0.2, 0.5, 0.25, 0.1, 0.1],
        staffed=[True, True, True, False, False],
        collaborative=[True, True, False, False, False],
        carried=[True, False, False, False, False],
        failure=[False, True, False, False, False],
        quick=[True, False, False, False, False],
        success=[True, False, False, False, False],
        value=np.zeros(5),
    )
    values = act_phase.summary_core(
        np.array([0, 0, 0, 0, 1]),
        2,
        acts,
        np.full(5, 0.3),
        np.array([1.0, 0.0]),
        np.array([2.0, 0.0]),
    )
    expected = [3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 2, (0.2 + 0.5) / 2]
    assert_allclose(values[:, 0], expected, rtol=1e-15)
    assert_allclose(values[:11, 1], 0.0)
    assert math.isnan(values[11, 1])  # no collaborative act: no mean risk
    assert list(STATS) == [
        *("acts", "collaborative", "low_acts", "low_collab", "high_acts"),
        *("high_collab", "carried", "failures", "quick_wins", "episodes"),
        *("turnover", "collab_risk", "meetings", "bad_meetings"),
    ]


@pytest.mark.parametrize("seed", range(4))
def test_sums_follow_numpys_pairwise_order(seed):
    """The loops give NumPy's bits: reduceat, mean, add.at and multiply.at."""
    gen = np.random.default_rng(seed)
    sizes = gen.integers(1, 700, size=12)
    sizes[0], sizes[1], sizes[5] = 1, 2000, 0  # 1 tie; deep recursion; no tie
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    n = int(offsets[-1])
    values = gen.random(n) * 10.0 ** gen.uniform(-3, 3, size=n)
    expected = np.add.reduceat(values, offsets[:-1], dtype=np.float64)
    expected[sizes == 0] = 0.0  # an empty segment sums to 0 (reduceat repeats a value)
    assert_array_equal(compiled.segment_sum(values, offsets), expected)
    assert_array_equal(compiled._segment_sum_numpy(values, offsets), expected)
    assert np.array_equal(compiled._segment_sum_loop(values, offsets), expected)
    with np.errstate(invalid="ignore"):
        means = np.where(sizes > 0, expected / sizes, np.nan)
    assert_array_equal(compiled.segment_mean(values, offsets), means)
    assert_array_equal(compiled._segment_mean_numpy(values, offsets), means)
    assert_array_equal(compiled._segment_mean_loop(values, offsets), means)
    mask = gen.random(n) < 0.3
    mask[offsets[3] : offsets[4]] = False  # a segment with nothing selected
    segment = np.repeat(np.arange(len(sizes)), sizes)
    kept = np.bincount(segment[mask], minlength=len(sizes))
    inner = np.concatenate([[0], np.cumsum(kept)]).astype(np.int64)
    picked = compiled._segment_mean_numpy(values[mask], inner)
    assert np.isnan(picked[3])
    for form in (
        compiled.masked_segment_mean,
        compiled._masked_segment_mean_numpy,
        compiled._masked_segment_mean_loop,
    ):
        assert_array_equal(form(values, mask, offsets), picked)
    for n in (1, 7, 8, 9, 128, 129, 300, 2049):
        assert compiled.pairwise_mean(values[:n]) == values[:n].mean()
        assert compiled._mean_loop(values[:n]) == values[:n].mean()
    rows, cols = gen.integers(0, 3, size=50), gen.integers(0, 6, size=50)
    into, loop = np.zeros((3, 6)), np.zeros((3, 6))
    np.add.at(into, (rows, cols), values[:50])
    compiled._add_at_loop(loop, rows, cols, values[:50])
    assert_array_equal(loop, into)
    # products in index order: 1 where a group is empty (group 7 of 8 gets none)
    keep = 1.0 - 0.3 * gen.random(400)
    index = gen.integers(0, 7, size=400)
    product = np.ones(8)
    np.multiply.at(product, index, keep)
    assert_array_equal(compiled._group_prod_numpy(index, keep, 8), product)
    assert_array_equal(compiled._group_prod_loop(index, keep, 8), product)
    assert_array_equal(compiled.group_prod(index, keep, 8), product)
    assert product[7] == 1.0


@pytest.mark.parametrize("seed", range(3))
def test_choosing_an_actor_by_loop_and_by_arrays_agree(seed):
    """The two forms of the actor choice (the engines') pick the same professionals."""
    gen = np.random.default_rng(seed)
    weights = gen.random(40) * (gen.random(40) > 0.3)  # some absent (weight 0)
    lo = gen.integers(0, 36, size=300)
    hi = lo + gen.integers(1, 5, size=300)
    draw = gen.random(300)
    draw[:5] = 0.0
    loop = actor_phase._choose_loop(weights, lo, hi, draw, 4)
    arrays = actor_phase._choose_numpy(weights, lo, hi, draw, 4)
    for a, b in zip(loop, arrays, strict=True):
        assert_array_equal(a, b)
    assert_array_equal(actor_phase._choose(weights, lo, hi, draw, 4)[0], loop[0])
