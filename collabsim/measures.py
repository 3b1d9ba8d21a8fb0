"""Measurement layers computed from model state: COM-B, co-production (EAA), D'Amour.

References:
    theory.md §C6 cross-walk; P2-D (10 indicators); P3 (COM-B); P5 (EAA).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collabsim.fields import FloatArray, clip01
from collabsim.mechanisms import MechanismSwitches
from collabsim.rates import CombRates, CoProductionRates

__all__ = [
    "DAMOUR_INDICATORS",
    "DAMOUR_LABELS",
    "Comb",
    "coproduction_effects",
    "damour_level",
    "update_comb",
    "update_coproduction",
]

#: The ten D'Amour indicators (P2-D), in the order of theory.md §A2.
DAMOUR_INDICATORS: tuple[str, ...] = (
    "goals",
    "client_orientation",
    "acquaintanceship",
    "trust",
    "centrality",
    "leadership",
    "innovation_support",
    "connectivity",
    "formalisation",
    "information_exchange",
)


@dataclass(frozen=True, slots=True)
class Comb:
    """Professionals' COM-B triple with commitment and resilience (arrays)."""

    capability: FloatArray
    opportunity: FloatArray
    motivation: FloatArray
    commitment: FloatArray
    resilience: FloatArray


def update_comb(
    comb: Comb,
    tie_trust: FloatArray,
    failures: FloatArray,
    *,
    rates: CombRates,
    switches: MechanismSwitches,
) -> Comb:
    """Return COM-B, commitment and resilience after one step.

    C, O, M move towards the professional's mean tie trust; commitment towards
    mean COM-B; resilience towards commitment. A task failure removes a share of
    commitment that resilience protects.

    Args:
        comb: Current state per professional.
        tie_trust: Mean trust of each professional's outgoing ties, in [0, 1].
        failures: Task failures each professional was party to this step (≥ 0).
        rates: COM-B rates.
        switches: Active mechanisms.

    References:
        theory.md P3 theory of change; §C6 Metz; SF18.
    """
    trusting = switches.on("trust_builds_comb")
    target = trusting * tie_trust + (1.0 - trusting) * 0.5

    def toward(value: FloatArray) -> FloatArray:
        return clip01(value + rates.rate * (target - value))

    capability = toward(comb.capability)
    opportunity = toward(comb.opportunity)
    motivation = toward(comb.motivation)
    building = switches.on("comb_builds_resilience")
    mean = (capability + opportunity + motivation) / 3.0
    shock = rates.shock_loss * (1.0 - comb.resilience) * np.minimum(failures, 1.0)
    commitment = clip01(
        comb.commitment
        + building * rates.commitment_rate * (mean - comb.commitment)
        - shock * comb.commitment
    )
    resilience = clip01(
        comb.resilience
        + building * rates.resilience_rate * (commitment - comb.resilience)
    )
    return Comb(capability, opportunity, motivation, commitment, resilience)


def update_coproduction(  # noqa: PLR0913 - the EAA state and its mechanisms
    state: tuple[FloatArray, FloatArray, FloatArray],
    drivers: tuple[FloatArray, FloatArray, FloatArray],
    documentation: FloatArray,
    interpretation: FloatArray,
    trust: FloatArray,
    *,
    rates: CoProductionRates,
    switches: MechanismSwitches,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return (engagement, alignment, agreement) after one co-production cycle.

    Engagement ← intentions·assets; alignment ← dialogue (enabled by trust and
    engagement) *and* documentation; agreement ← interpretation of an aligned
    record. Each outcome needs the previous one, so they are reached in order, and
    each decays slowly without reinforcement (the process is iterative).

    Args:
        state: Current (engagement, alignment, agreement) per partnership.
        drivers: (intentions, assets, dialogue) per partnership, in [0, 1].
        documentation: How far dialogue is recorded, in [0, 1].
        interpretation: Reflection on the records, in [0, 1].
        trust: Mean trust among the partnership's professionals, in [0, 1].
        rates: Co-production rates.
        switches: Active mechanisms.

    References:
        theory.md §A5, §C6 Masterson; P5 EAA framework.
    """
    engagement, alignment, agreement = state
    intentions, assets, dialogue = drivers
    needs_records = switches.on("documentation_enables_alignment")
    recorded = needs_records * documentation + (1.0 - needs_records)
    talk = dialogue * engagement * trust
    new_engagement = engagement + rates.engagement_rate * intentions * assets * (
        1 - engagement
    )
    new_alignment = alignment + rates.alignment_rate * talk * recorded * (1 - alignment)
    new_agreement = agreement + rates.agreement_rate * interpretation * alignment * (
        1 - agreement
    )
    keep = 1.0 - rates.decay
    return (
        clip01(new_engagement * keep),
        clip01(new_alignment * keep),
        clip01(new_agreement * keep),
    )


def coproduction_effects(
    shared_vision: FloatArray,
    role_clarity: FloatArray,
    alignment: FloatArray,
    agreement: FloatArray,
    *,
    rates: CoProductionRates,
    switches: MechanismSwitches,
) -> tuple[FloatArray, FloatArray]:
    """Return (shared vision, role clarity) raised by co-production outcomes.

    vision' = vision + v·agreement; clarity' = clarity + r·alignment (clipped).

    References:
        theory.md §C6 Masterson ("agreement can feed shared_vision; alignment can
        feed role_clarity").
    """
    on = switches.on("agreement_feeds_vision")
    vision = clip01(shared_vision + on * rates.vision_weight * agreement)
    clarity = clip01(role_clarity + on * rates.role_weight * alignment)
    return vision, clarity


#: Names of the D'Amour typology levels 1-3 (theory §A2; P2-D).
DAMOUR_LABELS: dict[int, str] = {1: "potential", 2: "developing", 3: "active"}


def damour_level(score: FloatArray) -> FloatArray:
    """Map indicator scores in [0, 1] to D'Amour levels 1 (potential) to 3 (active).

    References:
        theory.md §A2 typology; P2-D.
    """
    levels = 1.0 + (score >= 1.0 / 3.0) + (score >= 2.0 / 3.0)
    return np.asarray(levels, dtype=np.float64)
