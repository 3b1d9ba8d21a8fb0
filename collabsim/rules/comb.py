"""Pure rules of the professionals' COM-B triple, commitment and resilience.

References:
    theory.md §A3, §C6 Metz; P3 (COM-B, commitment, resilience).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import CombRates

__all__ = ["Comb", "update_comb", "update_comb_core"]


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
