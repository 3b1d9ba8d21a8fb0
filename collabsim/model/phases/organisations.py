"""Phase 6: perceived progress, faith, COM-B, co-production, records and turnover.

:func:`run` is the glue: it draws the turnover uniforms, hands the arrays to one
compiled core (:func:`org_core`) and writes the results back; co-producing
partnerships get their EAA cycle from a second core (:func:`coproduce_core`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from collabsim.arrays import FloatArray, IntArray
from collabsim.model.draws import Stream, draw
from collabsim.model.entities import Layout, OrgArrays, PairArrays, ProfArrays
from collabsim.model.phases.acts import Acts
from collabsim.model.runs import Level
from collabsim.model.runstate import PairContext, RunState
from collabsim.rules import comb as comb_rules
from collabsim.rules import contact as contact_rules
from collabsim.rules import perception
from collabsim.rules.coproduction import Eaa, update_coproduction
from collabsim.rules.engine import (
    clip01_core,
    compiled,
    group_max,
    group_mean,
    group_sum,
    ratio,
)
from collabsim.scenario.rates import (
    CombRates,
    CoProductionRates,
    FaithRates,
    ProgressRates,
)

__all__ = ["CoProductionLevers", "coproduce_core", "org_core", "run"]

#: Per-organisation context: evaluation, role clarity, ambition, turnover hazard,
#: technical strategies, innovation support, protected time, shared vision.
_CONTEXT = 8


@compiled
def _org_contexts(pair_src: IntArray, n: int, ctx: PairContext) -> FloatArray:
    """The organisations' context, as rows (see ``_CONTEXT``), from active pairs.

    Evaluation and turnover are the highest of the organisation's partnerships, the
    rest means weighted by ``active`` (their common denominator summed once).
    """
    active = ctx.active
    norm = group_sum(pair_src, active, n)
    out = np.empty((_CONTEXT, n))
    out[0] = group_max(pair_src, ctx.evaluation * active, n)
    out[3] = group_max(pair_src, ctx.turnover_rate * active, n)
    levers = (
        ctx.role_clarity,
        ctx.ambition,
        ctx.technical,
        ctx.innovation_support,
        ctx.protected_time,
        ctx.shared_vision,
    )
    rows = (1, 2, 4, 5, 6, 7)
    for k in range(len(rows)):
        out[rows[k]] = ratio(group_sum(pair_src, levers[k] * active, n), norm, 0.5)
    return out


@compiled
def _strains(
    layout: Layout,
    orgs: OrgArrays,
    profs: ProfArrays,
    present: FloatArray,
    active: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Internal conflict (spread of commitment) and share of partners' posts vacant.

    Partners count only through active partnerships (0 without any).
    """
    prof_count = orgs.prof_count
    n, c = prof_count.shape[0], profs.commitment
    mean = np.bincount(profs.org, c, n) / prof_count
    spread = np.bincount(profs.org, c * c, n) / prof_count - mean * mean
    internal = clip01_core(2.0 * np.sqrt(np.maximum(spread, 0.0)))
    vacant = 1.0 - np.bincount(profs.org, present, n) / prof_count
    src = layout.pair_src
    absent = ratio(
        group_sum(src, vacant[layout.pair_dst] * active, n),
        group_sum(src, active, n),
        0.0,
    )
    return internal, absent


@compiled
def org_core(  # noqa: PLR0913, PLR0917 - the phase's state, context, events, rates
    layout: Layout,
    orgs: OrgArrays,
    profs: ProfArrays,
    pair_trust: FloatArray,
    ctx: PairContext,
    acts: Acts,
    tie_trust: FloatArray,
    t: float,
    draws: FloatArray,
    rates: tuple[ProgressRates, FaithRates, CombRates],
    on: FloatArray,
) -> tuple[
    FloatArray,
    FloatArray,
    FloatArray,
    tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray],
    IntArray,
]:
    """The phase's arithmetic: new (signal, progress, faith, COM-B) and the leavers.

    ``tie_trust`` is per tie (float64); ``draws`` are the turnover uniforms, one per
    professional; ``rates`` the progress and faith rates per organisation and the
    COM-B rates per professional.
    """
    progress_rates, faith_rates, comb_rates = rates
    pair_src = layout.pair_src
    n = orgs.signal.shape[0]
    actor = pair_src[acts.pair]
    tried = group_sum(actor, acts.staffed.astype(np.float64), n)
    achieved = group_sum(actor, acts.value, n)
    context = _org_contexts(pair_src, n, ctx)
    evaluated, clarity, aim, hazard = context[0], context[1], context[2], context[3]
    per_act = np.where(tried > 0, ratio(achieved, tried, 0.0), orgs.signal)
    signal = perception.update_signal(orgs.signal, per_act, progress_rates)
    observed = perception.observed_progress(signal, aim, progress_rates)
    present = contact_rules.presence(profs.vacant_until, t)
    strains = _strains(layout, orgs, profs, present, ctx.active)
    target = perception.progress_target(
        observed,
        evaluated,
        clarity,
        orgs.flexibility,
        strains,
        aim,
        progress_rates,
        on,
    )
    leaving = (draws < hazard[profs.org]) & (present > 0)
    turnover = np.bincount(profs.org, leaving.astype(np.float64), n)
    progress = perception.update_progress(
        orgs.progress, target, turnover / orgs.prof_count, progress_rates, on
    )
    trust = group_mean(pair_src, pair_trust, n, np.maximum(ctx.active, 1e-9))
    leader = orgs.prof_start
    # a leader in post for part of the step leads for that part (neutral otherwise)
    styled = 0.5 * (profs.persuasiveness[leader] + profs.enthusiasm[leader])
    leadership = present[leader] * styled + (1.0 - present[leader]) * 0.5
    faith = perception.update_faith(
        orgs.faith, progress, trust, leadership, faith_rates, on
    )
    n_prof = layout.prof_out.shape[0]
    own_trust = ratio(
        group_sum(layout.src.astype(np.int64), tie_trust, n_prof),
        layout.prof_out.astype(np.float64),
        0.5,
    )
    org = profs.org
    drivers = (
        context[4][org],
        context[5][org],
        context[6][org],
        context[7][org],
        faith[org],
        own_trust,
    )
    targets = comb_rules.comb_targets(drivers, comb_rates, on)
    comb = (
        profs.capability,
        profs.opportunity,
        profs.motivation,
        profs.commitment,
        profs.resilience,
    )
    new_comb = comb_rules.update_comb(comb, targets, acts.failures, comb_rates, on)
    return signal, progress, faith, new_comb, np.flatnonzero(leaving)


@compiled
def _records(pairs: PairArrays, acts: Acts, memory: FloatArray) -> FloatArray:
    """Running share of each pair's acts that were competitive (observed)."""
    share = ratio(acts.n_competitive, acts.n_acts, 0.0)
    seen = acts.n_acts > 0
    record = pairs.competitive_share
    return np.where(seen, record + memory * (share - record), record)


def run(state: RunState, ctx: PairContext, acts: Acts) -> IntArray:
    """Update organisations and professionals; return the professionals who leave.

    References:
        docs/theory.md §C4 PoP and Faith; IPT-6..IPT-12; RF-5; P3 COM-B; P5 EAA;
        IPT-10.
    """
    orgs, profs, params = state.orgs, state.profs, state.params
    draws = draw(state.runs, Level.PROF, state.t, Stream.TURNOVER)[0]
    signal, progress, faith, comb, leavers = org_core(
        state.layout,
        orgs,
        profs,
        state.pairs.trust,
        ctx,
        acts,
        state.ties.trust.astype(np.float64),
        float(state.t),
        draws,
        (
            state.at(Level.ORG, "progress"),
            state.at(Level.ORG, "faith"),
            state.at(Level.PROF, "comb"),
        ),
        params.on,
    )
    orgs.signal[:] = signal
    orgs.progress[:] = progress
    orgs.faith[:] = faith
    for values, new in zip(profs.comb, comb, strict=True):
        values[:] = new
    state.pairs.competitive_share[:] = _records(
        state.pairs, acts, state.at(Level.PAIR, "progress").memory
    )
    if state.fixed(_coproducing):
        _coproduce(state)
    return leavers


def _coproducing(state: RunState) -> bool:
    return bool(state.partnerships.coproducing().any())


class CoProductionLevers(NamedTuple):
    """Co-production levers per partnership (theory P5)."""

    enabled: FloatArray
    intentions: FloatArray
    assets: FloatArray
    dialogue: FloatArray
    divergent_views: FloatArray
    documentation: FloatArray
    interpretation: FloatArray


def _levers(state: RunState) -> CoProductionLevers:
    arrays = state.partnerships
    return CoProductionLevers(
        *(arrays.nested("co_production", name) for name in CoProductionLevers._fields)
    )


@compiled
def coproduce_core(  # noqa: PLR0913, PLR0917 - EAA state, levers, rates
    partnership: IntArray,
    pair_trust: FloatArray,
    active: FloatArray,
    eaa: Eaa,
    levers: CoProductionLevers,
    draws: tuple[FloatArray, FloatArray],
    parts: FloatArray,
    rates: CoProductionRates,
    on: FloatArray,
) -> Eaa:
    """New co-production state of the co-producing partnerships.

    Every array is per partnership row, the inactive row included (it never moves);
    co-producing partnerships (``enabled``) that are active move, the others keep
    their values. ``parts`` are each row's sub-intervals (draws beyond them are 1).
    """
    n = active.shape[0]
    moving = levers.enabled * active
    idx = np.where(partnership < 0, n - 1, partnership)
    trust = group_mean(idx, pair_trust, n, np.ones(idx.shape[0]))
    conditions = (
        levers.intentions,
        levers.assets,
        levers.dialogue,
        levers.divergent_views,
        levers.documentation,
        levers.interpretation,
    )
    new = update_coproduction(eaa, conditions, trust, draws, parts, rates, on)
    return Eaa(
        np.where(moving > 0, new[0], eaa[0]),
        np.where(moving > 0, new[1], eaa[1]),
        np.where(moving > 0, new[2], eaa[2]),
        np.where(moving > 0, new[3], eaa[3]),
    )


def _coproduce(state: RunState) -> None:
    """One EAA cycle for active partnerships that co-produce (theory P5)."""
    arrays = state.partnerships
    rates = state.at(Level.PARTNERSHIP, "coproduction")
    busiest = np.maximum(rates.session_rate, rates.reflection_rate)
    parts = np.maximum(1.0, np.ceil(busiest))
    runs, t = state.runs, state.t
    draws = np.ones((2, int(parts.max()), len(arrays.active)))
    for k in range(draws.shape[1]):
        uniforms = draw(runs, Level.PARTNERSHIP, t, Stream.SESSION, part=k)
        draws[:, k] = np.where(k < parts, uniforms, 1.0)
    eaa = Eaa(
        arrays.engagement, arrays.alignment, arrays.understanding, arrays.agreement
    )
    new = coproduce_core(
        state.pairs.partnership,
        state.pairs.trust,
        arrays.active,
        eaa,
        state.fixed(_levers),
        (draws[0], draws[1]),
        parts,
        rates,
        state.params.on,
    )
    for values, moved in zip(eaa, new, strict=True):
        values[:] = moved
