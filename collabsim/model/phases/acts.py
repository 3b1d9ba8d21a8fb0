"""Phase 2-3: organisation trust, confidence, risk threshold and joint acts.

Each active directed pair considers a random number of joint acts in the step (a
rate per week over the step's length). Each act is done by one professional of each
organisation, chosen in proportion to their commitment among the present staff of
its role (frontline staff for case work, leaders and boundary spanners otherwise);
it goes ahead through the gate or on faith (:mod:`collabsim.rules.acts`), then
succeeds or fails, and its outcome reaches the pair's ties (success builds trust,
failure costs several times as much).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, IntArray
from collabsim.model.entities import Layout, OrgArrays, PairArrays, ProfArrays
from collabsim.model.runstate import STATS, PairContext, Params, RunState
from collabsim.rules import acts as act_rules
from collabsim.rules import contact as contact_rules
from collabsim.rules import contexts, gate
from collabsim.rules import trust as trust_rules
from collabsim.rules.engine import (
    add_at,
    clip01_core,
    compiled,
    event_counts,
    group_prod,
    group_sum,
    pairwise_mean,
)
from collabsim.scenario.rates import (
    BehaviourRates,
    ConfidenceRates,
    ThresholdWeights,
    TrustRates,
)

__all__ = [
    "Acts",
    "act_core",
    "gate_core",
    "gate_rates",
    "obligation_level",
    "run",
    "summarise",
    "summary_core",
    "update_gate",
]


class Acts(NamedTuple):
    """Joint acts of one step, their per-pair tallies and per-professional load."""

    pair: IntArray
    risk: FloatArray
    staffed: BoolArray  # someone was in post on both sides to do it
    collaborative: BoolArray
    carried: BoolArray
    success: BoolArray
    failure: BoolArray
    quick: BoolArray
    value: FloatArray
    n_acts: FloatArray  # per pair: acts that were staffed
    n_collab: FloatArray
    n_competitive: FloatArray
    n_failure: FloatArray
    keep_room: FloatArray  # per pair: Π(1 − α·q) of the successes on its ties
    keep_trust: FloatArray  # per pair: Π(1 − β·q) of the failures on its ties
    load: FloatArray  # per professional: collaborative acts they did (for analysis)
    failures: FloatArray  # per professional: failed acts they did


# --- the gate: trust aggregation, confidence, pressure, threshold ---------------------

#: The gate's rates: (confidence rates, threshold weights, trust rates), packed.
GateRates = tuple[ConfidenceRates, ThresholdWeights, TrustRates]


def gate_rates(params: Params) -> GateRates:
    """The gate's rates out of a run's parameters."""
    return params.confidence, params.threshold, params.trust


@compiled
def _pressure(orgs: OrgArrays, layout: Layout) -> FloatArray:
    """External pressure on each directed pair's source organisation."""
    src, dst = layout.pair_src, layout.pair_dst
    competing = clip01_core(orgs.competition + orgs.resisting)
    return contexts.external_pressure(
        orgs.financial_slack[src],
        orgs.regulatory_pressure[src],
        competing[src],
        orgs.regulatory_pressure[dst],
    )


def obligation_level(state: RunState, ctx: PairContext) -> FloatArray:
    """Confidence that the obligations in force justify, per directed pair."""
    leader = state.orgs.prof_start[state.layout.pair_dst]
    return gate.confidence_target(
        ctx.contract,
        ctx.accountability,
        ctx.mandate,
        state.profs.persuasiveness[leader],
        state.params.confidence,
        state.params.on,
    )


@compiled
def gate_core(  # noqa: PLR0913, PLR0917 - the gate's state, context and rates
    layout: Layout,
    orgs: OrgArrays,
    profs: ProfArrays,
    pairs: PairArrays,
    ctx: PairContext,
    trust: FloatArray,
    rates: GateRates,
    on: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Pair trust, confidence, threshold and pressure. Core of :func:`update_gate`.

    ``trust`` is per tie (float64).
    """
    confidence_rates, threshold_rates, trust_rates = rates
    pair_trust = gate.pair_trust(
        trust,
        layout.tie_weight,
        layout.offsets,
        layout.pair_weight,
        pairs.cross_sector,
        trust_rates,
        on,
    )
    target = gate.confidence_target(
        ctx.contract,
        ctx.accountability,
        ctx.mandate,
        profs.persuasiveness[orgs.prof_start[layout.pair_dst]],
        confidence_rates,
        on,
    )
    moved = gate.update_confidence(
        pairs.confidence,
        target,
        pairs.breaches,
        ctx.accountability,
        confidence_rates,
        on,
    )
    pressure = _pressure(orgs, layout)
    threshold = gate.risk_threshold(pair_trust, moved, pressure, threshold_rates, on)
    return pair_trust, moved, threshold, pressure


def update_gate(state: RunState, ctx: PairContext) -> FloatArray:
    """Aggregate trust, move confidence, derive the threshold; return pressure."""
    pairs = state.pairs
    trust = state.ties.trust.astype(np.float64)
    pair_trust, confidence, threshold, pressure = gate_core(
        state.layout,
        state.orgs,
        state.profs,
        pairs,
        ctx,
        trust,
        gate_rates(state.params),
        state.params.on,
    )
    pairs.trust[:] = pair_trust
    pairs.confidence[:] = confidence
    pairs.threshold[:] = threshold
    return pressure


# --- who does an act ------------------------------------------------------------------


@compiled
def _choose(
    cumulative: FloatArray, lo: IntArray, hi: IntArray, draw: FloatArray
) -> tuple[IntArray, BoolArray]:
    """Pick one professional in each slot range ``[lo, hi)`` by cumulative weight.

    Returns the chosen slots and whether anyone there had weight (was present).
    """
    below = np.where(lo > 0, cumulative[np.maximum(lo - 1, 0)], 0.0)
    total = cumulative[hi - 1] - below
    picked = np.searchsorted(cumulative, below + draw * total, side="right")
    return np.minimum(np.maximum(picked, lo), hi - 1), total > 0.0


@compiled
def _actors(
    pair: IntArray,
    frontline: BoolArray,
    layout: Layout,
    orgs: OrgArrays,
    weights: FloatArray,
    draws: tuple[FloatArray, FloatArray],
) -> tuple[IntArray, IntArray, BoolArray]:
    """The professional of each side who does each act, and whether both are there.

    Frontline case work falls to frontline staff (or to the senior staff of an
    organisation that has none), other acts to the leader and boundary spanners.
    """
    cumulative = np.cumsum(weights)
    sides = (layout.pair_src[pair], layout.pair_dst[pair])
    chosen = []
    for side in range(2):
        org = sides[side]
        start, count = orgs.prof_start[org], orgs.prof_count[org]
        senior = start + orgs.senior_count[org]
        case_work = frontline & (senior < start + count)
        lo = np.where(case_work, senior, start)
        hi = np.where(case_work, start + count, senior)
        chosen.append(_choose(cumulative, lo, hi, draws[side]))
    (mine, here), (theirs, there) = chosen
    return mine, theirs, here & there


@compiled
def _personal(  # noqa: PLR0913, PLR0917 - each act's pair, doers and kind, then the state
    pair: IntArray,
    mine: IntArray,
    theirs: IntArray,
    frontline: BoolArray,
    layout: Layout,
    orgs: OrgArrays,
    ties: tuple[FloatArray, FloatArray],
    rates: tuple[ThresholdWeights, TrustRates],
) -> FloatArray:
    """Interpersonal threshold of the two professionals doing frontline case work.

    w_T · trust of their tie, once they know each other (acquaintance at least
    ``knowing``): their own, knowledge-based trust, free of the latent distrust that
    holds back their organisations' (theory P4); -1 for other acts.
    """
    trust, acquaintance = ties
    src, dst = layout.pair_src[pair], layout.pair_dst[pair]
    local_i = mine - orgs.prof_start[src]
    local_j = theirs - orgs.prof_start[dst]
    tie = layout.offsets[pair] + local_i * orgs.prof_count[dst] + local_j
    weights, trust_rates = rates
    known = frontline & (acquaintance[tie] >= trust_rates.knowing)
    return np.where(known, weights.trust_weight * trust[tie], -1.0)


# --- joint acts -----------------------------------------------------------------------


@compiled
def act_core(  # noqa: PLR0913, PLR0917 - the phase's inputs (see :func:`run`)
    layout: Layout,
    orgs: OrgArrays,
    profs: ProfArrays,
    pairs: PairArrays,
    ctx: PairContext,
    ties: tuple[FloatArray, FloatArray],
    draws: tuple[FloatArray, FloatArray],
    effectiveness: FloatArray,
    t: float,
    rates: tuple[GateRates, BehaviourRates],
    on: FloatArray,
) -> tuple[FloatArray, Acts]:
    """The gate, then this step's joint acts. Core of :func:`run`.

    ``ties`` are tie trust and acquaintance (float64); ``draws`` the uniforms of the
    act counts (one row per sub-interval of the step, one column per active pair)
    and of the acts themselves (eight rows); ``rates`` the gate's and the behaviour
    rates. Adds each act's value to ``effectiveness``. Returns the new pair trust,
    confidence and threshold (rows of one array) and the :class:`Acts`.
    """
    gate_rates_, act = rates
    trust_rates = gate_rates_[2]
    pair_trust, confidence, threshold, _ = gate_core(
        layout, orgs, profs, pairs, ctx, ties[0], gate_rates_, on
    )
    u_count, u = draws
    active = np.flatnonzero(ctx.active > 0)
    parts = u_count.shape[0]
    counts = event_counts(np.full(active.shape[0], act.acts_per_week / parts), u_count)
    pair = np.repeat(active, counts)
    n_pairs = pair_trust.shape[0]
    # the kind of act, its risk and who does it
    frontline = u[0] < act.frontline_share
    # a quick-win plan keeps a partnership's first weeks to low-risk, visible acts
    planned = ((t - ctx.started_at[pair]) < act.quick_win_weeks) & (
        ctx.quick_wins[pair] > 0
    )
    aim = contexts.effective_ambition(ctx.ambition[pair], pair_trust[pair], act, on)
    low_only = frontline | planned
    risk = act_rules.act_risk(u[1], aim, low_only, act)
    present = contact_rules.presence(profs.vacant_until, t)
    weights = act_rules.work_weights(profs.commitment, present, on)
    mine, theirs, staffed = _actors(
        pair, frontline, layout, orgs, weights, (u[2], u[3])
    )
    personal = _personal(
        pair, mine, theirs, frontline, layout, orgs, ties, (gate_rates_[1], trust_rates)
    )
    uptake = act_rules.uptake_chance(profs.motivation[mine], act, on)
    chosen, carried = act_rules.choose_acts(
        risk,
        threshold[pair],
        personal,
        orgs.faith[layout.pair_src[pair]],
        uptake,
        (u[4], u[5]),
        act,
        on,
    )
    collaborative = chosen & staffed
    capability = 0.5 * (profs.capability[mine] + profs.capability[theirs])
    success, failure, quick, value = act_rules.act_outcomes(
        collaborative, risk, capability, u[6], planned, act, on
    )
    kind = np.minimum((u[7] * 6).astype(np.int64), 5)
    add_at(effectiveness, pairs.partnership[pair], kind, value)
    # what the outcomes do to the pair's ties: joint work reaches both directions
    stake = 0.5 + risk
    q_success = trust_rules.success_quality(
        stake, ctx.technical[pair], quick.astype(np.float64), trust_rates, on
    )
    q_failure = trust_rules.failure_quality(stake, trust_rates, on)
    both = np.empty(2 * pair.shape[0], np.int64)
    both[0::2], both[1::2] = pair, layout.pair_reverse[pair]
    gains = np.repeat(1.0 - np.minimum(trust_rates.gain * q_success * success, 1.0), 2)
    losses = np.repeat(1.0 - np.minimum(trust_rates.loss * q_failure * failure, 1.0), 2)
    doers = np.empty(2 * pair.shape[0], np.int64)
    doers[0::2], doers[1::2] = mine, theirs
    gate_state = np.empty((3, n_pairs))
    gate_state[0], gate_state[1], gate_state[2] = pair_trust, confidence, threshold
    competitive = staffed & ~collaborative
    tallies = Acts(
        pair=pair,
        risk=risk,
        staffed=staffed,
        collaborative=collaborative,
        carried=carried & collaborative,
        success=success,
        failure=failure,
        quick=quick,
        value=value,
        n_acts=group_sum(pair, staffed.astype(np.float64), n_pairs),
        n_collab=group_sum(pair, collaborative.astype(np.float64), n_pairs),
        n_competitive=group_sum(pair, competitive.astype(np.float64), n_pairs),
        n_failure=group_sum(pair, failure.astype(np.float64), n_pairs),
        keep_room=group_prod(both, gains, n_pairs),
        keep_trust=group_prod(both, losses, n_pairs),
        load=group_sum(
            doers,
            np.repeat(collaborative.astype(np.float64), 2),
            profs.commitment.shape[0],
        ),
        failures=group_sum(
            doers, np.repeat(failure.astype(np.float64), 2), profs.commitment.shape[0]
        ),
    )
    return gate_state, tallies


def run(state: RunState, ctx: PairContext) -> Acts:
    """Choose and resolve this step's joint acts (theory §C4 Behaviour; RF-6..RF-8)."""
    pairs, params, rng = state.pairs, state.params, state.rng
    n_active = int(np.count_nonzero(ctx.active > 0))
    parts = max(1, math.ceil(params.behaviour.acts_per_week))
    u_count = rng.random((parts, n_active))
    n_acts = int(np.count_nonzero(u_count < params.behaviour.acts_per_week / parts))
    u = rng.random((8, n_acts))
    gate_state, acts = act_core(
        state.layout,
        state.orgs,
        state.profs,
        pairs,
        ctx,
        (
            state.ties.trust.astype(np.float64),
            state.ties.acquaintance.astype(np.float64),
        ),
        (u_count, u),
        state.partnerships.effectiveness,
        float(state.t),
        (gate_rates(params), params.behaviour),
        params.on,
    )
    pairs.trust[:] = gate_state[0]
    pairs.confidence[:] = gate_state[1]
    pairs.threshold[:] = gate_state[2]
    return acts


@compiled
def summary_core(  # noqa: PLR0913, PLR0917 - act outcomes, other counts
    risk: FloatArray,
    collaborative: BoolArray,
    carried: BoolArray,
    failure: BoolArray,
    quick: BoolArray,
    episodes: FloatArray,
    n_leavers: float,
    low_risk_cutoff: float,
) -> FloatArray:
    """The step statistics, in the order of their keys. Core of :func:`summarise`."""
    low = risk <= low_risk_cutoff
    n_acts, n_low = risk.shape[0], np.count_nonzero(low)
    n_collab = np.count_nonzero(collaborative)
    low_collab = np.count_nonzero(collaborative & low)
    out = np.empty(12)
    out[0], out[1], out[2], out[3] = n_acts, n_collab, n_low, low_collab
    out[4], out[5] = n_acts - n_low, n_collab - low_collab
    out[6], out[7] = np.count_nonzero(carried), np.count_nonzero(failure)
    out[8], out[9] = np.count_nonzero(quick), episodes.sum()
    out[10] = n_leavers
    out[11] = pairwise_mean(risk[collaborative]) if n_collab > 0 else np.nan
    return out


def summarise(
    acts: Acts, episodes: FloatArray, *, n_leavers: int, low_risk_cutoff: float
) -> dict[str, float]:
    """Per-step tallies that observed metrics read (rates need the counts).

    Acts are split into low- and high-risk at the same cutoff that lets faith carry
    an act in :func:`collabsim.rules.acts.choose_acts` (theory SF3). Acts nobody
    was in post to do (a vacancy on either side) did not happen: they count neither
    as collaborative nor as competitive.
    """
    staffed = acts.staffed
    values = summary_core(
        acts.risk[staffed],
        acts.collaborative[staffed],
        acts.carried[staffed],
        acts.failure[staffed],
        acts.quick[staffed],
        episodes,
        float(n_leavers),
        low_risk_cutoff,
    )
    return dict(zip(STATS[: len(values)], values.tolist(), strict=True))
