"""Frozen specs for scenario parts: organisations, partnerships, networks, events.

Context levers of docs/theory.md §C5 are declared here once, with range, unit and
theory id.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, model_validator

from collabsim.scenario.fields import Spec, param
from collabsim.scenario.levers import (
    ContractSigning,
    ContractSpec,
    CoProductionSpec,
    Governance,
    LeadershipSpec,
    PartnershipContext,
    ResolutionStyle,
)

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


class Sector(StrEnum):
    """Organisational sector; THIRD_SECTOR (VCSE), never "voluntary" (Governance)."""

    HEALTH = "health"
    SOCIAL_CARE = "social_care"
    LOCAL_AUTHORITY = "local_authority"
    EMPLOYMENT_SERVICES = "employment_services"
    THIRD_SECTOR = "third_sector"
    PRIVATE = "private"


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
        default=False,
        description=(
            "Resists change imposed on it: a major system change (theory P2, "
            "SF14) or a mandate (§B(v) mandated)."
        ),
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
                msg = f"partnership {self.id!r}: link ({a!r}, {b!r}) is not two members"
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
        description="Erdos-Renyi / block density; rewiring for Watts-Strogatz.",
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
