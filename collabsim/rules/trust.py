"""Pure rules of tie trust: interaction quality, bad contacts and the trust update.

Every rule takes arrays, the packed rates of its group (a NamedTuple read by field
name, see :meth:`collabsim.scenario.fields.Spec.packed`) and the packed mechanism
switches ``on`` (read as ``on[Link.<mechanism>]``), draws no random numbers and
returns new arrays. A switch multiplies its causal link's term by 1 or 0 (theory
§B(iv); ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import TrustRates

__all__ = [
    "interaction_quality",
    "negative_interaction_probability",
    "update_trust",
]


@compiled
def interaction_quality(
    relational: FloatArray,
    technical: FloatArray,
    leader_vulnerability: FloatArray,
    rates: TrustRates,
    on: FloatArray,
) -> FloatArray:
    """Return the quality q⁺ of a positive contact (may exceed 1; α·q⁺ is capped).

    q⁺ = (q₀ + r_boost·relational + t_boost·technical) · (1 + l_boost·(v − ½))

    References:
        theory.md §C6 Metz (relational vs technical acts); P3 Table 1; RC-9; SF20.
    """
    quality: FloatArray = np.maximum(
        (
            rates.positive_quality
            + on[Link.relational_strategies_build_trust]
            * rates.relational_boost
            * relational
            + on[Link.technical_strategies_build_trust]
            * rates.technical_boost
            * technical
        )
        * (
            1.0
            + on[Link.leadership_builds_trust]
            * rates.leader_boost
            * (leader_vulnerability - 0.5)
        ),
        0.0,
    )
    return quality


@compiled
def negative_interaction_probability(
    cultural_distance: FloatArray, rates: TrustRates, on: FloatArray
) -> FloatArray:
    """Return the chance that a contact goes badly (q⁻ event).

    References:
        theory.md §C4 q⁻; IPT-15 cultural compatibility.
    """
    return clip01_core(
        rates.negative_rate
        + on[Link.cultural_mismatch_spoils_contact]
        * (rates.cultural_negative_weight * cultural_distance)
    )


@compiled
def update_trust(  # noqa: PLR0913, PLR0917 - the terms of the §C4 trust equation
    trust: FloatArray,
    baseline: FloatArray,
    positive: FloatArray,
    negative: FloatArray,
    conflict: FloatArray,
    contact: FloatArray,
    rates: TrustRates,
    on: FloatArray,
) -> FloatArray:
    """Return tie trust after one step.

    trust' = trust + min(α·q⁺, 1)·(1 − trust) − min(β·q⁻, 1)·trust
             − γ·conflict·trust − δ·(1 − contact)·(trust − base), clipped to [0, 1].

    Gains are slow and proportional to the room left; losses are sharp and
    proportional to what can be lost (negativity asymmetry, β ≫ α).

    Args:
        trust: Current trust per directed tie, in [0, 1] (float64).
        baseline: Trust the tie drifts to without contact, in [0, 1].
        positive: Quality of positive contact and events (q⁺ ≥ 0).
        negative: Quality of negative contact and events (q⁻ ≥ 0).
        conflict: Conflict of the tie's organisation pair, in [0, 1].
        contact: 1 where the two professionals met this step, else 0.
        rates: Trust rates (packed).
        on: Mechanism switches (packed; index with ``Link``).

    Returns:
        A new array in [0, 1].

    References:
        theory.md §C4 Trust (tie); RF-2; IPT-14, IPT-17, IPT-18, IPT-20; SF8.
    """
    # one expression: Numba fuses it into one loop, with no per-tie temporaries
    return clip01_core(
        trust
        + np.minimum(rates.gain * positive, 1.0) * (1.0 - trust)  # gained
        - np.minimum(rates.loss * negative, 1.0) * trust  # lost
        - on[Link.conflict_erodes_trust] * rates.conflict_erosion * conflict * trust
        - on[Link.trust_decays_without_contact]
        * (rates.decay * (1.0 - contact) * (trust - baseline))  # drift
    )
