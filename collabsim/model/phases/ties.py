"""Phase 5: meetings between professionals, and the trust and acquaintance they build.

A step of ``dt`` weeks is split into ``ceil(dt)`` sub-intervals; two tied
professionals meet in each with a chance set by the pair's levers and their access,
so a month holds as many meetings as its weeks would. Each meeting goes well or
badly; the step's joint work (successes, failures), constructive repair and
destructive damage reach every tie of the pair; trust then moves by all of them at
once (:func:`collabsim.rules.trust.update_trust`).
"""

from __future__ import annotations

import math

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.model.entities import Layout, OrgArrays, PairArrays, ProfArrays
from collabsim.model.phases.acts import Acts
from collabsim.model.phases.conflict import Episodes
from collabsim.model.runstate import PairContext, RunState
from collabsim.rules import contact as contact_rules
from collabsim.rules import trust as trust_rules
from collabsim.rules.engine import compiled, repeated_keep
from collabsim.scenario.rates import ContactRates, TrustRates

__all__ = ["run", "tie_core"]


@compiled
def tie_core(  # noqa: PLR0913, PLR0917 - the phase's state, context, events, rates
    layout: Layout,
    orgs: OrgArrays,
    profs: ProfArrays,
    pairs: PairArrays,
    ctx: PairContext,
    events: tuple[Acts, Episodes, FloatArray],
    ties: tuple[FloatArray, FloatArray],
    draws: FloatArray,
    t: float,
    rates: tuple[ContactRates, TrustRates],
    on: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Meetings, then tie trust and acquaintance. Core of :func:`run`.

    ``events`` are the step's acts, conflict episodes and each pair's share of
    central figures in post; ``ties`` tie trust and acquaintance (float64);
    ``draws`` (shape (2, parts, n_ties)) the meeting and badness uniforms of each
    sub-interval: the draw of the lower of a tie and its reverse decides both.

    Returns (trust', acquaintance', meetings per tie, bad meetings per tie).
    """
    acts, episodes, figures = events
    cr, tr = rates
    trust, acquaintance = ties
    sizes, src, reverse = layout.sizes, layout.src, layout.reverse
    parts = draws.shape[1]
    present = contact_rules.presence(profs.vacant_until, t)
    reach = contact_rules.access(profs.role, present, profs.opportunity, cr, on)
    # the levers are per pair: the pair factor is computed once, then times access
    propensity = contact_rules.contact_propensity(
        ctx.connectivity, ctx.distance, ctx.protected_time, figures, cr, on
    )
    reach_src = reach[src]
    chance = contact_rules.contact_chance(
        np.repeat(propensity / parts, sizes), reach_src * reach_src[reverse]
    ) * np.repeat(ctx.active, sizes)
    p_bad = np.repeat(
        trust_rules.negative_interaction_probability(pairs.culture_gap, tr, on), sizes
    )
    # ties of even pairs precede their reverses: the lower index is the even one
    mutual = np.minimum(np.arange(reverse.shape[0]), reverse)
    good = np.zeros(reverse.shape[0], np.int64)
    bad = np.zeros(reverse.shape[0], np.int64)
    for k in range(parts):
        met = draws[0, k][mutual] < chance
        spoilt = met & (draws[1, k][mutual] < p_bad)
        good += (met & ~spoilt).astype(np.int64)
        bad += spoilt.astype(np.int64)
    leaders = profs.vulnerability[orgs.prof_start]
    quality = trust_rules.interaction_quality(
        ctx.relational,
        ctx.technical,
        0.5 * (leaders[layout.pair_src] + leaders[layout.pair_dst]),
        tr,
        on,
    )
    # joint work (both directions), repair and damage reach every tie of the pair
    room_events = acts.keep_room * (1.0 - np.minimum(tr.gain * episodes.repair, 1.0))
    trust_events = acts.keep_trust * (1.0 - np.minimum(tr.loss * episodes.damage, 1.0))
    keep_room = repeated_keep(
        np.repeat(1.0 - np.minimum(tr.gain * quality, 1.0), sizes), good
    ) * np.repeat(room_events, sizes)
    # a bad meeting has the magnitude of an ordinary good one: asymmetry is β ≫ α
    keep_trust = repeated_keep(
        np.full(bad.shape[0], 1.0 - min(tr.loss * tr.positive_quality, 1.0)), bad
    ) * np.repeat(trust_events, sizes)
    meetings = good + bad
    # at most one meeting per sub-interval: the share of the step with a meeting
    contacted = meetings.astype(np.float64) / parts
    trust = trust_rules.update_trust(
        trust,
        np.repeat(pairs.baseline, sizes),
        keep_room,
        keep_trust,
        np.repeat(pairs.conflict, sizes),
        contacted,
        tr,
        on,
    )
    acquaintance = contact_rules.update_acquaintance(
        acquaintance,
        repeated_keep(np.full(meetings.shape[0], 1.0 - tr.acquaintance_gain), meetings),
        contacted,
        tr,
    )
    return trust, acquaintance, meetings.astype(np.float64), bad.astype(np.float64)


def run(
    state: RunState, ctx: PairContext, acts: Acts, episodes: Episodes
) -> tuple[float, float]:
    """Draw meetings, then update tie trust and acquaintance.

    Meetings are mutual: one draw decides both directions of a tie. Event qualities
    (successes, quick wins, failures, constructive repair, destructive damage) reach
    every tie of the pair, in both directions. Updates each pair's running contact
    rate and returns the step's (meetings, bad meetings), summed over directed ties.

    References:
        docs/theory.md §C3 Interaction, QuickWin, TaskFailure; §C4 Trust (tie).
    """
    ties, params = state.ties, state.params
    parts = max(1, math.ceil(state.dt))
    draws = state.rng.random((2, parts, ties.n_ties))  # symmetrised in the core
    figures = state.figure_presence()[state.pairs.partnership]
    trust, acquaintance, meetings, bad = tie_core(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        ctx,
        (acts, episodes, figures),
        (ties.trust.astype(np.float64), ties.acquaintance.astype(np.float64)),
        draws,
        float(state.t),
        (params.contact, params.trust),
        params.on,
    )
    ties.trust[:] = trust
    ties.acquaintance[:] = acquaintance
    per_tie = ties.pair_mean(meetings) / state.dt  # meetings per tie per week
    record = state.pairs.contact_rate
    record += params.progress.memory * (per_tie - record)
    return float(meetings.sum()), float(bad.sum())
