"""Pure rules of the professionals' COM-B triple, commitment and resilience.

References:
    theory.md §A3, §C6 Metz; P3 (COM-B, commitment, resilience).
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import CombRates

__all__ = ["update_comb"]

#: COM-B state of professionals: (capability, opportunity, motivation, commitment,
#: resilience), each an array with one value per professional.
Comb = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]


@compiled
def update_comb(
    comb: Comb,
    tie_trust: FloatArray,
    failures: FloatArray,
    rates: CombRates,
    on: FloatArray,
) -> Comb:
    """Return COM-B, commitment and resilience after one step.

    C, O, M move towards the professional's mean tie trust; commitment towards
    mean COM-B; resilience towards commitment. A task failure removes a share of
    commitment that resilience protects.

    References:
        theory.md P3 theory of change; §C6 Metz; SF18.
    """
    capability, opportunity, motivation, commitment, resilience = comb
    trusting = on[Link.trust_builds_comb]
    building = on[Link.comb_builds_resilience]
    rate = rates.rate
    target = trusting * tie_trust + (1.0 - trusting) * 0.5
    new_capability = clip01_core(capability + rate * (target - capability))
    new_opportunity = clip01_core(opportunity + rate * (target - opportunity))
    new_motivation = clip01_core(motivation + rate * (target - motivation))
    mean = (new_capability + new_opportunity + new_motivation) / 3.0
    shock = rates.shock_loss * (1.0 - resilience) * np.minimum(failures, 1.0)
    new_commitment = clip01_core(
        commitment
        + building * rates.commitment_rate * (mean - commitment)
        - shock * commitment
    )
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
