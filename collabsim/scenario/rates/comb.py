"""Rates of professionals' COM-B, commitment and resilience (theory P3).

Capability, opportunity and motivation each have their own sources (theory §A3,
§C6 Metz): capability from technical strategies and training, opportunity from
protected time and access, motivation from shared vision and faith; trusting
relationships raise all three. No paper gives rates (docs/theory.md §C7): each
default below is a modelling assumption [M].
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, Time, packed_type, param

__all__ = ["CombParams", "CombRates"]


class CombRates(Spec):
    """COM-B, commitment and resilience of professionals (theory P3; SF18)."""

    rate: float = param(
        0.05,
        ge=0,
        le=1,
        unit="per week",
        theory="P3",
        description=(
            "Share of the gap to their targets that capability, opportunity and "
            "motivation close per week."
        ),
        time=Time.SHARE,
    )
    capability_base: float = param(
        0.4,
        ge=0,
        le=1,
        unit="capability",
        theory="P3 COM-B capability [M]",
        description=(
            "Capability of a professional with no technical support or training."
        ),
    )
    technical_capability: float = param(
        0.3,
        ge=0,
        le=1,
        unit="capability",
        theory="P3 technical strategies (showing expertise, co-learning)",
        description="Capability added at full use of technical strategies.",
    )
    training_capability: float = param(
        0.2,
        ge=0,
        le=1,
        unit="capability",
        theory="P2-D support for innovation; P3",
        description=(
            "Capability added at full expertise available (innovation support)."
        ),
    )
    opportunity_base: float = param(
        0.3,
        ge=0,
        le=1,
        unit="opportunity",
        theory="P3 COM-B opportunity [M]",
        description="Opportunity of a professional with no protected time.",
    )
    time_opportunity: float = param(
        0.5,
        ge=0,
        le=1,
        unit="opportunity",
        theory="P3; P4 time; §C5 time_budget",
        description="Opportunity added at full protected time for joint work.",
    )
    motivation_base: float = param(
        0.3,
        ge=0,
        le=1,
        unit="motivation",
        theory="P3 COM-B motivation [M]",
        description="Motivation with no shared vision and no faith.",
    )
    vision_motivation: float = param(
        0.3,
        ge=0,
        le=1,
        unit="motivation",
        theory="P3; IPT-16 shared vision",
        description="Motivation added at a fully shared vision.",
    )
    faith_motivation: float = param(
        0.4,
        ge=0,
        le=1,
        unit="motivation",
        theory="P3; RF-7 faith",
        description=(
            "Motivation added at full faith of the professional's organisation."
        ),
    )
    trust_weight: float = param(
        0.3,
        ge=0,
        le=1,
        unit="1",
        theory="P3 trusting relationships",
        description=(
            "Rise of each COM-B target per unit of the professional's tie trust "
            "above ½ (trusting relationships support all three)."
        ),
    )
    commitment_rate: float = param(
        0.05,
        ge=0,
        le=1,
        unit="per week",
        theory="P3",
        description="Pull of commitment towards mean COM-B per week.",
        time=Time.SHARE,
    )
    resilience_rate: float = param(
        0.02,
        ge=0,
        le=1,
        unit="per week",
        theory="P3",
        description="Pull of resilience towards commitment per week.",
        time=Time.SHARE,
    )
    shock_loss: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share per failure",
        theory="P3; SF18 [M]",
        description=(
            "Share of commitment a failed joint act costs the professionals who did "
            "it, when they have no resilience."
        ),
    )
    recovery_boost: float = param(
        1.0,
        ge=0,
        le=2,
        unit="1",
        theory="P3 resilience; SF18",
        description=(
            "Relative change in the speed of commitment's recovery per unit of "
            "resilience above ½ (resilient professionals return to joint work "
            "sooner)."
        ),
    )


#: CombRates packed for the numeric cores (:meth:`Spec.packed`).
CombParams = packed_type(CombRates, "CombParams")
