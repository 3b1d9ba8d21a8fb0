"""Phase 6: perception of progress, faith, COM-B, co-production and turnover draws."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from collabsim import measures, perception
from collabsim.fields import FloatArray, IntArray, clip01

if TYPE_CHECKING:
    from collabsim.model import CollaborationModel, PairContext
    from collabsim.phases.act_phase import Acts

__all__ = ["run"]


def _mean_by(
    index: IntArray, values: FloatArray, n: int, weights: FloatArray
) -> FloatArray:
    total = np.bincount(index, weights=values * weights, minlength=n)
    norm = np.bincount(index, weights=weights, minlength=n)
    mean: FloatArray = np.divide(total, norm, out=np.full(n, 0.5), where=norm > 0)
    return mean


def _org_contexts(
    model: CollaborationModel, ctx: PairContext
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Evaluation, role clarity, ambition and turnover hazard per organisation."""
    n, a = len(model.orgs.ids), model.ties.pair_src
    evaluation = np.zeros(n)
    np.maximum.at(evaluation, a, ctx.evaluation * ctx.active)
    hazard = np.zeros(n)
    np.maximum.at(hazard, a, ctx.turnover_rate * ctx.active)
    clarity = _mean_by(a, ctx.role_clarity, n, ctx.active)
    ambition = _mean_by(a, ctx.ambition, n, ctx.active)
    return evaluation, clarity, ambition, hazard


def _strains(
    model: CollaborationModel, present: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Internal conflict (spread of commitment) and share of partners' posts vacant."""
    orgs, profs, ties = model.orgs, model.profs, model.ties
    n, count = len(orgs.ids), orgs.prof_count
    c = profs.comb.commitment
    mean = np.bincount(profs.org, weights=c, minlength=n) / count
    spread = np.bincount(profs.org, weights=c * c, minlength=n) / count - mean**2
    internal = clip01(2.0 * np.sqrt(np.maximum(spread, 0.0)))
    vacant = 1.0 - np.bincount(profs.org, weights=present, minlength=n) / count
    absent = _mean_by(ties.pair_src, vacant[ties.pair_dst], n, np.ones(ties.n_pairs))
    return internal, absent


def run(model: CollaborationModel, ctx: PairContext, acts: Acts) -> IntArray:
    """Update organisations and professionals; return the professionals who leave.

    References:
        theory.md §C4 PoP and Faith; IPT-6..IPT-12; RF-5; P3 COM-B; P5 EAA; IPT-10.
    """
    dyn, orgs, profs, ties, pairs, sw = (
        model.spec.dynamics,
        model.orgs,
        model.profs,
        model.ties,
        model.pairs,
        model.switches,
    )
    n, actor = len(orgs.ids), ties.pair_src[acts.pair]
    tried = np.bincount(actor, minlength=n).astype(np.float64)
    won = np.bincount(actor, weights=acts.success.astype(np.float64), minlength=n)
    evaluation, clarity, ambition, hazard = _org_contexts(model, ctx)
    share = np.divide(won, tried, out=np.zeros(n), where=tried > 0)
    observed = np.where(
        tried > 0,
        perception.observed_progress(share, ambition, rates=dyn.progress),
        orgs.signal,
    )
    orgs.signal = perception.update_signal(orgs.signal, observed, rates=dyn.progress)
    present = (profs.vacant_until < model.t).astype(np.float64)
    target = perception.progress_target(
        orgs.signal,
        evaluation,
        clarity,
        orgs.flexibility,
        _strains(model, present),
        ambition,
        rates=dyn.progress,
        switches=sw,
    )
    leaving = (model.rng.random(len(profs.org)) < hazard[profs.org]) & (present > 0)
    turnover = np.bincount(profs.org, weights=leaving.astype(np.float64), minlength=n)
    orgs.progress = perception.update_progress(
        orgs.progress,
        target,
        turnover / orgs.prof_count,
        rates=dyn.progress,
        switches=sw,
    )
    trust = _mean_by(ties.pair_src, pairs.trust, n, np.maximum(ctx.active, 1e-9))
    leader = orgs.prof_start
    leadership = np.where(
        present[leader] > 0,
        0.5 * (profs.persuasiveness[leader] + profs.enthusiasm[leader]),
        0.5,
    )
    orgs.faith = perception.update_faith(
        orgs.faith, orgs.progress, trust, leadership, rates=dyn.faith, switches=sw
    )
    n_out = model._prof_out
    own_trust = np.divide(
        np.bincount(ties.src, weights=ties.trust, minlength=len(n_out)),
        n_out,
        out=np.full(len(n_out), 0.5),
        where=n_out > 0,
    )
    failed = np.bincount(actor, weights=acts.failure.astype(np.float64), minlength=n)
    failed_share = np.divide(failed, tried, out=np.zeros(n), where=tried > 0)
    profs.comb = measures.update_comb(
        profs.comb, own_trust, failed_share[profs.org], rates=dyn.comb, switches=sw
    )
    _coproduce(model)
    return np.flatnonzero(leaving)


def _coproduce(model: CollaborationModel) -> None:
    """One EAA cycle for active partnerships that co-produce (theory P5)."""
    state = model.partnerships_state
    specs = state.specs
    if not any(p.co_production.enabled for p in specs):
        return
    k = len(specs)
    on = np.array([float(p.co_production.enabled) for p in specs]) * state.active[:k]
    idx = np.where(model.pairs.partnership < 0, k, model.pairs.partnership)
    trust = _mean_by(idx, model.pairs.trust, k + 1, np.ones(len(idx)))[:k]

    def lever(name: str) -> FloatArray:
        return np.array([getattr(p.co_production, name) for p in specs])

    new = measures.update_coproduction(
        (state.engagement[:k], state.alignment[:k], state.agreement[:k]),
        (lever("intentions"), lever("assets"), lever("dialogue")),
        lever("documentation"),
        lever("interpretation"),
        trust,
        rates=model.spec.dynamics.coproduction,
        switches=model.switches,
    )
    for arr, value in zip(
        (state.engagement, state.alignment, state.agreement), new, strict=True
    ):
        arr[:k] = np.where(on > 0, value, arr[:k])
