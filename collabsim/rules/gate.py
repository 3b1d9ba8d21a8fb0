"""Pure rules for the risk gate: confidence from obligations, and the risk threshold.

Every rule takes arrays, the packed rates of its group (a NamedTuple read by field
name, see :meth:`collabsim.scenario.fields.Spec.packed`) and the packed mechanism
switches ``on`` (read as ``on[Link.<mechanism>]``), draws no random numbers and
returns new arrays. A switch multiplies its causal link's term by 1 or 0 (theory
§B(iv); ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray, IntArray
from collabsim.rules.engine import clip01_core, compiled, segment_sum
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import ConfidenceRates, ThresholdWeights, TrustRates

__all__ = [
    "confidence_target",
    "pair_trust",
    "risk_threshold",
    "update_confidence",
]


@compiled
def confidence_target(
    contract_strength: FloatArray,
    accountability: FloatArray,
    mandated: FloatArray,
    partner_persuasiveness: FloatArray,
    rates: ConfidenceRates,
    on: FloatArray,
) -> FloatArray:
    """Return the confidence that obligations in force justify.

    c_contract = w_c·strength·(floor + (1 − floor)·accountability)
    c_mandate = m·mandated
    target = 1 − (1 − c_contract)·(1 − c_mandate) + l·(persuasiveness − ½)

    Contract and mandate combine by noisy-OR: each obligation is a separate reason
    to expect the partner to act, so a contract inside a mandate adds confidence.
    Accountability acts through the contract's enforcement, so without a contract it
    adds nothing. Confidence needs no trust.

    References:
        docs/theory.md §B(i) confidence; RC-1; IPT-5, IPT-13, IPT-22; RC-9.
    """
    floor = rates.enforcement_floor
    enforcement = floor + (1.0 - floor) * accountability
    contract = on[Link.contracts_build_confidence] * (
        rates.contract_weight * contract_strength * enforcement
    )
    mandate = on[Link.mandate_builds_confidence] * rates.mandate_level * mandated
    leader = (
        on[Link.leadership_builds_confidence]
        * rates.leader_boost
        * (partner_persuasiveness - 0.5)
    )
    obliged = 1.0 - (1.0 - contract) * (1.0 - mandate)
    return clip01_core(obliged + np.where(obliged > 0.0, leader, 0.0))


@compiled
def update_confidence(
    confidence: FloatArray,
    target: FloatArray,
    breaches: FloatArray,
    accountability: FloatArray,
    rates: ConfidenceRates,
    on: FloatArray,
) -> FloatArray:
    """Return confidence after a step: a fast move to the target, minus breaches.

    References:
        docs/theory.md §B(i) (fast step on contract/mandate events; erodes on breaches).
    """
    breach = on[Link.breaches_lower_confidence] * (
        rates.breach_penalty * breaches * (1.0 - accountability)
    )
    moved = confidence + rates.rate * (target - confidence) - breach
    return clip01_core(moved)


@compiled
def risk_threshold(
    trust: FloatArray,
    confidence: FloatArray,
    pressure: FloatArray,
    weights: ThresholdWeights,
    on: FloatArray,
) -> FloatArray:
    """Return the risk an organisation accepts with a partner.

    θ = (1 − (1 − w_T·trust)·(1 − w_C·confidence))·(1 − w_P·pressure)

    Trust and confidence are two routes to the same gate: either can open it, and
    together they substitute rather than add (theory "collide" reading, DR-e).

    References:
        docs/theory.md §B(ii); §C4 Risk threshold; RF-3, RF-4; RC-7; SF1, SF2.
    """
    via_trust = on[Link.trust_raises_threshold] * weights.trust_weight * trust
    via_confidence = on[Link.confidence_raises_threshold] * (
        weights.confidence_weight * confidence
    )
    opened = 1.0 - (1.0 - via_trust) * (1.0 - via_confidence)
    closed = on[Link.pressure_lowers_threshold] * weights.pressure_weight * pressure
    return clip01_core(opened * (1.0 - closed))


@compiled
def pair_trust(  # noqa: PLR0913, PLR0917 - ties, their layout, the pair context
    trust: FloatArray,
    tie_weight: FloatArray,
    offsets: IntArray,
    pair_weight: FloatArray,
    cross_sector: FloatArray,
    rates: TrustRates,
    on: FloatArray,
) -> FloatArray:
    """Trust of each directed organisation pair, from its professionals' ties.

    The weighted mean of the pair's tie trust (``offsets``: CSR layout; summed in
    NumPy's pairwise order in both engines), less the share that latent distrust of
    the organisational context withholds across sectors: an organisation's trust is
    lower than its acquainted professionals' (theory P4).

    References:
        docs/theory.md §C4 Organisation trust; P4 latent distrust; SF10, SF11.
    """
    mean = segment_sum(trust * tie_weight, offsets) / pair_weight
    withheld = on[Link.latent_distrust] * rates.organisational_distrust * cross_sector
    trusted: FloatArray = mean * (1.0 - withheld)
    return trusted
