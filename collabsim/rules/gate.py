"""Pure rules for the risk gate: confidence from obligations, and the risk threshold.

Every function takes arrays and frozen rates, draws no random numbers, touches no
Mesa object and returns new arrays (inputs are never modified). Mechanism switches
multiply each causal link's term by 1 or 0 (theory §B(iv); see ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray, IntArray
from collabsim.rules.engine import clip01_core, compiled, segment_sum
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import ConfidenceRates, ThresholdWeights

__all__ = [
    "confidence_target",
    "confidence_target_core",
    "pair_trust_core",
    "risk_threshold",
    "risk_threshold_core",
    "update_confidence",
    "update_confidence_core",
]


def confidence_target(
    contract_strength: FloatArray,
    accountability: FloatArray,
    mandated: FloatArray,
    partner_persuasiveness: FloatArray,
    *,
    rates: ConfidenceRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the confidence that obligations in force justify.

    target = max(w_c·strength·(floor + (1 − floor)·accountability), m·mandated)
             + l·(persuasiveness − ½)

    Confidence needs no trust: it comes from contracts and mandates only.

    References:
        theory.md §B(i) confidence; RC-1; IPT-5, IPT-22; RC-9.
    """
    return confidence_target_core(
        contract_strength,
        accountability,
        mandated,
        partner_persuasiveness,
        rates.contract_weight,
        rates.mandate_level,
        rates.enforcement_floor,
        rates.leader_boost,
        switches.on("contracts_build_confidence"),
        switches.on("mandate_builds_confidence"),
        switches.on("leadership_builds_confidence"),
    )


@compiled
def confidence_target_core(  # noqa: PLR0913, PLR0917 - the obligations, rates and switches
    contract_strength: FloatArray,
    accountability: FloatArray,
    mandated: FloatArray,
    partner_persuasiveness: FloatArray,
    contract_weight: float,
    mandate_level: float,
    enforcement_floor: float,
    leader_boost: float,
    sw_contracts: float,
    sw_mandate: float,
    sw_leader: float,
) -> FloatArray:
    """Confidence that obligations justify. Core of :func:`confidence_target`."""
    enforcement = enforcement_floor + (1.0 - enforcement_floor) * accountability
    contract = sw_contracts * (contract_weight * contract_strength * enforcement)
    mandate = sw_mandate * mandate_level * mandated
    leader = sw_leader * leader_boost * (partner_persuasiveness - 0.5)
    obliged = np.maximum(contract, mandate)
    return clip01_core(obliged + np.where(obliged > 0.0, leader, 0.0))


def update_confidence(
    confidence: FloatArray,
    target: FloatArray,
    breaches: FloatArray,
    accountability: FloatArray,
    *,
    rates: ConfidenceRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return confidence after a step: a fast move to the target, minus breaches.

    References:
        theory.md §B(i) (fast step on contract/mandate events; erodes on breaches).
    """
    return update_confidence_core(
        confidence,
        target,
        breaches,
        accountability,
        rates.rate,
        rates.breach_penalty,
        switches.on("breaches_lower_confidence"),
    )


@compiled
def update_confidence_core(  # noqa: PLR0913, PLR0917 - the state, its drivers and rates
    confidence: FloatArray,
    target: FloatArray,
    breaches: FloatArray,
    accountability: FloatArray,
    rate: float,
    breach_penalty: float,
    sw_breaches: float,
) -> FloatArray:
    """Confidence after a step. Core of :func:`update_confidence`."""
    breach = sw_breaches * (breach_penalty * breaches * (1.0 - accountability))
    moved = confidence + rate * (target - confidence) - breach
    return clip01_core(moved)


def risk_threshold(
    trust: FloatArray,
    confidence: FloatArray,
    pressure: FloatArray,
    *,
    weights: ThresholdWeights,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the risk an organisation accepts with a partner.

    θ = (1 − (1 − w_T·trust)·(1 − w_C·confidence))·(1 − w_P·pressure)

    Trust and confidence are two routes to the same gate: either can open it, and
    together they substitute rather than add (theory "collide" reading, DR-e).

    References:
        theory.md §B(ii); §C4 Risk threshold; RF-3, RF-4; RC-7; SF1, SF2.
    """
    return risk_threshold_core(
        trust,
        confidence,
        pressure,
        weights.trust_weight,
        weights.confidence_weight,
        weights.pressure_weight,
        switches.on("trust_raises_threshold"),
        switches.on("confidence_raises_threshold"),
        switches.on("pressure_lowers_threshold"),
    )


@compiled
def risk_threshold_core(  # noqa: PLR0913, PLR0917 - three routes, their weights and switches
    trust: FloatArray,
    confidence: FloatArray,
    pressure: FloatArray,
    trust_weight: float,
    confidence_weight: float,
    pressure_weight: float,
    sw_trust: float,
    sw_confidence: float,
    sw_pressure: float,
) -> FloatArray:
    """The risk an organisation accepts. Core of :func:`risk_threshold`."""
    via_trust = sw_trust * trust_weight * trust
    via_confidence = sw_confidence * (confidence_weight * confidence)
    opened = 1.0 - (1.0 - via_trust) * (1.0 - via_confidence)
    closed = sw_pressure * pressure_weight * pressure
    return clip01_core(opened * (1.0 - closed))


# --- organisation-pair trust from ties, summed in NumPy's order ----------------------


@compiled
def pair_trust_core(
    trust: FloatArray,
    tie_weight: FloatArray,
    offsets: IntArray,
    pair_weight: FloatArray,
) -> FloatArray:
    """Weighted mean trust of each directed pair's ties (``offsets``: CSR layout).

    Summed as ``np.add.reduceat`` sums (NumPy's pairwise order) in both engines.
    """
    return segment_sum(trust * tie_weight, offsets) / pair_weight
