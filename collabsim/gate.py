"""Pure rules for the risk gate: confidence from obligations, and the risk threshold.

Every function takes arrays and frozen rates, draws no random numbers, touches no
Mesa object and returns new arrays (inputs are never modified). Mechanism switches
multiply each causal link's term by 1 or 0 (theory §B(iv); see ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.fields import FloatArray, clip01
from collabsim.mechanisms import MechanismSwitches
from collabsim.rates import ConfidenceRates, ThresholdWeights

__all__ = ["confidence_target", "risk_threshold", "update_confidence"]


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
    enforcement = (
        rates.enforcement_floor + (1.0 - rates.enforcement_floor) * accountability
    )
    contract = switches.on("contracts_build_confidence") * (
        rates.contract_weight * contract_strength * enforcement
    )
    mandate = switches.on("mandate_builds_confidence") * rates.mandate_level * mandated
    leader = (
        switches.on("leadership_builds_confidence")
        * rates.leader_boost
        * (partner_persuasiveness - 0.5)
    )
    obliged = np.maximum(contract, mandate)
    target: FloatArray = clip01(obliged + np.where(obliged > 0.0, leader, 0.0))
    return target


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
    breach = switches.on("breaches_lower_confidence") * (
        rates.breach_penalty * breaches * (1.0 - accountability)
    )
    moved = confidence + rates.rate * (target - confidence) - breach
    return clip01(moved)


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
    via_trust = switches.on("trust_raises_threshold") * weights.trust_weight * trust
    via_confidence = switches.on("confidence_raises_threshold") * (
        weights.confidence_weight * confidence
    )
    opened = 1.0 - (1.0 - via_trust) * (1.0 - via_confidence)
    closed = (
        switches.on("pressure_lowers_threshold") * weights.pressure_weight * pressure
    )
    return clip01(opened * (1.0 - closed))
