"""Rates of co-production: engagement, alignment, agreement (theory P5).

No paper gives rates (theory.md §C7): each default below is a modelling assumption [M],
documented with its range so that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, packed_type, param

__all__ = ["CoProductionRates", "CoProductionParams"]


class CoProductionRates(Spec):
    """Engagement, alignment and agreement (theory §C6 Masterson; P5 EAA)."""

    engagement_rate: float = param(
        0.08,
        ge=0,
        le=1,
        unit="per step",
        theory="P5 intentions + assets",
        description="Engagement gained per step from intentions and assets.",
    )
    alignment_rate: float = param(
        0.06,
        ge=0,
        le=1,
        unit="per step",
        theory="P5 dialogue + documentation",
        description="Alignment gained per step from dialogue and documentation.",
    )
    agreement_rate: float = param(
        0.05,
        ge=0,
        le=1,
        unit="per step",
        theory="P5 interpretation + understanding",
        description="Agreement gained per step from interpretation of aligned records.",
    )
    decay: float = param(
        0.01,
        ge=0,
        le=1,
        unit="per step",
        theory="P5 iterative [M]",
        description="Share of each outcome lost per step without reinforcement.",
    )
    vision_weight: float = param(
        0.4,
        ge=0,
        le=1,
        unit="vision",
        theory="§C6 agreement feeds shared vision",
        description="Shared vision added at full agreement.",
    )
    role_weight: float = param(
        0.3,
        ge=0,
        le=1,
        unit="clarity",
        theory="§C6 alignment feeds role clarity",
        description="Role clarity added at full alignment.",
    )


#: CoProductionRates packed for the numeric cores (:meth:`Spec.packed`).
CoProductionParams = packed_type(CoProductionRates, "CoProductionParams")
