"""Phase 3: the step's joint acts, after the gate (:mod:`.gate`).

Each active directed pair considers a random number of joint acts in the step (a
rate per week over the step's length): one *slot* per sub-interval of the step, in
which an act happens with its share of the rate. Each act is done by one
professional of each organisation, chosen in proportion to their commitment among
the present staff of its role (frontline staff for case work, leaders and boundary
spanners otherwise); it goes ahead through the gate or on faith
(:mod:`collabsim.rules.acts`), then succeeds or fails, and its outcome reaches the
pair's ties (success builds trust, failure costs several times as much).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, IntArray
from collabsim.model.draws import Stream, draw
from collabsim.model.entities import Layout, OrgArrays, PairArrays, ProfArrays
from collabsim.model.phases.actors import actors, personal_threshold
from collabsim.model.phases.gate import GateRates, gate_core, gate_rates
from collabsim.model.runs import Level
from collabsim.model.runstate import STATS, PairContext, RunState
from collabsim.rules import acts as act_rules
from collabsim.rules import contact as contact_rules
from collabsim.rules import contexts
from collabsim.rules import trust as trust_rules
from collabsim.rules.engine import (
    add_at,
    compiled,
    group_prod,
    group_sum,
    segment_sum,
)
from collabsim.scenario.rates import BehaviourRates, ThresholdWeights, TrustRates

__all__ = ["ActRates", "Acts", "act_core", "run", "summarise", "summary_core"]


class Acts(NamedTuple):
    """Joint acts of one step, their per-pair tallies and per-professional load.

    The per-act fields have one entry per act slot (directed pair, sub-interval);
    a slot whose act did not happen is not ``staffed`` and counts for nothing.
    """

    pair: IntArray
    risk: FloatArray
    staffed: BoolArray  # the act happened and someone on both sides was in post
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


# --- joint acts -----------------------------------------------------------------------

#: The act phase's rates: the gate's (per pair), the behaviour rates per pair (the
#: act count), then per act slot the behaviour, threshold and trust rates.
ActRates = tuple[
    GateRates, BehaviourRates, BehaviourRates, ThresholdWeights, TrustRates
]


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
    parts: FloatArray,
    rates: ActRates,
    on: FloatArray,
) -> tuple[FloatArray, Acts]:
    """The gate, then this step's joint acts. Core of :func:`run`.

    ``ties`` are tie trust and acquaintance (float64); ``draws`` the uniform of each
    act slot's count (slot ``s = pair·P + k``: sub-interval k of the pair's P; 1
    where k is beyond the pair's run's ``parts``) and the eight uniforms of each
    slot's act; ``parts`` each pair's sub-intervals. Adds each act's value to
    ``effectiveness``. Returns the new pair trust, confidence and threshold (rows
    of one array) and the :class:`Acts`.
    """
    gate_rates_, per_pair, act, weights, trust_rates = rates
    pair_trust, confidence, threshold, _ = gate_core(
        layout, orgs, profs, pairs, ctx, ties[0], gate_rates_, on
    )
    u_count, u = draws
    n_pairs = pair_trust.shape[0]
    per_slot = u_count.shape[0] // max(n_pairs, 1)
    chance = np.where(ctx.active > 0, per_pair.acts_per_week / parts, 0.0)
    pair = np.repeat(np.arange(n_pairs), per_slot)
    happened = u_count < chance[pair]
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
    weights_ = act_rules.work_weights(profs.commitment, present, on)
    mine, theirs, here = actors(pair, frontline, layout, orgs, weights_, (u[2], u[3]))
    staffed = here & happened
    personal = personal_threshold(
        pair, mine, theirs, frontline, layout, orgs, ties, (weights, trust_rates)
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
    n_profs = profs.commitment.shape[0]
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
        load=group_sum(doers, np.repeat(collaborative.astype(np.float64), 2), n_profs),
        failures=group_sum(doers, np.repeat(failure.astype(np.float64), 2), n_profs),
    )
    return gate_state, tallies


def _draws(state: RunState) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Each slot's count uniform and eight act uniforms; each pair's parts.

    Drawn per directed pair and sub-interval (counter: the pair within its run, the
    step, the stream and the sub-interval), whatever the number of slots of the
    batch; slots beyond a run's own sub-intervals get a count uniform of 1 (no act).
    """
    runs, t = state.runs, state.t
    per_slot = state.slots_per_pair
    parts = state.slot_parts[runs.run_of(Level.PAIR)]
    n_slots = len(parts) * per_slot
    u_count = np.empty(n_slots)
    u = np.empty((8, n_slots))
    for k in range(per_slot):
        count = draw(runs, Level.PAIR, t, Stream.ACT_COUNT, part=k)[0]
        u_count[k::per_slot] = np.where(k < parts, count, 1.0)
        for block in range(4):
            pair_u = draw(runs, Level.PAIR, t, Stream.ACT, part=k, block=block)
            u[2 * block, k::per_slot] = pair_u[0]
            u[2 * block + 1, k::per_slot] = pair_u[1]
    return u_count, u, parts.astype(np.float64)


def run(state: RunState, ctx: PairContext) -> Acts:
    """Choose and resolve this step's joint acts (theory §C4 Behaviour; RF-6..RF-8)."""
    pairs, params = state.pairs, state.params
    u_count, u, parts = _draws(state)
    rates = (
        gate_rates(state),
        state.at(Level.PAIR, "behaviour"),
        state.at(Level.SLOT, "behaviour"),
        state.at(Level.SLOT, "threshold"),
        state.at(Level.SLOT, "trust"),
    )
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
        parts,
        rates,
        params.on,
    )
    pairs.trust[:] = gate_state[0]
    pairs.confidence[:] = gate_state[1]
    pairs.threshold[:] = gate_state[2]
    return acts


@compiled
def summary_core(
    run: IntArray,
    n_runs: int,
    acts: Acts,
    low_risk_cutoff: FloatArray,
    episodes: FloatArray,
    leavers: FloatArray,
) -> FloatArray:
    """The step statistics per run (rows in the order of their keys).

    ``run`` is each slot's run, ``low_risk_cutoff`` per slot; ``episodes`` and
    ``leavers`` per run. The mean risk of collaborative acts is NaN in a run
    without one.
    """
    staffed = acts.staffed
    low = (acts.risk <= low_risk_cutoff) & staffed
    collaborative = acts.collaborative & staffed
    out = np.empty((12, n_runs))
    out[0] = group_sum(run, staffed.astype(np.float64), n_runs)
    out[1] = group_sum(run, collaborative.astype(np.float64), n_runs)
    out[2] = group_sum(run, low.astype(np.float64), n_runs)
    out[3] = group_sum(run, (collaborative & low).astype(np.float64), n_runs)
    out[4] = out[0] - out[2]
    out[5] = out[1] - out[3]
    out[6] = group_sum(run, (acts.carried & staffed).astype(np.float64), n_runs)
    out[7] = group_sum(run, (acts.failure & staffed).astype(np.float64), n_runs)
    out[8] = group_sum(run, (acts.quick & staffed).astype(np.float64), n_runs)
    out[9] = episodes
    out[10] = leavers
    offsets = np.zeros(n_runs + 1, np.int64)
    offsets[1:] = np.cumsum(out[1].astype(np.int64))
    total = segment_sum(acts.risk[collaborative], offsets)
    out[11] = np.where(out[1] > 0, total / np.maximum(out[1], 1.0), np.nan)
    return out


def summarise(
    state: RunState, acts: Acts, episodes: FloatArray, leavers: FloatArray
) -> dict[str, FloatArray]:
    """Per-step tallies per run that observed metrics read (rates need the counts).

    Acts are split into low- and high-risk at the same cutoff that lets faith carry
    an act in :func:`collabsim.rules.acts.choose_acts` (theory SF3). Acts nobody
    was in post to do (a vacancy on either side) did not happen: they count neither
    as collaborative nor as competitive. ``episodes`` and ``leavers`` are per run.
    """
    values = summary_core(
        state.runs.run_of(Level.SLOT),
        state.n_runs,
        acts,
        state.at(Level.SLOT, "behaviour").low_risk_cutoff,
        episodes,
        leavers,
    )
    return dict(zip(STATS[: len(values)], values, strict=True))
