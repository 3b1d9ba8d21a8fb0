"""Phase 2-3: trust aggregation, confidence, risk threshold and joint acts."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, IntArray
from collabsim.model.entities import Layout, OrgArrays, PairArrays, ProfArrays
from collabsim.model.runstate import STATS, PairContext, Params, RunState
from collabsim.rules import acts as act_rules
from collabsim.rules import contexts, gate
from collabsim.rules.engine import add_at, clip01_core, compiled, pairwise_mean
from collabsim.scenario.rates import BehaviourRates, ConfidenceRates, ThresholdWeights

__all__ = [
    "Acts",
    "act_core",
    "gate_core",
    "obligation_level",
    "run",
    "summarise",
    "summary_core",
    "update_gate",
]


class Acts(NamedTuple):
    """Joint acts of one step and their per-pair tallies."""

    pair: IntArray
    risk: FloatArray
    collaborative: BoolArray
    carried: BoolArray
    success: BoolArray
    failure: BoolArray
    quick: BoolArray
    n_collab: FloatArray
    n_competitive: FloatArray
    n_failure: FloatArray
    n_quick: FloatArray
    failure_stake: FloatArray


# --- the gate: trust aggregation, confidence, pressure, threshold ---------------------

#: The gate's rates: (confidence rates, threshold weights), packed.
GateRates = tuple[ConfidenceRates, ThresholdWeights]


def gate_rates(params: Params) -> GateRates:
    """The gate's rates out of a run's parameters."""
    return params.confidence, params.threshold


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
    confidence_rates, threshold_rates = rates
    pair_trust = gate.pair_trust(
        trust, layout.tie_weight, layout.offsets, layout.pair_weight
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


# --- joint acts -----------------------------------------------------------------------


@compiled
def act_core(  # noqa: PLR0913, PLR0917 - the phase's inputs (see :func:`run`)
    layout: Layout,
    orgs: OrgArrays,
    profs: ProfArrays,
    pairs: PairArrays,
    ctx: PairContext,
    trust: FloatArray,
    u: FloatArray,
    effectiveness: FloatArray,
    t: float,
    rates: tuple[GateRates, BehaviourRates],
    on: FloatArray,
) -> tuple[FloatArray, IntArray, FloatArray, BoolArray, FloatArray]:
    """The gate, then this step's joint acts. Core of :func:`run`.

    ``trust`` is per tie (float64); ``u`` the (7, n_acts) draws; ``rates`` the
    gate's rates and the behaviour rates. Adds each act's value to
    ``effectiveness``.

    Returns the new pair trust, confidence and threshold, then :class:`Acts`'
    fields; the flags, the tallies and the gate state are packed as rows of one
    array each (every array returned costs a boxing).
    """
    gate_rates, act = rates
    pair_trust, confidence, threshold, pressure = gate_core(
        layout, orgs, profs, pairs, ctx, trust, gate_rates, on
    )
    threshold_rates = gate_rates[1]
    offsets = layout.offsets
    pair = np.repeat(np.flatnonzero(ctx.active > 0), int(act.acts_per_step))
    aim = contexts.effective_ambition(ctx.ambition[pair], pair_trust[pair], act, on)
    early = (t - ctx.started_at[pair]) < act.quick_win_steps
    risk = act_rules.act_risk(u[0], aim, early & (ctx.quick_wins[pair] > 0), act)
    counts = np.diff(offsets)[pair]
    tie = offsets[pair] + np.minimum((u[1] * counts).astype(np.int64), counts - 1)
    own = gate.risk_threshold(
        trust[tie], confidence[pair], pressure[pair], threshold_rates, on
    )
    actor = layout.pair_src[pair]
    collaborative, carried = act_rules.choose_acts(
        risk,
        threshold[pair],
        np.where(u[2] < act.frontline_share, own, np.nan),
        orgs.faith[actor],
        u[3],
        u[4],
        act,
        on,
    )
    prof_count = orgs.prof_count
    org_capability = (
        np.bincount(profs.org, profs.capability, prof_count.shape[0]) / prof_count
    )
    success, failure, quick, value = act_rules.act_outcomes(
        collaborative, risk, org_capability[actor], u[5], early, act, on
    )
    kind = np.minimum((u[6] * 6).astype(np.int64), 5)
    add_at(effectiveness, pairs.partnership[pair], kind, value)
    n = pair_trust.shape[0]
    gate_state = np.empty((3, n))
    gate_state[0], gate_state[1], gate_state[2] = pair_trust, confidence, threshold
    flags = np.empty((5, pair.shape[0]), np.bool_)
    flags[0], flags[1], flags[2], flags[3] = collaborative, carried, success, failure
    flags[4] = quick
    tallies = np.empty((5, n))
    tallies[0] = np.bincount(pair, collaborative, n)
    tallies[1] = np.bincount(pair, ~collaborative, n)
    tallies[2] = np.bincount(pair, failure, n)
    tallies[3] = np.bincount(pair, quick, n)
    tallies[4] = np.bincount(pair, failure * (0.5 + risk), n)
    return gate_state, pair, risk, flags, tallies


def run(state: RunState, ctx: PairContext) -> Acts:
    """Choose and resolve this step's joint acts (theory §C4 Behaviour; RF-6..RF-8)."""
    pairs = state.pairs
    acts_per_step = int(state.params.behaviour.acts_per_step)
    n_acts = np.count_nonzero(ctx.active > 0) * acts_per_step
    u = state.rng.random((7, n_acts))
    gate_state, pair, risk, flags, tallies = act_core(
        state.layout,
        state.orgs,
        state.profs,
        pairs,
        ctx,
        state.ties.trust.astype(np.float64),
        u,
        state.partnerships.effectiveness,
        float(state.t),
        (gate_rates(state.params), state.params.behaviour),
        state.params.on,
    )
    pairs.trust[:] = gate_state[0]
    pairs.confidence[:] = gate_state[1]
    pairs.threshold[:] = gate_state[2]
    f, t = flags, tallies
    return Acts(pair, risk, f[0], f[1], f[2], f[3], f[4], t[0], t[1], t[2], t[3], t[4])


@compiled
def summary_core(  # noqa: PLR0913, PLR0917 - act outcomes, other counts
    risk: FloatArray,
    collaborative: BoolArray,
    carried: BoolArray,
    failure: BoolArray,
    quick: BoolArray,
    episodes: BoolArray,
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
    out[8], out[9] = np.count_nonzero(quick), np.count_nonzero(episodes)
    out[10] = n_leavers
    out[11] = pairwise_mean(risk[collaborative]) if n_collab > 0 else np.nan
    return out


def summarise(
    acts: Acts, episodes: BoolArray, *, n_leavers: int, low_risk_cutoff: float
) -> dict[str, float]:
    """Per-step tallies that observed metrics read (rates need the counts).

    Acts are split into low- and high-risk at the same cutoff that lets faith carry
    an act in :func:`collabsim.rules.acts.choose_acts` (theory SF3).
    """
    values = summary_core(
        acts.risk,
        acts.collaborative,
        acts.carried,
        acts.failure,
        acts.quick,
        episodes,
        float(n_leavers),
        low_risk_cutoff,
    )
    return dict(zip(STATS, values.tolist(), strict=True))
