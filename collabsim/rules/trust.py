"""Pure rules of tie trust: interaction quality, bad contacts and the trust update.

Every function takes arrays and frozen rates, draws no random numbers, touches no
Mesa object and returns new arrays (inputs are never modified). Mechanism switches
multiply each causal link's term by 1 or 0 (theory §B(iv); see ``MECHANISMS``).
Tie state is computed in float64.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray, TieValues
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import TrustRates

__all__ = [
    "interaction_quality",
    "interaction_quality_core",
    "negative_interaction_probability",
    "negative_interaction_probability_core",
    "update_trust",
    "update_trust_core",
]


@compiled
def interaction_quality_core(  # noqa: PLR0913, PLR0917 - arrays, rates, switches
    relational: FloatArray,
    technical: FloatArray,
    leader_vulnerability: FloatArray,
    positive_quality: float,
    relational_boost: float,
    technical_boost: float,
    leader_boost: float,
    sw_relational: float,
    sw_technical: float,
    sw_leader: float,
) -> FloatArray:
    """Return the quality q⁺ of a positive contact.

    Core of :func:`interaction_quality`.
    """
    return np.maximum(
        (
            positive_quality
            + sw_relational * relational_boost * relational
            + sw_technical * technical_boost * technical
        )
        * (1.0 + sw_leader * leader_boost * (leader_vulnerability - 0.5)),
        0.0,
    )


def interaction_quality(
    relational: FloatArray,
    technical: FloatArray,
    leader_vulnerability: FloatArray,
    *,
    rates: TrustRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the quality q⁺ of a positive contact (may exceed 1; α·q⁺ is capped).

    q⁺ = (q₀ + r_boost·relational + t_boost·technical) · (1 + l_boost·(v − ½))

    References:
        theory.md §C6 Metz (relational vs technical acts); P3 Table 1; RC-9; SF20.
    """
    return interaction_quality_core(
        relational,
        technical,
        leader_vulnerability,
        rates.positive_quality,
        rates.relational_boost,
        rates.technical_boost,
        rates.leader_boost,
        switches.on("relational_strategies_build_trust"),
        switches.on("technical_strategies_build_trust"),
        switches.on("leadership_builds_trust"),
    )


@compiled
def negative_interaction_probability_core(
    cultural_distance: FloatArray,
    negative_rate: float,
    cultural_negative_weight: float,
    sw_cultural: float,
) -> FloatArray:
    """Return the chance that a contact goes badly.

    Core of :func:`negative_interaction_probability`.
    """
    return clip01_core(
        negative_rate + sw_cultural * (cultural_negative_weight * cultural_distance)
    )


def negative_interaction_probability(
    cultural_distance: FloatArray, *, rates: TrustRates, switches: MechanismSwitches
) -> FloatArray:
    """Return the chance that a contact goes badly (q⁻ event).

    References:
        theory.md §C4 q⁻; IPT-15 cultural compatibility.
    """
    return negative_interaction_probability_core(
        cultural_distance,
        rates.negative_rate,
        rates.cultural_negative_weight,
        switches.on("cultural_mismatch_spoils_contact"),
    )


@compiled
def update_trust_core(  # noqa: PLR0913, PLR0917 - arrays, rates, switches
    trust: FloatArray,
    baseline: FloatArray,
    positive: FloatArray,
    negative: FloatArray,
    conflict: FloatArray,
    contact: FloatArray,
    gain: float,
    loss: float,
    conflict_erosion: float,
    decay: float,
    sw_conflict: float,
    sw_decay: float,
) -> FloatArray:
    """Return tie trust after one step.

    Core of :func:`update_trust`.
    """
    # one expression: Numba fuses it into one loop, with no per-tie temporaries
    return clip01_core(
        trust
        + np.minimum(gain * positive, 1.0) * (1.0 - trust)  # gained
        - np.minimum(loss * negative, 1.0) * trust  # lost
        - sw_conflict * conflict_erosion * conflict * trust  # eroded by conflict
        - sw_decay * (decay * (1.0 - contact) * (trust - baseline))  # drift
    )


def update_trust(  # noqa: PLR0913 - the terms of the §C4 trust equation
    trust: TieValues,
    baseline: FloatArray,
    positive: FloatArray,
    negative: FloatArray,
    conflict: FloatArray,
    contact: FloatArray,
    *,
    rates: TrustRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return tie trust after one step.

    trust' = trust + min(α·q⁺, 1)·(1 − trust) − min(β·q⁻, 1)·trust
             − γ·conflict·trust − δ·(1 − contact)·(trust − base), clipped to [0, 1].

    Gains are slow and proportional to the room left; losses are sharp and
    proportional to what can be lost (negativity asymmetry, β ≫ α).

    Args:
        trust: Current trust per directed tie, in [0, 1] (float32 is computed in
            float64).
        baseline: Trust the tie drifts to without contact, in [0, 1].
        positive: Quality of positive contact and events (q⁺ ≥ 0).
        negative: Quality of negative contact and events (q⁻ ≥ 0).
        conflict: Conflict of the tie's organisation pair, in [0, 1].
        contact: 1 where the two professionals met this step, else 0.
        rates: Trust rates.
        switches: Active mechanisms.

    Returns:
        A new array in [0, 1].

    References:
        theory.md §C4 Trust (tie); RF-2; IPT-14, IPT-17, IPT-18, IPT-20; SF8.
    """
    return update_trust_core(
        np.asarray(trust, dtype=np.float64),
        baseline,
        positive,
        negative,
        conflict,
        contact,
        rates.gain,
        rates.loss,
        rates.conflict_erosion,
        rates.decay,
        switches.on("conflict_erodes_trust"),
        switches.on("trust_decays_without_contact"),
    )
