"""Rates of professionals' COM-B, commitment and resilience (theory P3).

No paper gives rates (theory.md §C7): each default below is a modelling assumption [M],
documented with its range so that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, packed_type, param

__all__ = ["CombRates", "CombParams"]


class CombRates(Spec):
    """Professionals' COM-B, commitment and resilience (theory §C6 Metz; P3)."""

    rate: float = param(
        0.05,
        ge=0,
        le=1,
        unit="per step",
        theory="P3",
        description="Pull of capability, opportunity and motivation towards tie trust.",
    )
    commitment_rate: float = param(
        0.05,
        ge=0,
        le=1,
        unit="per step",
        theory="P3",
        description="Pull of commitment towards mean COM-B.",
    )
    resilience_rate: float = param(
        0.02,
        ge=0,
        le=1,
        unit="per step",
        theory="P3",
        description="Pull of resilience towards commitment.",
    )
    shock_loss: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="P3; SF18 [M]",
        description=(
            "Share of commitment lost to a task failure by a professional with no "
            "resilience."
        ),
    )


#: CombRates packed for the numeric cores (:meth:`Spec.packed`).
CombParams = packed_type(CombRates, "CombParams")
