"""Pure rules of the professionals' COM-B triple, commitment and resilience.

Capability, opportunity and motivation (COM-B) each move towards a target set by
their own sources (theory §A3, §C6 Metz): capability by technical strategies and
training, opportunity by protected time, motivation by shared vision and faith;
trusting relationships raise all three. Commitment follows mean COM-B and sets each
professional's share of joint work; a failed joint act costs the professionals who
did it commitment, which resilience protects and helps recover.

References:
    docs/theory.md §A3, §C6 Metz; P3 (COM-B, commitment, resilience); SF18.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled, repeated_keep
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import CombRates

__all__ = ["comb_targets", "update_comb"]

#: COM-B state of professionals: (capability, opportunity, motivation, commitment,
#: resilience), each an array with one value per professional.
Comb = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]

#: Drivers of the COM-B targets, per professional: technical strategies, expertise
#: available (innovation support), protected time, shared vision, faith of the
#: professional's organisation and the professional's mean tie trust.
Drivers = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]


@compiled
def comb_targets(
    drivers: Drivers, rates: CombRates, on: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return the capability, opportunity and motivation each professional tends to.

    C* = c₀ + t·technical + e·expertise;  O* = o₀ + p·protected_time;
    M* = m₀ + v·vision + f·faith; each + w·(trust − ½) (trusting relationships).

    References:
        docs/theory.md P3 theory of change; §C6 Metz; SF18.
    """
    technical, expertise, protected_time, vision, faith, trust = drivers
    trusting = on[Link.trust_builds_comb] * rates.trust_weight * (trust - 0.5)
    capability = rates.capability_base + on[
        Link.technical_strategies_build_capability
    ] * (rates.technical_capability * technical + rates.training_capability * expertise)
    opportunity = (
        rates.opportunity_base
        + on[Link.protected_time_builds_opportunity]
        * rates.time_opportunity
        * protected_time
    )
    motivation = rates.motivation_base + on[Link.vision_and_faith_build_motivation] * (
        rates.vision_motivation * vision + rates.faith_motivation * faith
    )
    return (
        clip01_core(capability + trusting),
        clip01_core(opportunity + trusting),
        clip01_core(motivation + trusting),
    )


@compiled
def update_comb(
    comb: Comb,
    targets: tuple[FloatArray, FloatArray, FloatArray],
    failures: FloatArray,
    rates: CombRates,
    on: FloatArray,
) -> Comb:
    """Return COM-B, commitment and resilience after one step.

    C, O, M move towards their targets; commitment towards mean COM-B, faster for
    resilient professionals; resilience towards commitment. Each failed joint act a
    professional did this step (``failures``) removes a share of their commitment
    that resilience protects.

    References:
        docs/theory.md P3 theory of change; §C6 Metz; SF18.
    """
    capability, opportunity, motivation, commitment, resilience = comb
    target_c, target_o, target_m = targets
    rate = rates.rate
    new_capability = clip01_core(capability + rate * (target_c - capability))
    new_opportunity = clip01_core(opportunity + rate * (target_o - opportunity))
    new_motivation = clip01_core(motivation + rate * (target_m - motivation))
    mean = (new_capability + new_opportunity + new_motivation) / 3.0
    building = on[Link.comb_builds_resilience]
    recovery = clip01_core(
        rates.commitment_rate
        * (
            1.0
            + on[Link.resilience_speeds_recovery]
            * rates.recovery_boost
            * (resilience - 0.5)
        )
    )
    shock = on[Link.failure_shocks_commitment] * rates.shock_loss * (1.0 - resilience)
    kept = repeated_keep(1.0 - shock, failures.astype(np.int64))
    # the step's failures fall, on average, in its middle: half the recovery before
    half = building * (1.0 - np.sqrt(1.0 - recovery))
    before = commitment + half * (mean - commitment)
    shocked = before * kept
    new_commitment = clip01_core(shocked + half * (mean - shocked))
    new_resilience = clip01_core(
        resilience + building * rates.resilience_rate * (new_commitment - resilience)
    )
    return (
        new_capability,
        new_opportunity,
        new_motivation,
        new_commitment,
        new_resilience,
    )
