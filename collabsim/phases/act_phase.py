"""Phase 2-3: trust aggregation, confidence, risk threshold and joint acts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from collabsim import behaviour, contexts, gate
from collabsim.fields import BoolArray, FloatArray, IntArray, clip01

if TYPE_CHECKING:
    from collabsim.model import CollaborationModel, PairContext

__all__ = ["Acts", "empty_stats", "obligation_level", "run", "summarise", "update_gate"]


@dataclass(frozen=True, slots=True)
class Acts:
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


def _pressure(model: CollaborationModel) -> FloatArray:
    orgs, a, b = model.orgs, model.ties.pair_src, model.ties.pair_dst
    competing = clip01(orgs.competition + orgs.resisting)
    return contexts.external_pressure(
        orgs.financial_slack[a],
        orgs.regulatory_pressure[a],
        competing[a],
        orgs.regulatory_pressure[b],
    )


def obligation_level(model: CollaborationModel, ctx: PairContext) -> FloatArray:
    """Confidence that the obligations in force justify, per directed pair."""
    leader = model.orgs.prof_start[model.ties.pair_dst]
    return gate.confidence_target(
        ctx.contract,
        ctx.accountability,
        ctx.mandate,
        model.profs.persuasiveness[leader],
        rates=model.spec.dynamics.confidence,
        switches=model.switches,
    )


def update_gate(model: CollaborationModel, ctx: PairContext) -> FloatArray:
    """Aggregate trust, move confidence, derive the threshold; return pressure."""
    dyn, pairs, ties = model.spec.dynamics, model.pairs, model.ties
    weighted = ties.trust * model._prof_weight[ties.src]
    pairs.trust = ties.pair_sum(weighted) / model._pair_weight
    target = obligation_level(model, ctx)
    pairs.confidence = gate.update_confidence(
        pairs.confidence,
        target,
        pairs.breaches,
        ctx.accountability,
        rates=dyn.confidence,
        switches=model.switches,
    )
    pressure = _pressure(model)
    pairs.threshold = gate.risk_threshold(
        pairs.trust,
        pairs.confidence,
        pressure,
        weights=dyn.threshold,
        switches=model.switches,
    )
    return pressure


def run(model: CollaborationModel, ctx: PairContext) -> Acts:
    """Choose and resolve this step's joint acts (theory §C4 Behaviour; RF-6..RF-8)."""
    pressure = update_gate(model, ctx)
    dyn, pairs, ties, sw = model.spec.dynamics, model.pairs, model.ties, model.switches
    rates = dyn.behaviour
    active = np.flatnonzero(ctx.active > 0)
    pair = np.repeat(active, rates.acts_per_step)
    u = model.rng.random((7, len(pair)))
    ambition = contexts.effective_ambition(
        ctx.ambition[pair], pairs.trust[pair], rates=rates, switches=sw
    )
    early = (model.t - ctx.started_at[pair]) < rates.quick_win_steps
    risk = behaviour.act_risk(
        u[0], ambition, early & (ctx.quick_wins[pair] > 0), rates=rates
    )
    counts = np.diff(ties.offsets)[pair]
    tie = ties.offsets[pair] + np.minimum((u[1] * counts).astype(np.int64), counts - 1)
    frontline = u[2] < rates.frontline_share
    own = gate.risk_threshold(
        ties.trust[tie].astype(np.float64),
        pairs.confidence[pair],
        pressure[pair],
        weights=dyn.threshold,
        switches=sw,
    )
    collaborative, carried = behaviour.choose_acts(
        risk,
        pairs.threshold[pair],
        np.where(frontline, own, np.nan),
        model.orgs.faith[ties.pair_src[pair]],
        (u[3], u[4]),
        rates=rates,
        switches=sw,
    )
    comb = model.profs.comb
    capability = (
        np.bincount(model.profs.org, weights=comb.capability) / model.orgs.prof_count
    )
    success, failure, quick, value = behaviour.act_outcomes(
        collaborative,
        risk,
        capability[ties.pair_src[pair]],
        u[5],
        early,
        rates=rates,
        switches=sw,
    )
    kind = np.minimum((u[6] * 6).astype(np.int64), 5)
    np.add.at(
        model.partnerships_state.effectiveness, (pairs.partnership[pair], kind), value
    )
    n = ties.n_pairs

    def tally(mask: BoolArray) -> FloatArray:
        return cast("FloatArray", np.bincount(pair, weights=mask, minlength=n))

    return Acts(
        pair,
        risk,
        collaborative,
        carried,
        success,
        failure,
        quick,
        tally(collaborative),
        tally(~collaborative),
        tally(failure),
        tally(quick),
        cast("FloatArray", np.bincount(pair, failure * (0.5 + risk), minlength=n)),
    )


def empty_stats() -> dict[str, float]:
    """Step statistics before the first step."""
    return dict.fromkeys(
        (
            "acts",
            "collaborative",
            "low_acts",
            "low_collab",
            "high_acts",
            "high_collab",
            "carried",
            "failures",
            "quick_wins",
            "episodes",
            "turnover",
            "collab_risk",
        ),
        0.0,
    )


def summarise(
    acts: Acts, episodes: BoolArray, *, n_leavers: int, low_risk_cutoff: float
) -> dict[str, float]:
    """Per-step tallies that observed metrics read (rates need the counts).

    Acts are split into low- and high-risk at the same cutoff that lets faith carry
    an act in :func:`collabsim.behaviour.choose_acts` (theory SF3).
    """
    low = acts.risk <= low_risk_cutoff
    collab = acts.collaborative
    return {
        "acts": float(len(acts.pair)),
        "collaborative": float(collab.sum()),
        "low_acts": float(low.sum()),
        "low_collab": float((collab & low).sum()),
        "high_acts": float((~low).sum()),
        "high_collab": float((collab & ~low).sum()),
        "carried": float(acts.carried.sum()),
        "failures": float(acts.failure.sum()),
        "quick_wins": float(acts.quick.sum()),
        "episodes": float(episodes.sum()),
        "turnover": float(n_leavers),
        "collab_risk": float(acts.risk[collab].mean())
        if collab.any()
        else float("nan"),
    }
