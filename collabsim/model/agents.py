"""Mesa agents: identity and discrete events. Continuous state lives in arrays.

``Organisation``, ``Professional`` and ``Partnership`` are ``mesa.Agent``s. Their
numeric state (faith, trust, COM-B, ...) is read from the run state's arrays, and
their methods carry the theory's discrete events (docs/theory.md §C3), acting on the
:class:`~collabsim.model.runstate.RunState` they are given.
"""

from __future__ import annotations

import numpy as np
from mesa import Agent, Model

from collabsim.arrays import clip01
from collabsim.model.entities import ROLE_LEADER, ROLE_NAMES
from collabsim.model.runstate import RunState
from collabsim.scenario.parts import (
    ContractSigning,
    Ending,
    OrganisationSpec,
    PartnershipSpec,
    ShockKind,
)

__all__ = ["Organisation", "Partnership", "Professional"]


class Organisation(Agent):
    """An organisation (theory §C1): sector, size, slack, competition, culture.

    Attributes:
        state: The run state the organisation's arrays live in.
        spec: Immutable inputs from the scenario.
        index: Row of this organisation in the arrays.
    """

    def __init__(
        self, model: Model, state: RunState, spec: OrganisationSpec, index: int
    ) -> None:
        super().__init__(model)
        self.state = state
        self.spec = spec
        self.index = index

    @property
    def key(self) -> str:
        """Scenario id; the only identifier that appears in outputs."""
        return self.spec.id

    @property
    def faith(self) -> float:
        """Faith in the partnership, in [0, 1] (theory §C2 faith_A)."""
        return float(self.state.orgs.faith[self.index])

    @property
    def perception_of_progress(self) -> float:
        """Perception of progress, in [0, 1] (theory §C2)."""
        return float(self.state.orgs.progress[self.index])

    def receive_mandate(self, penalty: float) -> None:
        """A mandate is imposed: faith falls by ``penalty``; resisters add conflict.

        References:
            docs/theory.md §B(v) mandated [R/M]; §C3 MandateImposed; §C7.
        """
        state = self.state
        on = state.switches.on("mandate_resistance")
        orgs = state.orgs
        orgs.faith[self.index] = clip01(orgs.faith[self.index] - on * penalty)
        if self.spec.resists_change:
            state.add_conflict(
                self.index, on * state.spec.dynamics.conflict.episode_severity
            )

    def undergo_change(self, *, hub: bool, losing: bool) -> None:
        """Major system change: hubs and accepting units gain faith; resisters contest.

        References:
            docs/theory.md §C3 MajorSystemChange; P2; SF14.
        """
        state = self.state
        resisting = losing and self.spec.resists_change
        rates = state.spec.dynamics.faith
        orgs = state.orgs
        if resisting and state.switches.on("system_change_resistance"):
            orgs.resisting[self.index] = 1.0
            orgs.faith[self.index] -= rates.change_loss
            state.add_conflict(
                self.index, state.spec.dynamics.conflict.episode_severity
            )
        elif hub or losing:  # without resistance, a losing unit accepts the change
            gains = state.switches.on("system_change_builds_faith")
            orgs.faith[self.index] += gains * rates.change_gain
        orgs.faith[self.index] = clip01(orgs.faith[self.index])
        state.log_event("system_change", self.key, "", 1.0 if hub else -1.0)

    def apply_shock(self, kind: ShockKind, magnitude: float) -> None:
        """Financial shock (slack falls) or regulatory intervention (scrutiny rises).

        References:
            docs/theory.md §C3 FinancialShock, RegulatoryIntervention [R/M].
        """
        orgs = self.state.orgs
        if kind is ShockKind.FINANCIAL:
            orgs.financial_slack[self.index] = max(
                0.0, orgs.financial_slack[self.index] - magnitude
            )
            self.state.log_event("financial_shock", self.key, "", magnitude)
        else:
            orgs.regulatory_pressure[self.index] = min(
                1.0, orgs.regulatory_pressure[self.index] + magnitude
            )
            self.state.log_event("regulatory_intervention", self.key, "", magnitude)


class Professional(Agent):
    """A professional in one organisation (theory §C1 Professional).

    Attributes:
        state: The run state.
        slot: Row of this post in the professional arrays (kept by successors).
        organisation: Employer.
        role: ``"leader"``, ``"manager"`` or ``"frontline"``.
        is_boundary_spanner: Whether the post spans organisational boundaries.
    """

    def __init__(
        self, model: Model, state: RunState, slot: int, organisation: Organisation
    ) -> None:
        super().__init__(model)
        self.state = state
        self.slot = slot
        self.organisation = organisation
        self.role = ROLE_NAMES[int(state.profs.role[slot])]
        self.is_boundary_spanner = bool(state.profs.spanner[slot])

    @property
    def tenure(self) -> int:
        """Steps since this professional joined."""
        return int(self.state.t - self.state.profs.joined_at[self.slot])

    def leave(self, *, at_step_start: bool = False) -> Professional:
        """Leave the organisation; a successor takes the post after a vacancy.

        The post's ties reset to baseline trust and zero acquaintance: knowledge-based
        relationships leave with the person. Turnover happens at the end of a step;
        a scheduled departure (``at_step_start``) at its start.

        Returns:
            The successor, who holds the same slot.

        References:
            docs/theory.md §C3 StaffTurnover; IPT-10 [trust reset is M]; P4.
        """
        state = self.state
        if state.switches.on("turnover_resets_ties"):
            state.reset_ties(np.array([self.slot]))
        state.vacate(self.slot, at_step_start=at_step_start)
        if state.profs.role[self.slot] == ROLE_LEADER:
            state.draw_leader(self.organisation.index)
        state.log_event("staff_turnover", self.organisation.key, self.role, 1.0)
        self.remove()
        return Professional(self.model, state, self.slot, self.organisation)


class Partnership(Agent):
    """A partnership and its lifecycle events (theory §C1 Partnership; §C3).

    Attributes:
        state: The run state.
        spec: Immutable context levers.
        index: Row in the partnership arrays.
        members: The member organisations.
    """

    def __init__(
        self,
        model: Model,
        state: RunState,
        spec: PartnershipSpec,
        index: int,
        members: list[Organisation],
    ) -> None:
        super().__init__(model)
        self.state = state
        self.spec = spec
        self.index = index
        self.members = members

    @property
    def key(self) -> str:
        """Scenario id of the partnership."""
        return self.spec.id

    def start(self) -> None:
        """The partnership begins: mandate and contract take effect."""
        state = self.state
        arrays = state.partnerships
        arrays.active[self.index] = 1.0
        arrays.started_at[self.index] = state.t
        state.log_event("partnership_started", self.key, "", 1.0)
        if self.spec.governance == "mandated":
            arrays.mandate[self.index] = 1.0
            state.log_event("mandate_imposed", self.key, "", 1.0)
            for org in self.members:
                org.receive_mandate(state.spec.dynamics.faith.mandate_penalty)
        if (
            self.spec.contract.strength > 0
            and self.spec.contract.signing is ContractSigning.AT_START
        ):
            self.sign_contract()
        state.assign_pairs()

    def sign_contract(self) -> None:
        """Contract signed: confidence steps up (theory §C3 ContractSigned)."""
        self.state.partnerships.contract[self.index] = self.spec.contract.strength
        self.state.log_event(
            "contract_signed", self.key, "", self.spec.contract.strength
        )

    def expire_contract(self) -> None:
        """Contract expires: confidence steps down."""
        self.state.partnerships.contract[self.index] = 0.0
        self.state.log_event(
            "contract_expired", self.key, "", self.spec.contract.strength
        )

    def lift_mandate(self) -> None:
        """The mandate is lifted: its confidence floor goes."""
        self.state.partnerships.mandate[self.index] = 0.0
        self.state.log_event("mandate_lifted", self.key, "", 1.0)

    def end(self) -> None:
        """The partnership ends; an improper ending leaves conflict and broken trust.

        References:
            docs/theory.md IPT-17; §C3 ImproperCessation; SF8 (carry-over through ties).
        """
        state = self.state
        arrays = state.partnerships
        arrays.active[self.index] = 0.0
        arrays.contract[self.index] = 0.0
        arrays.mandate[self.index] = 0.0
        improper = self.spec.ending is Ending.IMPROPER
        if improper:
            state.improper_cessation(self.index)
        state.log_event(
            "partnership_ended", self.key, str(self.spec.ending), float(improper)
        )
        state.assign_pairs()
