"""Pure update rules for contact between professionals and the trust of their ties.

Every function takes arrays and frozen rates, draws no random numbers, touches no
Mesa object and returns new arrays (inputs are never modified). Mechanism switches
multiply each causal link's term by 1 or 0 (theory §B(iv); see ``MECHANISMS``).

Each public rule unpacks its rates and switches into plain floats and calls its
``*_core`` (compiled under the ``numba`` engine, see :mod:`collabsim.rules.engine`), which
the tie phase's core calls directly. Tie state is computed in float64.
"""

from __future__ import annotations

import numpy as np

from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.fields import FloatArray, TieValues
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import ContactRates, TrustRates

__all__ = [
    "contact_chance",
    "contact_chance_core",
    "contact_probability",
    "contact_propensity",
    "contact_propensity_core",
    "interaction_quality",
    "interaction_quality_core",
    "negative_interaction_probability",
    "negative_interaction_probability_core",
    "update_acquaintance",
    "update_acquaintance_core",
    "update_trust",
    "update_trust_core",
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


@compiled
def contact_propensity_core(  # noqa: PLR0913, PLR0917 - arrays, rates, switches
    connectivity: FloatArray,
    distance: FloatArray,
    protected_time: FloatArray,
    central_figure: FloatArray,
    base_rate: float,
    distance_penalty: float,
    protected_time_boost: float,
    central_figure_boost: float,
    sw_connectivity: float,
    sw_distance: float,
    sw_time: float,
    sw_figure: float,
) -> FloatArray:
    """Return the pair-level contact factor before access.

    Core of :func:`contact_propensity`.
    """
    propensity: FloatArray = (
        base_rate
        * (1.0 + sw_connectivity * (connectivity - 0.5))
        * (1.0 - sw_distance * distance_penalty * distance)
        * (1.0 + sw_time * (protected_time_boost * protected_time))
        * (1.0 + sw_figure * (central_figure_boost * central_figure))
    )
    return propensity


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
    return contact_propensity_core(
        connectivity,
        distance,
        protected_time,
        central_figure,
        rates.base_rate,
        rates.distance_penalty,
        rates.protected_time_boost,
        rates.central_figure_boost,
        switches.on("connectivity_raises_contact"),
        switches.on("distance_reduces_contact"),
        switches.on("protected_time_raises_contact"),
        switches.on("central_figure_sustains_contact"),
    )


@compiled
def contact_chance_core(propensity: FloatArray, access: FloatArray) -> FloatArray:
    """Return the tie-level contact chance.

    Core of :func:`contact_chance`.
    """
    return clip01_core(propensity * access)


def contact_chance(propensity: FloatArray, access: FloatArray) -> FloatArray:
    """Return min(max(propensity · access, 0), 1): the tie-level contact chance."""
    return contact_chance_core(propensity, access)


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


@compiled
def update_acquaintance_core(
    acquaintance: FloatArray,
    contact: FloatArray,
    acquaintance_gain: float,
    acquaintance_decay: float,
) -> FloatArray:
    """Return mutual acquaintance after one step.

    Core of :func:`update_acquaintance`.
    """
    return clip01_core(
        acquaintance
        + acquaintance_gain * contact * (1.0 - acquaintance)  # gained
        - acquaintance_decay * (1.0 - contact) * acquaintance  # lost
    )


def update_acquaintance(
    acquaintance: TieValues, contact: FloatArray, *, rates: TrustRates
) -> FloatArray:
    """Return mutual acquaintance after one step (theory P2-D acquaintanceship).

    Float32 acquaintance is computed in float64.
    """
    return update_acquaintance_core(
        np.asarray(acquaintance, dtype=np.float64),
        contact,
        rates.acquaintance_gain,
        rates.acquaintance_decay,
    )
