"""Pure update rules for contact between professionals and the trust of their ties.

Every function takes arrays and frozen rates, draws no random numbers, touches no
Mesa object and returns new arrays (inputs are never modified). Mechanism switches
multiply each causal link's term by 1 or 0 (theory §B(iv); see ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.fields import FloatArray, TieValues, clip01
from collabsim.mechanisms import MechanismSwitches
from collabsim.rates import ContactRates, TrustRates

__all__ = [
    "contact_chance",
    "contact_probability",
    "contact_propensity",
    "interaction_quality",
    "negative_interaction_probability",
    "update_acquaintance",
    "update_trust",
]


def contact_probability(  # noqa: PLR0913 - one argument per context lever of §C5
    connectivity: FloatArray,
    distance: FloatArray,
    protected_time: FloatArray,
    access: FloatArray,
    central_figure: FloatArray,
    *,
    rates: ContactRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the chance that two tied professionals meet this step.

    p = base · (1 + (connectivity − ½)) · (1 − d_pen·distance) · (1 + t_boost·time)
        · (1 + cf_boost·central_figure) · access

    Args:
        connectivity: Shared venues of the pair's partnership, in [0, 1].
        distance: Geographical distance, in [0, 1].
        protected_time: Protected time for relationship work, in [0, 1].
        access: Venue access of the two professionals' roles (0 for vacant posts).
        central_figure: 1 while an active central figure convenes, else 0.
        rates: Contact rates.
        switches: Active mechanisms.

    Returns:
        Probabilities in [0, 1].

    References:
        theory.md §C3 Interaction; §C5 distance, connectivity, time_budget; P2; P4.
    """
    propensity = contact_propensity(
        connectivity,
        distance,
        protected_time,
        central_figure,
        rates=rates,
        switches=switches,
    )
    return contact_chance(propensity, access)


def contact_propensity(
    connectivity: FloatArray,
    distance: FloatArray,
    protected_time: FloatArray,
    central_figure: FloatArray,
    *,
    rates: ContactRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the pair-level factor of :func:`contact_probability` (before access).

    base · (1 + (connectivity − ½)) · (1 − d_pen·distance) · (1 + t_boost·time)
    · (1 + cf_boost·central_figure): the levers are per partnership, so this is
    computed once per organisation pair and broadcast to the pair's ties.

    References:
        theory.md §C3 Interaction; §C5 distance, connectivity, time_budget; P2; P4.
    """
    conn = 1.0 + switches.on("connectivity_raises_contact") * (connectivity - 0.5)
    dist = (
        1.0
        - switches.on("distance_reduces_contact") * rates.distance_penalty * distance
    )
    time = 1.0 + switches.on("protected_time_raises_contact") * (
        rates.protected_time_boost * protected_time
    )
    figure = 1.0 + switches.on("central_figure_sustains_contact") * (
        rates.central_figure_boost * central_figure
    )
    propensity: FloatArray = rates.base_rate * conn * dist * time * figure
    return propensity


def contact_chance(propensity: FloatArray, access: FloatArray) -> FloatArray:
    """Return min(max(propensity · access, 0), 1): the tie-level contact chance."""
    chance: FloatArray = np.minimum(np.maximum(propensity * access, 0.0), 1.0)
    return chance


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
    base = (
        rates.positive_quality
        + switches.on("relational_strategies_build_trust")
        * rates.relational_boost
        * relational
        + switches.on("technical_strategies_build_trust")
        * rates.technical_boost
        * technical
    )
    leader = 1.0 + switches.on("leadership_builds_trust") * rates.leader_boost * (
        leader_vulnerability - 0.5
    )
    return np.maximum(base * leader, 0.0)


def negative_interaction_probability(
    cultural_distance: FloatArray, *, rates: TrustRates, switches: MechanismSwitches
) -> FloatArray:
    """Return the chance that a contact goes badly (q⁻ event).

    References:
        theory.md §C4 q⁻; IPT-15 cultural compatibility.
    """
    cultural = switches.on("cultural_mismatch_spoils_contact") * (
        rates.cultural_negative_weight * cultural_distance
    )
    return clip01(rates.negative_rate + cultural)


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
        trust: Current trust per directed tie, in [0, 1].
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
    gained = np.minimum(rates.gain * positive, 1.0) * (1.0 - trust)
    lost = np.minimum(rates.loss * negative, 1.0) * trust
    eroded = (
        switches.on("conflict_erodes_trust") * rates.conflict_erosion * conflict * trust
    )
    drift = switches.on("trust_decays_without_contact") * (
        rates.decay * (1.0 - contact) * (trust - baseline)
    )
    return clip01(trust + gained - lost - eroded - drift)


def update_acquaintance(
    acquaintance: TieValues, contact: FloatArray, *, rates: TrustRates
) -> FloatArray:
    """Return mutual acquaintance after one step (theory P2-D acquaintanceship)."""
    gained = rates.acquaintance_gain * contact * (1.0 - acquaintance)
    lost = rates.acquaintance_decay * (1.0 - contact) * acquaintance
    return clip01(acquaintance + gained - lost)
