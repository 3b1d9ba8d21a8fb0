"""Pure rules of co-production: engagement, alignment and agreement (EAA).

References:
    theory.md §A5, §C6 Masterson; P5 (EAA framework).
"""

from __future__ import annotations

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import CoProductionRates

__all__ = ["coproduction_effects", "update_coproduction"]

#: Three arrays, one value per partnership each.
Triple = tuple[FloatArray, FloatArray, FloatArray]


@compiled
def update_coproduction(  # noqa: PLR0913, PLR0917 - the EAA state and its mechanisms
    state: Triple,
    drivers: Triple,
    documentation: FloatArray,
    interpretation: FloatArray,
    trust: FloatArray,
    rates: CoProductionRates,
    on: FloatArray,
) -> Triple:
    """Return (engagement, alignment, agreement) after one co-production cycle.

    Engagement ← intentions·assets; alignment ← dialogue (enabled by trust and
    engagement) *and* documentation; agreement ← interpretation of an aligned
    record. Each outcome needs the previous one, so they are reached in order, and
    each decays slowly without reinforcement (the process is iterative). ``state``
    is (engagement, alignment, agreement) and ``drivers`` (intentions, assets,
    dialogue), per partnership.

    References:
        theory.md §A5, §C6 Masterson; P5 EAA framework.
    """
    engagement, alignment, agreement = state
    intentions, assets, dialogue = drivers
    records = on[Link.documentation_enables_alignment]
    recorded = records * documentation + (1.0 - records)
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
        clip01_core(new_engagement * keep),
        clip01_core(new_alignment * keep),
        clip01_core(new_agreement * keep),
    )


@compiled
def coproduction_effects(
    shared_vision: FloatArray,
    role_clarity: FloatArray,
    alignment: FloatArray,
    agreement: FloatArray,
    rates: CoProductionRates,
    on: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Return (shared vision, role clarity) raised by co-production outcomes.

    vision' = vision + v·agreement; clarity' = clarity + r·alignment (clipped).

    References:
        theory.md §C6 Masterson ("agreement can feed shared_vision; alignment can
        feed role_clarity").
    """
    on = on[Link.agreement_feeds_vision]
    vision = clip01_core(shared_vision + on * rates.vision_weight * agreement)
    clarity = clip01_core(role_clarity + on * rates.role_weight * alignment)
    return vision, clarity
