"""Pure rules of co-production: engagement, alignment and agreement (EAA).

References:
    theory.md §A5, §C6 Masterson; P5 (EAA framework).
"""

from __future__ import annotations

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import CoProductionRates

__all__ = [
    "coproduction_effects",
    "coproduction_effects_core",
    "update_coproduction",
    "update_coproduction_core",
]


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
