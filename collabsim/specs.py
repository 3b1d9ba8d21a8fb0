"""Frozen specs for the parts of a scenario: organisations, partnerships, networks, events.

Context levers of theory.md §C5 are declared here once, with range, unit and theory id.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, model_validator

from collabsim.fields import Spec, param

__all__ = [
    "ContractSigning",
    "ContractSpec",
    "CoProductionSpec",
    "Ending",
    "Generator",
    "Governance",
    "LeadershipSpec",
    "NetworkSpec",
    "OrganisationSpec",
    "PartnershipContext",
    "PartnershipSpec",
    "ResolutionStyle",
    "Sector",
    "ShockKind",
    "ShockSpec",
    "SystemChangeSpec",
]

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Step = Annotated[int, Field(ge=0, le=1_000_000)]


class Governance(StrEnum):
    """How a partnership came about (theory §B(v), §C5 ``mandated``)."""

    MANDATED = "mandated"
    VOLUNTARY = "voluntary"


class Sector(StrEnum):
    """Organisational sector; THIRD_SECTOR (VCSE), never "voluntary" (see Governance)."""

    HEALTH = "health"
    SOCIAL_CARE = "social_care"
    LOCAL_AUTHORITY = "local_authority"
    EMPLOYMENT_SERVICES = "employment_services"
    THIRD_SECTOR = "third_sector"
    PRIVATE = "private"


class ResolutionStyle(StrEnum):
    """Approach to conflict resolution (theory RF-1; IPT-19, IPT-20)."""

    CONSTRUCTIVE = "constructive"
    DESTRUCTIVE = "destructive"


class ContractSigning(StrEnum):
    """When a contract takes effect (theory §C3 ContractSigned)."""

    AT_START = "at_start"
    WHEN_READY = "when_ready"  # signed once members' risk thresholds exceed its risk


class Ending(StrEnum):
    """How a partnership ends (theory IPT-17 improper cessation)."""

    AGREED = "agreed"
    IMPROPER = "improper"


class Generator(StrEnum):
    """Partner-network generators (all seeded from the run's RNG)."""

    COMPLETE = "complete"
    ERDOS_RENYI = "erdos_renyi"
    BARABASI_ALBERT = "barabasi_albert"
    WATTS_STROGATZ = "watts_strogatz"
    STOCHASTIC_BLOCK = "stochastic_block"
    HUB_AND_SPOKE = "hub_and_spoke"


class ShockKind(StrEnum):
    """External events scheduled in a scenario (theory §C3)."""

    FINANCIAL = "financial"
    REGULATORY = "regulatory"


class OrganisationSpec(Spec):
    """One organisation (theory §C1 Organisation)."""

    id: Identifier
    sector: Sector = Sector.HEALTH
    size: int = Field(1000, ge=1, le=10_000_000, description="Staff headcount.")
    professionals: int | None = Field(
        None, ge=1, le=200, description="Professionals modelled; default from scenario."
    )
    financial_slack: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="RC-7; §C5 financial_slack",
        description="Financial room; low slack lowers the risk threshold.",
    )
    competition_exposure: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="RC-7; §C5 competition_exposure",
        description="Exposure to competition for patients or income.",
    )
    regulatory_pressure: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="RC-7; §C5",
        description="Regulatory scrutiny of the organisation.",
    )
    culture: float = param(
        0.5,
        ge=0,
        le=1,
        unit="position",
        theory="IPT-15; §C5 culture",
        description="Position on a one-dimensional working-culture scale.",
    )
    statutory_power: float = param(
        0.0,
        ge=0,
        le=1,
        unit="share",
        theory="P4; SF13",
        description="Statutory power over partners' clients (e.g. benefit decisions).",
    )
    flexibility: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-9",
        description="Organisational flexibility.",
    )
    resists_change: bool = Field(
        default=False, description="Resists a major system change (theory P2, SF14)."
    )


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
        description="Leadership is shared rather than monopolistic.",
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
        description="Two-way dialogue with divergent views.",
    )
    documentation: float = param(
        1.0,
        ge=0,
        le=1,
        unit="share",
        theory="P5 documentation",
        description="Dialogue is recorded; without it alignment cannot form.",
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
    central_figure: bool = Field(default=False, description="A central figure (P2).")
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
        unit="per professional per step",
        theory="IPT-10",
        description="Chance a professional leaves in a step.",
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


class PartnershipSpec(PartnershipContext):
    """A partnership of named organisations (theory §C1 Partnership)."""

    id: Identifier
    members: tuple[Identifier, ...] = Field(min_length=2)
    links: tuple[tuple[Identifier, Identifier], ...] | None = Field(
        None, description="Member pairs that work together; default all pairs."
    )
    starts_at: Step = 0
    ends_at: Step | None = None
    ending: Ending = Ending.AGREED

    @model_validator(mode="after")
    def _check_members(self) -> Self:
        if len(set(self.members)) != len(self.members):
            msg = f"partnership {self.id!r} lists a member twice"
            raise ValueError(msg)
        for a, b in self.links or ():
            if a == b or a not in self.members or b not in self.members:
                msg = f"partnership {self.id!r}: link ({a!r}, {b!r}) is not a pair of members"
                raise ValueError(msg)
        if self.ends_at is not None and self.ends_at <= self.starts_at:
            msg = f"partnership {self.id!r} ends before it starts"
            raise ValueError(msg)
        return self


class NetworkSpec(Spec):
    """A generated partner network: one partnership over a generated graph."""

    generator: Generator = Generator.COMPLETE
    n_organisations: int = Field(10, ge=2, le=100_000)
    sectors: tuple[Sector, ...] = Field((Sector.HEALTH,), min_length=1)
    cross_sector_share: float = param(
        0.0,
        ge=0,
        le=1,
        unit="share",
        theory="§C5 cross_sector",
        description="Share of organisations outside the first sector.",
    )
    edge_probability: float = param(
        0.2,
        ge=0,
        le=1,
        unit="probability",
        theory="network [M]",
        description="Erdős–Rényi / block density; rewiring for Watts–Strogatz.",
    )
    degree: int = Field(4, ge=1, le=1000, description="BA attachment m or WS degree k.")
    within_block_bias: float = param(
        3.0,
        ge=1,
        le=20,
        unit="1",
        theory="network [M]",
        description="Stochastic block: within-sector density relative to across.",
    )
    context: PartnershipContext = PartnershipContext()
    organisation: OrganisationSpec = OrganisationSpec(id="template")


class ShockSpec(Spec):
    """A scheduled external event for one organisation (theory §C3)."""

    kind: ShockKind
    organisation: Identifier
    at: Step
    magnitude: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="§C3 FinancialShock [R/M]",
        description="Slack lost (financial) or pressure added (regulatory).",
    )


class SystemChangeSpec(Spec):
    """A major system change: services centralised in hubs (theory §C3; P2; SF14)."""

    at: Step
    hubs: tuple[Identifier, ...] = Field(min_length=1)
    losing: tuple[Identifier, ...] = Field(min_length=1)
