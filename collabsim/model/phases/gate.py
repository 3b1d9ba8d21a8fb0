"""Phase 2: organisation trust, confidence, pressure and the risk threshold (the gate).

Organisation-pair trust aggregates the pair's tie trust; confidence moves towards
what the obligations in force justify; pressure and both routes set the risk
threshold the act phase (:mod:`.acts`) tests each act against.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.model.entities import Layout, OrgArrays, PairArrays, ProfArrays
from collabsim.model.runs import Level
from collabsim.model.runstate import PairContext, RunState
from collabsim.rules import contexts, gate
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.rates import ConfidenceRates, ThresholdWeights, TrustRates

__all__ = ["GateRates", "gate_core", "gate_rates", "update_gate"]

#: The gate's rates: (confidence rates, threshold weights, trust rates), packed.
GateRates = tuple[ConfidenceRates, ThresholdWeights, TrustRates]


def gate_rates(state: RunState) -> GateRates:
    """The gate's rates, per directed pair."""
    return (
        state.at(Level.PAIR, "confidence"),
        state.at(Level.PAIR, "threshold"),
        state.at(Level.PAIR, "trust"),
    )


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

    ``trust`` is per tie (float64); ``rates`` are per directed pair.
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
        gate_rates(state),
        state.params.on,
    )
    pairs.trust[:] = pair_trust
    pairs.confidence[:] = confidence
    pairs.threshold[:] = threshold
    return pressure
