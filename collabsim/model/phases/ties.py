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
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from collabsim.arrays import FloatArray, IntArray
from collabsim.model.draws import MAX_PARTS, Stream
from collabsim.model.entities import Layout, OrgArrays, PairArrays, ProfArrays
from collabsim.model.phases.acts import Acts
from collabsim.model.phases.conflict import Episodes
from collabsim.model.runs import Level
from collabsim.model.runstate import PairContext, RunState
from collabsim.rules import contact as contact_rules
from collabsim.rules import trust as trust_rules
from collabsim.rules.engine import compiled, repeated_keep, segment_sum
from collabsim.rules.engine.counter import philox_uniforms
from collabsim.scenario.rates import ContactRates, TrustRates

__all__ = ["run", "tie_core"]


#: The tie phase's rates: contact per professional and per pair, trust per pair and
#: per tie.
TieRates = tuple[ContactRates, ContactRates, TrustRates, TrustRates]


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
    rates: TieRates,
    on: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Meetings, then tie trust and acquaintance. Core of :func:`run`.

    ``events`` are the step's acts, conflict episodes and each pair's share of
    central figures in post; ``ties`` tie trust and acquaintance (float64);
    ``draws`` (shape (2, parts, n_ties)) the meeting and badness uniforms of each
    sub-interval, the same for a tie and its reverse (meetings are mutual).

    Returns (trust', acquaintance', meetings per tie, bad meetings per tie).
    """
    acts, episodes, figures = events
    contact_prof, contact_pair, trust_pair, trust_tie = rates
    trust, acquaintance = ties
    sizes, src, reverse = layout.sizes, layout.src, layout.reverse
    parts = draws.shape[1]
    present = contact_rules.presence(profs.vacant_until, t)
    reach = contact_rules.access(
        profs.role, present, profs.opportunity, contact_prof, on
    )
    # the levers are per pair: the pair factor is computed once, then times access
    propensity = contact_rules.contact_propensity(
        ctx.connectivity, ctx.distance, ctx.protected_time, figures, contact_pair, on
    )
    reach_src = reach[src]
    chance = contact_rules.contact_chance(
        np.repeat(propensity / parts, sizes), reach_src * reach_src[reverse]
    ) * np.repeat(ctx.active, sizes)
    p_bad = np.repeat(
        trust_rules.negative_interaction_probability(pairs.culture_gap, trust_pair, on),
        sizes,
    )
    good = np.zeros(reverse.shape[0], np.int64)
    bad = np.zeros(reverse.shape[0], np.int64)
    for k in range(parts):
        met = draws[0, k] < chance
        spoilt = met & (draws[1, k] < p_bad)
        good += (met & ~spoilt).astype(np.int64)
        bad += spoilt.astype(np.int64)
    leaders = profs.vulnerability[orgs.prof_start]
    quality = trust_rules.interaction_quality(
        ctx.relational,
        ctx.technical,
        0.5 * (leaders[layout.pair_src] + leaders[layout.pair_dst]),
        trust_pair,
        on,
    )
    gain, loss = trust_pair.gain, trust_pair.loss
    # joint work (both directions), repair and damage reach every tie of the pair
    room_events = acts.keep_room * (1.0 - np.minimum(gain * episodes.repair, 1.0))
    trust_events = acts.keep_trust * (1.0 - np.minimum(loss * episodes.damage, 1.0))
    keep_room = repeated_keep(
        np.repeat(1.0 - np.minimum(gain * quality, 1.0), sizes), good
    ) * np.repeat(room_events, sizes)
    # a bad meeting has the magnitude of an ordinary good one: asymmetry is β ≫ α
    bad_keep = 1.0 - np.minimum(loss * trust_pair.positive_quality, 1.0)
    keep_trust = repeated_keep(np.repeat(bad_keep, sizes), bad) * np.repeat(
        trust_events, sizes
    )
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
        trust_tie,
        on,
    )
    known = np.repeat(1.0 - trust_pair.acquaintance_gain, sizes)
    acquaintance = contact_rules.update_acquaintance(
        acquaintance, repeated_keep(known, meetings), contacted, trust_tie
    )
    return trust, acquaintance, meetings.astype(np.float64), bad.astype(np.float64)


class _Meetings(NamedTuple):
    """Whose draws decide each tie's meetings: the lower of it and its reverse.

    The run's key and that tie's index within its run: one draw decides both
    directions of a tie.
    """

    key: npt.NDArray[np.uint64]
    entity: IntArray


def _meetings(state: RunState) -> _Meetings:
    runs, mutual = state.runs, state.ties.mutual
    return _Meetings(runs.key_of(Level.TIE)[mutual], runs.local(Level.TIE)[mutual])


def run(
    state: RunState, ctx: PairContext, acts: Acts, episodes: Episodes
) -> tuple[FloatArray, FloatArray]:
    """Draw meetings, then update tie trust and acquaintance.

    Meetings are mutual: one draw (that of the lower of a tie and its reverse)
    decides both directions. Event qualities (successes, quick wins, failures,
    constructive repair, destructive damage) reach every tie of the pair, in both
    directions. Updates each pair's running contact rate and returns the step's
    meetings and bad meetings per run, summed over directed ties.

    References:
        docs/theory.md §C3 Interaction, QuickWin, TaskFailure; §C4 Trust (tie).
    """
    ties = state.ties
    parts = max(1, math.ceil(state.dt))
    who = state.fixed(_meetings)
    draws = np.empty((2, parts, ties.n_ties))
    stream = int(Stream.MEETING) * MAX_PARTS
    for k in range(parts):
        draws[:, k] = philox_uniforms(who.key, who.entity, state.t, stream + k, 0)
    figures = state.figure_presence()[state.pairs.partnership]
    rates = (
        state.at(Level.PROF, "contact"),
        state.at(Level.PAIR, "contact"),
        state.at(Level.PAIR, "trust"),
        state.at(Level.TIE, "trust"),
    )
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
        rates,
        state.params.on,
    )
    ties.trust[:] = trust
    ties.acquaintance[:] = acquaintance
    per_tie = ties.pair_mean(meetings) / state.dt  # meetings per tie per week
    record = state.pairs.contact_rate
    memory = state.at(Level.PAIR, "progress").memory
    record += memory * (per_tie - record)
    offsets = state.runs.offsets[Level.TIE]
    return segment_sum(meetings, offsets), segment_sum(bad, offsets)
