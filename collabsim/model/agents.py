"""Mesa agents: identity, and the discrete events of their single run.

``Organisation``, ``Professional`` and ``Partnership`` are ``mesa.Agent``s. Their
numeric state (faith, trust, COM-B, ...) is read from the run state's arrays, and
their event methods apply the operations of :mod:`collabsim.model.operations` to
their run (docs/theory.md §C3): the batched runner applies the same operations to
many runs at once.
"""

from __future__ import annotations

import numpy as np
from mesa import Agent, Model

from collabsim.model import operations
from collabsim.model.entities import ROLE_NAMES
from collabsim.model.runstate import RunState
from collabsim.scenario.parts import OrganisationSpec, PartnershipSpec, ShockKind

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

    def apply_shock(self, kind: ShockKind, magnitude: float) -> None:
        """Financial shock (slack falls) or regulatory intervention (scrutiny rises).

        References:
            docs/theory.md §C3 FinancialShock, RegulatoryIntervention [R/M].
        """
        operations.apply_shock(self.state, self.index, kind, magnitude)


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
        slots = np.array([self.slot], dtype=np.int64)
        operations.depart(self.state, slots, at_step_start=at_step_start)
        return self.replaced()

    def replaced(self) -> Professional:
        """The successor in this post (the state already records the departure)."""
        self.remove()
        return Professional(self.model, self.state, self.slot, self.organisation)


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
        operations.start_partnership(self.state, self.index)

    def sign_contract(self) -> None:
        """Contract signed: confidence steps up (theory §C3 ContractSigned)."""
        operations.sign_contracts(self.state, self.state.partnerships.rows(self.index))

    def expire_contract(self) -> None:
        """Contract expires: confidence steps down."""
        operations.expire_contract(self.state, self.index)

    def lift_mandate(self) -> None:
        """The mandate is lifted: its confidence floor goes."""
        operations.lift_mandate(self.state, self.index)

    def end(self) -> None:
        """The partnership ends; an improper ending leaves conflict and broken trust.

        References:
            docs/theory.md IPT-17; §C3 ImproperCessation; SF8 (carry-over through ties).
        """
        operations.end_partnership(self.state, self.index)
