"""Rates of faith, professionals' COM-B and co-production.

No paper gives rates (theory.md §C7): each default below is a modelling assumption [M],
documented with its range so that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, param

__all__ = ["FaithRates", "CombRates", "CoProductionRates"]


class FaithRates(Spec):
    """Faith in the partnership (theory §C2 faith_A; RF-5, RF-7)."""

    progress_rate: float = param(
        0.08,
        ge=0,
        le=1,
        unit="per step",
        theory="RF-5; §C4 λ",
        description="λ: pull of faith towards perceived progress per step.",
    )
    trust_rate: float = param(
        0.03,
        ge=0,
        le=1,
        unit="per step",
        theory="IPT-19; IPT-20; §C4 μ",
        description="μ: pull of faith towards the organisation's trust per step.",
    )
    leader_rate: float = param(
        0.01,
        ge=0,
        le=1,
        unit="per step",
        theory="RC-9; NIHR alert",
        description="Faith added per step at full leader enthusiasm.",
    )
    destructive_loss: float = param(
        0.08,
        ge=0,
        le=1,
        unit="faith",
        theory="IPT-19; SF6",
        description=(
            "Faith and progress lost in a destructively handled conflict episode."
        ),
    )
    mandate_penalty: float = param(
        0.0,
        ge=-0.5,
        le=0.5,
        unit="faith",
        theory="§C7 mandate [R/M]",
        description=(
            "Faith lost when a mandate is imposed (signed; default 0 as theory §C7)."
        ),
    )
    change_loss: float = param(
        0.25,
        ge=0,
        le=1,
        unit="faith",
        theory="P2; SF14",
        description=(
            "Faith lost by a unit that loses services and resists centralisation."
        ),
    )
    change_gain: float = param(
        0.1,
        ge=0,
        le=1,
        unit="faith",
        theory="P2; SF14",
        description="Faith gained by units that accept or gain from centralisation.",
    )
    initial: float = param(
        0.5,
        ge=0,
        le=1,
        unit="faith",
        theory="§C2 [M]",
        description="Faith at the start in a voluntary partnership.",
    )


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
