"""Measurement layers computed from model state: COM-B, co-production (EAA), D'Amour.

References:
    theory.md §C6 cross-walk; P2-D (10 indicators); P3 (COM-B); P5 (EAA).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.fields import FloatArray
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import CombRates, CoProductionRates

__all__ = [
    "DAMOUR_INDICATORS",
    "DAMOUR_LABELS",
    "Comb",
    "coproduction_effects",
    "coproduction_effects_core",
    "damour_level",
    "update_comb",
    "update_comb_core",
    "update_coproduction",
    "update_coproduction_core",
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
    return Comb(
        *update_comb_core(
            comb.capability,
            comb.opportunity,
            comb.motivation,
            comb.commitment,
            comb.resilience,
            tie_trust,
            failures,
            rates.rate,
            rates.shock_loss,
            rates.commitment_rate,
            rates.resilience_rate,
            switches.on("trust_builds_comb"),
            switches.on("comb_builds_resilience"),
        )
    )


@compiled
def update_comb_core(  # noqa: PLR0913, PLR0917 - state, drivers, rates
    capability: FloatArray,
    opportunity: FloatArray,
    motivation: FloatArray,
    commitment: FloatArray,
    resilience: FloatArray,
    tie_trust: FloatArray,
    failures: FloatArray,
    rate: float,
    shock_loss: float,
    commitment_rate: float,
    resilience_rate: float,
    sw_trusting: float,
    sw_building: float,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """COM-B, commitment and resilience after one step. Core of :func:`update_comb`.

    Returns (capability, opportunity, motivation, commitment, resilience).
    """
    target = sw_trusting * tie_trust + (1.0 - sw_trusting) * 0.5
    new_capability = clip01_core(capability + rate * (target - capability))
    new_opportunity = clip01_core(opportunity + rate * (target - opportunity))
    new_motivation = clip01_core(motivation + rate * (target - motivation))
    mean = (new_capability + new_opportunity + new_motivation) / 3.0
    shock = shock_loss * (1.0 - resilience) * np.minimum(failures, 1.0)
    new_commitment = clip01_core(
        commitment
        + sw_building * commitment_rate * (mean - commitment)
        - shock * commitment
    )
    new_resilience = clip01_core(
        resilience + sw_building * resilience_rate * (new_commitment - resilience)
    )
    return (
        new_capability,
        new_opportunity,
        new_motivation,
        new_commitment,
        new_resilience,
    )


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
    return update_coproduction_core(
        engagement,
        alignment,
        agreement,
        intentions,
        assets,
        dialogue,
        documentation,
        interpretation,
        trust,
        rates.engagement_rate,
        rates.alignment_rate,
        rates.agreement_rate,
        rates.decay,
        switches.on("documentation_enables_alignment"),
    )


@compiled
def update_coproduction_core(  # noqa: PLR0913, PLR0917 - state, drivers, rates
    engagement: FloatArray,
    alignment: FloatArray,
    agreement: FloatArray,
    intentions: FloatArray,
    assets: FloatArray,
    dialogue: FloatArray,
    documentation: FloatArray,
    interpretation: FloatArray,
    trust: FloatArray,
    engagement_rate: float,
    alignment_rate: float,
    agreement_rate: float,
    decay: float,
    sw_records: float,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """One co-production (EAA) cycle. Core of :func:`update_coproduction`."""
    recorded = sw_records * documentation + (1.0 - sw_records)
    talk = dialogue * engagement * trust
    new_engagement = engagement + engagement_rate * intentions * assets * (
        1 - engagement
    )
    new_alignment = alignment + alignment_rate * talk * recorded * (1 - alignment)
    new_agreement = agreement + agreement_rate * interpretation * alignment * (
        1 - agreement
    )
    keep = 1.0 - decay
    return (
        clip01_core(new_engagement * keep),
        clip01_core(new_alignment * keep),
        clip01_core(new_agreement * keep),
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
    return coproduction_effects_core(
        shared_vision,
        role_clarity,
        alignment,
        agreement,
        rates.vision_weight,
        rates.role_weight,
        switches.on("agreement_feeds_vision"),
    )


@compiled
def coproduction_effects_core(  # noqa: PLR0913, PLR0917 - levers, outcomes, rates
    shared_vision: FloatArray,
    role_clarity: FloatArray,
    alignment: FloatArray,
    agreement: FloatArray,
    vision_weight: float,
    role_weight: float,
    sw_on: float,
) -> tuple[FloatArray, FloatArray]:
    """Shared vision and role clarity raised by co-production outcomes.

    Core of :func:`coproduction_effects`.
    """
    vision = clip01_core(shared_vision + sw_on * vision_weight * agreement)
    clarity = clip01_core(role_clarity + sw_on * role_weight * alignment)
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
