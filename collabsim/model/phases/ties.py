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
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from collabsim.arrays import Float32Array, FloatArray, IntArray
from collabsim.model.draws import MAX_PARTS, Stream
from collabsim.model.entities import Layout, OrgArrays, PairArrays, ProfArrays
from collabsim.model.phases.acts import Acts
from collabsim.model.phases.conflict import Episodes
from collabsim.model.runs import Level
from collabsim.model.runstate import PairContext, RunState
from collabsim.rules import contact as contact_rules
from collabsim.rules import trust as trust_rules
from collabsim.rules.engine import (
    compiled,
    engine_name,
    keep_power,
    repeated_keep,
    segment_sum,
)
from collabsim.rules.engine.counter import philox_uniforms
from collabsim.scenario.rates import ContactRates, TrustRates

__all__ = [
    "PairTerms",
    "pair_terms",
    "run",
    "tie_core",
    "tie_update_loop",
    "tie_update_numpy",
]


#: The tie phase's rates: contact per professional and per pair, trust per pair and
#: per tie.
TieRates = tuple[ContactRates, ContactRates, TrustRates, TrustRates]


class PairTerms(NamedTuple):
    """What a step brings each directed pair's ties, computed once per pair."""

    chance: FloatArray  # meetings per sub-interval of two fully accessible staff
    active: FloatArray
    p_bad: FloatArray  # chance a meeting goes badly
    good_keep: FloatArray  # room to full trust a good meeting leaves
    bad_keep: FloatArray  # trust a bad meeting leaves
    known_keep: FloatArray  # room to full acquaintance a meeting leaves
    room_events: FloatArray  # room left by joint work and repair (both directions)
    trust_events: FloatArray  # trust left by failures and damage
    baseline: FloatArray
    conflict: FloatArray


@compiled
def pair_terms(  # noqa: PLR0913, PLR0917 - the phase's state, context, events, rates
    layout: Layout,
    orgs: OrgArrays,
    profs: ProfArrays,
    pairs: PairArrays,
    ctx: PairContext,
    events: tuple[Acts, Episodes, FloatArray],
    parts: int,
    t: float,
    rates: tuple[ContactRates, ContactRates, TrustRates],
    on: FloatArray,
) -> tuple[FloatArray, PairTerms]:
    """Each professional's access and each pair's :class:`PairTerms`.

    ``events`` are the step's acts, conflict episodes and each pair's share of
    central figures in post; ``rates`` contact per professional and per pair, trust
    per pair.
    """
    acts, episodes, figures = events
    contact_prof, contact_pair, trust_pair = rates
    present = contact_rules.presence(profs.vacant_until, t)
    reach = contact_rules.access(
        profs.role, present, profs.opportunity, contact_prof, on
    )
    # the levers are per pair: the pair factor is computed once, then times access
    propensity = contact_rules.contact_propensity(
        ctx.connectivity, ctx.distance, ctx.protected_time, figures, contact_pair, on
    )
    leaders = profs.vulnerability[orgs.prof_start]
    quality = trust_rules.interaction_quality(
        ctx.relational,
        ctx.technical,
        0.5 * (leaders[layout.pair_src] + leaders[layout.pair_dst]),
        trust_pair,
        on,
    )
    gain, loss = trust_pair.gain, trust_pair.loss
    known: Any = 1.0 - trust_pair.acquaintance_gain  # per pair (a rate of each)
    # joint work (both directions), repair and damage reach every tie of the pair
    terms = PairTerms(
        chance=propensity / parts,
        active=ctx.active,
        p_bad=trust_rules.negative_interaction_probability(
            pairs.culture_gap, trust_pair, on
        ),
        good_keep=1.0 - np.minimum(gain * quality, 1.0),
        # a bad meeting has the magnitude of an ordinary good one: β ≫ α does it
        bad_keep=1.0 - np.minimum(loss * trust_pair.positive_quality, 1.0),
        known_keep=known,
        room_events=acts.keep_room * (1.0 - np.minimum(gain * episodes.repair, 1.0)),
        trust_events=acts.keep_trust * (1.0 - np.minimum(loss * episodes.damage, 1.0)),
        baseline=pairs.baseline,
        conflict=pairs.conflict,
    )
    return reach, terms


#: What the tie update returns: trust', acquaintance', meetings, bad meetings (per tie).
TieUpdate = tuple[FloatArray, FloatArray, FloatArray, FloatArray]


@compiled
def tie_update_numpy(  # noqa: PLR0913, PLR0917 - layout, terms, state, draws, rates
    layout: Layout,
    reach: FloatArray,
    terms: PairTerms,
    ties: tuple[Float32Array, Float32Array],
    draws: FloatArray,
    rates: TrustRates,
    on: FloatArray,
) -> TieUpdate:
    """The tie update, array by array (the ``numpy`` engine's form).

    ``ties`` are tie trust and acquaintance as stored (float32; computed in
    float64); ``draws`` (shape (2, parts, n_ties)) the meeting and badness uniforms
    of each sub-interval, the same for a tie and its reverse (meetings are mutual);
    ``rates`` the trust rates per tie.
    """
    sizes, src, reverse = layout.sizes, layout.src, layout.reverse
    parts = draws.shape[1]
    reach_src = reach[src]
    chance = contact_rules.contact_chance(
        np.repeat(terms.chance, sizes), reach_src * reach_src[reverse]
    ) * np.repeat(terms.active, sizes)
    p_bad = np.repeat(terms.p_bad, sizes)
    good = np.zeros(reverse.shape[0], np.int64)
    bad = np.zeros(reverse.shape[0], np.int64)
    for k in range(parts):
        met = draws[0, k] < chance
        spoilt = met & (draws[1, k] < p_bad)
        good += (met & ~spoilt).astype(np.int64)
        bad += spoilt.astype(np.int64)
    keep_room = repeated_keep(np.repeat(terms.good_keep, sizes), good) * np.repeat(
        terms.room_events, sizes
    )
    keep_trust = repeated_keep(np.repeat(terms.bad_keep, sizes), bad) * np.repeat(
        terms.trust_events, sizes
    )
    meetings = good + bad
    # at most one meeting per sub-interval: the share of the step with a meeting
    contacted = meetings.astype(np.float64) / parts
    trust = trust_rules.update_trust(
        ties[0].astype(np.float64),
        np.repeat(terms.baseline, sizes),
        keep_room,
        keep_trust,
        np.repeat(terms.conflict, sizes),
        contacted,
        rates,
        on,
    )
    known = repeated_keep(np.repeat(terms.known_keep, sizes), meetings)
    acquaintance = contact_rules.update_acquaintance(
        ties[1].astype(np.float64), known, contacted, rates
    )
    return trust, acquaintance, meetings.astype(np.float64), bad.astype(np.float64)


#: The elementwise rules the loop applies to one tie's numbers (they take scalars as
#: well as the arrays their annotations name).
_contact_chance: Any = contact_rules.contact_chance
_update_trust: Any = trust_rules.update_trust
_update_acquaintance: Any = contact_rules.update_acquaintance


@compiled
def tie_update_loop(  # noqa: PLR0913, PLR0917 - layout, terms, state, draws, rates
    layout: Layout,
    reach: FloatArray,
    terms: PairTerms,
    ties: tuple[Float32Array, Float32Array],
    draws: FloatArray,
    rates: Any,
    on: FloatArray,
) -> TieUpdate:
    """The tie update, tie by tie (the ``numba`` engine's form).

    The same arithmetic as :func:`tie_update_numpy`, element by element, with the
    same rules applied to each tie's numbers: one pass over the ties instead of
    dozens. ``rates`` are the trust rates per pair as a record array (a tie's are
    its pair's). Tested equal to the array form, bit for bit.
    """
    sizes, src, reverse, offsets = (
        layout.sizes,
        layout.src,
        layout.reverse,
        layout.offsets,
    )
    parts = draws.shape[1]
    n = reverse.shape[0]
    trust = np.empty(n)
    acquaintance = np.empty(n)
    meetings = np.empty(n)
    spoilt_meetings = np.empty(n)
    for p in range(sizes.shape[0]):
        own = rates[p]
        chance_p, active_p, p_bad = terms.chance[p], terms.active[p], terms.p_bad[p]
        for i in range(offsets[p], offsets[p + 1]):
            chance = (
                _contact_chance(chance_p, reach[src[i]] * reach[src[reverse[i]]])
                * active_p
            )
            good = 0
            bad = 0
            for k in range(parts):
                if draws[0, k, i] < chance:
                    if draws[1, k, i] < p_bad:
                        bad += 1
                    else:
                        good += 1
            keep_room = keep_power(terms.good_keep[p], good) * terms.room_events[p]
            keep_trust = keep_power(terms.bad_keep[p], bad) * terms.trust_events[p]
            met = good + bad
            contacted = float(met) / parts
            trust[i] = _update_trust(
                float(ties[0][i]),
                terms.baseline[p],
                keep_room,
                keep_trust,
                terms.conflict[p],
                contacted,
                own,
                on,
            )
            known = keep_power(terms.known_keep[p], met)
            acquaintance[i] = _update_acquaintance(
                float(ties[1][i]), known, contacted, own
            )
            meetings[i] = met
            spoilt_meetings[i] = bad
    return trust, acquaintance, meetings, spoilt_meetings


def tie_core(  # noqa: PLR0913, PLR0917 - the phase's state, context, events, rates
    layout: Layout,
    orgs: OrgArrays,
    profs: ProfArrays,
    pairs: PairArrays,
    ctx: PairContext,
    events: tuple[Acts, Episodes, FloatArray],
    ties: tuple[Float32Array, Float32Array],
    draws: FloatArray,
    t: float,
    rates: TieRates,
    on: FloatArray,
    records: Any = None,
) -> TieUpdate:
    """Meetings, then tie trust and acquaintance. Core of :func:`run`.

    ``events`` are the step's acts, conflict episodes and each pair's share of
    central figures in post; ``ties`` tie trust and acquaintance (as stored,
    float32); ``draws`` (shape (2, parts, n_ties)) the meeting and badness uniforms
    of each sub-interval, the same for a tie and its reverse (meetings are mutual).
    The tie update runs as a loop under the ``numba`` engine and as arrays under
    ``numpy`` (:func:`tie_update_loop`, :func:`tie_update_numpy`); ``records`` are
    the trust rates per pair as a record array for the loop (built if not given).

    Returns (trust', acquaintance', meetings per tie, bad meetings per tie).
    """
    contact_prof, contact_pair, trust_pair, trust_tie = rates
    reach, terms = pair_terms(
        layout,
        orgs,
        profs,
        pairs,
        ctx,
        events,
        draws.shape[1],
        t,
        (contact_prof, contact_pair, trust_pair),
        on,
    )
    if engine_name() == "numba":
        if records is None:
            fields: Any = trust_pair
            dtype = [(name, np.float64) for name in fields._fields]
            records = np.rec.fromarrays(list(fields), dtype=dtype)
        return tie_update_loop(layout, reach, terms, ties, draws, records, on)
    return tie_update_numpy(layout, reach, terms, ties, draws, trust_tie, on)


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
        (ties.trust, ties.acquaintance),
        draws,
        float(state.t),
        rates,
        state.params.on,
        state.rates.records(Level.PAIR, "trust"),
    )
    ties.trust[:] = trust
    ties.acquaintance[:] = acquaintance
    per_tie = ties.pair_mean(meetings) / state.dt  # meetings per tie per week
    record = state.pairs.contact_rate
    memory = state.at(Level.PAIR, "progress").memory
    record += memory * (per_tie - record)
    offsets = state.runs.offsets[Level.TIE]
    return segment_sum(meetings, offsets), segment_sum(bad, offsets)
