"""Pure update rules for contact, trust, conflict, confidence and the risk threshold.

Every function takes arrays and frozen rates, draws no random numbers, touches no
Mesa object and returns new arrays (inputs are never modified). Mechanism switches
multiply each causal link's term by 1 or 0 (theory §B(iv); see ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.fields import FloatArray, TieValues, clip01
from collabsim.mechanisms import MechanismSwitches
from collabsim.rates import (
    ConfidenceRates,
    ConflictRates,
    ContactRates,
    ThresholdWeights,
    TrustRates,
)

__all__ = [
    "confidence_target",
    "conflict_pressure",
    "contact_chance",
    "contact_probability",
    "contact_propensity",
    "interaction_quality",
    "negative_interaction_probability",
    "resolve_conflict",
    "risk_threshold",
    "update_acquaintance",
    "update_confidence",
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


def conflict_pressure(  # noqa: PLR0913 - one argument per conflict driver of §C2
    cultural_distance: FloatArray,
    competition: FloatArray,
    asymmetry: FloatArray,
    progress: FloatArray,
    shared_vision: FloatArray,
    accountability: FloatArray,
    *,
    rates: ConflictRates,
    switches: MechanismSwitches,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (episode chance, episode severity, conflict per task failure).

    p = r₀·(1 + c·cd + k·comp + a·asym⁺ + s·(1 − progress))·(1 − v·vision)
    severity = e·(1 − acc·accountability); failure conflict = f·(1 − acc·accountability)

    References:
        theory.md §C2 conflict_AB; RF-1; IPT-13..IPT-18; SF6, SF9, SF10, SF13.
    """
    drivers = (
        1.0
        + switches.on("cultural_mismatch_breeds_conflict")
        * rates.cultural
        * cultural_distance
        + switches.on("competition_breeds_conflict") * rates.competition * competition
        + switches.on("power_asymmetry_breeds_conflict")
        * rates.asymmetry
        * np.maximum(asymmetry, 0.0)
        + switches.on("slow_progress_breeds_conflict")
        * rates.slow_progress
        * (1.0 - progress)
    )
    damping = 1.0 - switches.on("shared_vision_reduces_conflict") * (
        rates.vision_damping * shared_vision
    )
    chance = clip01(rates.episode_rate * drivers * damping)
    held = 1.0 - switches.on("accountability_reduces_conflict") * (
        rates.accountability_damping * accountability
    )
    severity = rates.episode_severity * held
    failure = switches.on("task_failure_breeds_conflict") * rates.task_failure * held
    return chance, severity, failure


def resolve_conflict(
    conflict: FloatArray,
    added: FloatArray,
    episode: FloatArray,
    constructive: FloatArray,
    *,
    rates: ConflictRates,
    switches: MechanismSwitches,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (conflict', repair quality, damage quality) after resolution.

    Conflict rises by ``added`` (episodes, failures, competitive acts) and is then
    resolved at the constructive or destructive rate. Constructive resolution
    repairs trust in proportion to the conflict resolved this step; a destructively
    handled episode damages trust sharply (and, in the model, faith and progress).

    Args:
        conflict: Conflict per pair, in [0, 1].
        added: Conflict added this step, ≥ 0.
        episode: 1 where a conflict episode occurred this step.
        constructive: 1 for constructive resolution style, 0 for destructive.
        rates: Conflict rates.
        switches: Active mechanisms.

    References:
        theory.md RF-1, RF-2; IPT-19, IPT-20; SF6.
    """
    on = switches.on("resolution_style_decides_recovery")
    raised = clip01(conflict + added * (1.0 - conflict))
    neutral = 0.5 * (rates.constructive_resolution + rates.destructive_resolution)
    styled = np.where(
        constructive > 0.5, rates.constructive_resolution, rates.destructive_resolution
    )
    rate = on * styled + (1.0 - on) * neutral
    resolved = rate * raised
    # repair comes from conflict worked through, so more conflict never nets more trust
    repair = on * constructive * rates.constructive_repair * resolved
    damage = on * (1.0 - constructive) * rates.destructive_damage * episode
    return clip01(raised - resolved), repair, damage


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
