"""Context levers of a partnership (docs/theory.md §C5).

Contract, leadership and co-production.

Each lever is declared here once, with range, unit and theory id; ``PartnershipSpec``
and the generated-network template both build on :class:`PartnershipContext`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from collabsim.scenario.fields import Spec, Time, param

__all__ = [
    "ContractSigning",
    "ContractSpec",
    "CoProductionSpec",
    "Governance",
    "LeadershipSpec",
    "PartnershipContext",
    "ResolutionStyle",
]

Step = Annotated[int, Field(ge=0, le=1_000_000)]


class Governance(StrEnum):
    """How a partnership came about (theory §B(v), §C5 ``mandated``)."""

    MANDATED = "mandated"
    VOLUNTARY = "voluntary"


class ResolutionStyle(StrEnum):
    """Approach to conflict resolution (theory RF-1; IPT-19, IPT-20)."""

    CONSTRUCTIVE = "constructive"
    DESTRUCTIVE = "destructive"


class ContractSigning(StrEnum):
    """When a contract takes effect (theory §C3 ContractSigned)."""

    AT_START = "at_start"
    WHEN_READY = "when_ready"  # signed once members' risk thresholds exceed its risk


class ContractSpec(Spec):
    """Contract or legal agreement of a partnership (theory RC-1; IPT-12, IPT-13)."""

    strength: float = param(
        0.0,
        ge=0,
        le=1,
        unit="share",
        theory="RC-1; §C5 contract_strength",
        description="Strength of obligations; 0 means no contract.",
    )
    role_clarity: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-12; NIHR alert",
        description="How clearly roles and responsibilities are set out.",
    )
    accountability: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="RF-1; IPT-13",
        description="Strength of accountability arrangements.",
    )
    signing: ContractSigning = ContractSigning.AT_START
    risk: float = param(
        0.4,
        ge=0,
        le=1,
        unit="risk",
        theory="§C3 ContractSigned",
        description="Risk of signing, for contracts signed when ready.",
    )
    expires_at: Step | None = Field(None, description="Step the contract expires.")


class LeadershipSpec(Spec):
    """Leadership behaviours of organisation leaders (theory RC-9; SF20)."""

    vulnerability: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="RC-9; P1-RE; SF20",
        description="Leaders show vulnerability.",
    )
    persuasiveness: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="RC-9; P1-RE",
        description="Leaders are persuasive.",
    )
    enthusiasm: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="RC-9; NIHR alert",
        description="Leaders' enthusiasm for the partnership.",
    )
    distributed: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="P2; P2-D leadership",
        description=(
            "Leadership is shared rather than monopolistic: with a central figure, "
            "the share of member organisations that supply one."
        ),
    )


class CoProductionSpec(Spec):
    """Co-production with service users: the EAA sub-process (theory P5)."""

    enabled: bool = False
    intentions: float = param(
        0.7,
        ge=0,
        le=1,
        unit="share",
        theory="P5 intentions",
        description="Clarity and strength of shared intentions.",
    )
    assets: float = param(
        0.6,
        ge=0,
        le=1,
        unit="share",
        theory="P5 assets",
        description="Time and resources committed to co-production.",
    )
    dialogue: float = param(
        0.7,
        ge=0,
        le=1,
        unit="share",
        theory="P5 dialogue",
        description="How often engaged partners hold two-way dialogue sessions.",
    )
    divergent_views: float = param(
        0.6,
        ge=0,
        le=1,
        unit="share",
        theory="P5 dialogue (divergent views)",
        description=(
            "Share of sessions in which divergent views are voiced and heard; "
            "without them dialogue is one-way extraction and aligns nothing."
        ),
    )
    documentation: float = param(
        1.0,
        ge=0,
        le=1,
        unit="share",
        theory="P5 documentation",
        description=(
            "Share of sessions recorded (dialogue must be documented to align)."
        ),
    )
    interpretation: float = param(
        0.6,
        ge=0,
        le=1,
        unit="share",
        theory="P5 interpretation",
        description="Reflection on the records.",
    )


class PartnershipContext(Spec):
    """Context levers of a partnership (theory §C5); also the template for networks."""

    governance: Governance = Governance.VOLUNTARY
    contract: ContractSpec = ContractSpec()
    resolution_style: ResolutionStyle = ResolutionStyle.CONSTRUCTIVE
    leadership: LeadershipSpec = LeadershipSpec()
    co_production: CoProductionSpec = CoProductionSpec()
    mandate_lifted_at: Step | None = Field(None, description="Step a mandate ends.")
    shared_vision: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-16; P2 shared goals",
        description="Shared goals and vision.",
    )
    ambition: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-7; IPT-21",
        description="Ambition of joint objectives; sets the risk of joint acts.",
    )
    evaluation: bool = Field(default=False, description="Ongoing evaluation (IPT-11).")
    central_figure: bool = Field(
        default=False,
        description=(
            "Central figures convene the network: boundary spanners with the most "
            "ties, one per member organisation as leadership is distributed (P2)."
        ),
    )
    central_figure_lost_at: Step | None = Field(
        None, description="Step the central figure leaves."
    )
    connectivity: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="P2-D connectivity; SF15",
        description="Shared venues for meeting.",
    )
    info_exchange: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="P2-D information exchange; SF17",
        description="Information-exchange infrastructure.",
    )
    innovation_support: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="P2-D support for innovation",
        description="Expertise available to support innovation.",
    )
    prior_history: float = param(
        0.0,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-21; SF7",
        description="History of successful collaboration between members.",
    )
    turnover_rate: float = param(
        0.005,
        ge=0,
        le=0.5,
        unit="probability per professional per week",
        theory="IPT-10",
        description="Chance a professional leaves in a week.",
        time=Time.SHARE,
    )
    distance: float = param(
        0.2,
        ge=0,
        le=1,
        unit="share",
        theory="NIHR alert",
        description="Geographical distance between members (1 = far apart).",
    )
    protected_time: float = param(
        0.2,
        ge=0,
        le=1,
        unit="share",
        theory="P4 time; §C5 time_budget",
        description="Protected time for relationship work.",
    )
    relational_strategies: float = param(
        0.0,
        ge=0,
        le=1,
        unit="share",
        theory="P3 relational strategies",
        description="Use of relational trust-building strategies.",
    )
    technical_strategies: float = param(
        0.0,
        ge=0,
        le=1,
        unit="share",
        theory="P3 technical strategies",
        description="Use of technical trust-building strategies.",
    )
    quick_wins: bool = Field(
        default=False, description="Plans early low-risk joint tasks (P3; SF9)."
    )
