"""CollaborationModel: Mesa wiring of the array state, the kernels and the agents.

One step (theory.md §C4, in this order):

1. scheduled events (partnerships start/end, contracts, mandates, shocks, change);
2. organisation-pair trust from ties; confidence; risk threshold;
3. joint acts: collaborative or competitive; outcomes; effectiveness;
4. conflict: episodes, failures, competition; resolution style;
5. ties: contact, interaction quality, events → trust and acquaintance;
6. organisations: perception of progress, faith; professionals: COM-B;
   co-production; staff turnover;
7. observation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from dataclasses import dataclass, fields
from typing import TypeVar, cast

import numpy as np
from mesa import Model

from collabsim.arrays import FloatArray, IntArray, clip01
from collabsim.errors import ScenarioError
from collabsim.model.agents import Organisation, Partnership, Professional
from collabsim.model.network import build_world
from collabsim.model.observe import Observer
from collabsim.model.phases import acts as act_phase
from collabsim.model.phases import conflict as conflict_phase
from collabsim.model.phases import organisations as org_phase
from collabsim.model.phases import ties as tie_phase
from collabsim.model.runstate import (
    OrgState,
    PairState,
    PartnershipState,
    ProfState,
    build_links,
)
from collabsim.model.ties import TieStore
from collabsim.rules import contexts, coproduction
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.scenario import MAX_STATE_BYTES, Scenario

__all__ = ["CollaborationModel", "PairContext"]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class PairContext:
    """Partnership levers gathered per directed pair for one step."""

    active: FloatArray
    connectivity: FloatArray
    distance: FloatArray
    protected_time: FloatArray
    central_figure: FloatArray
    relational: FloatArray
    technical: FloatArray
    shared_vision: FloatArray
    ambition: FloatArray
    accountability: FloatArray
    role_clarity: FloatArray
    contract: FloatArray
    mandate: FloatArray
    constructive: FloatArray
    evaluation: FloatArray
    quick_wins: FloatArray
    started_at: FloatArray
    turnover_rate: FloatArray


class CollaborationModel(Model):
    """Inter-organisational collaboration on a network of professional ties.

    Args:
        spec: Validated scenario, kept as ``self.spec`` (``scenario`` is Mesa's).
        rng: Seed of every random draw in the run.
        metrics: Step metrics the observer records; None (default) records all.

    Raises:
        ScenarioError: If the scenario's tie state would not fit in memory.
    """

    def __init__(
        self,
        spec: Scenario,
        *,
        rng: int | None = None,
        metrics: Collection[str] | None = None,
    ) -> None:
        super().__init__(rng=rng)
        if spec.estimated_bytes() > MAX_STATE_BYTES:
            msg = (
                f"scenario {spec.name!r} needs about "
                f"{spec.estimated_ties():,} ties: too large"
            )
            raise ScenarioError(msg)
        self.spec = spec
        self.t = 0
        self.switches = MechanismSwitches.from_names(spec.mechanisms.disabled)
        self.event_log: list[tuple[int, str, str, str, float]] = []
        world = build_world(spec, self.rng)
        self.orgs = OrgState.build(spec, world.organisations)
        self.profs = ProfState.build(self.orgs, spec.boundary_spanners)
        links, self._holders = build_links(world)
        self.ties: TieStore = TieStore.build(
            links, self.orgs.prof_start, self.orgs.prof_count
        )
        self.pairs = PairState.build(self.ties, self.orgs, spec=spec)
        self.pair_reverse: IntArray = np.arange(self.ties.n_pairs) ^ 1
        self.partnerships_state = PartnershipState.build(world.partnerships)
        self._prof_weight = self.profs.tie_weight()
        self._pair_weight = self.ties.pair_sum(self._prof_weight[self.ties.src])
        self._prof_out = np.bincount(self.ties.src, minlength=len(self.profs.org))
        self.organisations = [
            Organisation(self, o, i) for i, o in enumerate(world.organisations)
        ]
        self._org_index = {o.key: o.index for o in self.organisations}
        self.professionals = [
            Professional(self, slot, self.organisations[int(org)])
            for slot, org in enumerate(self.profs.org)
        ]
        self.partnerships = [
            Partnership(self, p, k) for k, p in enumerate(world.partnerships)
        ]
        for org in range(len(self.organisations)):
            self.draw_leader(org)
        self._calendar: dict[int, list[Callable[[], None]]] = {}
        self._context: tuple[bytes, PairContext] | None = None
        self._fixed: dict[Callable[[CollaborationModel], object], object] = {}
        self._plan_events()
        self._fire(0)
        self._initialise_ties()
        self.last = act_phase.empty_stats()
        self.observer = Observer(self, metrics)
        self.observer.record()

    # --- construction -----------------------------------------------------------
    def _plan_events(self) -> None:
        def at(step: int | None, action: Callable[[], None]) -> None:
            if step is not None:
                self._calendar.setdefault(step, []).append(action)

        for p in self.partnerships:
            at(p.spec.starts_at, p.start)
            at(p.spec.ends_at, p.end)
            at(p.spec.contract.expires_at, p.expire_contract)
            at(p.spec.mandate_lifted_at, p.lift_mandate)
            at(p.spec.central_figure_lost_at, p.lose_central_figure)
        for shock in self.spec.shocks:
            org = self.organisation(shock.organisation)
            at(
                shock.at,
                functools.partial(org.apply_shock, shock.kind, shock.magnitude),
            )
        if (change := self.spec.system_change) is not None:
            at(change.at, self._system_change)

    def _initialise_ties(self) -> None:
        """Ties start at baseline trust; obligations in force at once (a step)."""
        self.ties.trust = self.ties.expand(self.pairs.baseline).astype(np.float32)
        ctx = self.pair_context()
        self.pairs.confidence = act_phase.obligation_level(self, ctx)
        act_phase.update_gate(self, ctx)

    def fixed(self, build: Callable[[CollaborationModel], _T]) -> _T:
        """``build(self)``, computed on first use and kept for the rest of the run.

        For the float parameters and index arrays the phase cores read every step:
        they depend only on the scenario and the mechanism switches, which never
        change during a run.
        """
        if (value := self._fixed.get(build)) is None:
            value = self._fixed[build] = build(self)
        return cast("_T", value)

    # --- helpers used by agents ----------------------------------------------------
    def organisation(self, key: str) -> Organisation:
        """Return the organisation agent with scenario id ``key``."""
        return self.organisations[self._org_index[key]]

    def log_event(self, event: str, source: str, target: str, magnitude: float) -> None:
        """Record a discrete event at the current step."""
        self.event_log.append((self.t, event, source, target, float(magnitude)))

    def draw_leader(self, org: int) -> None:
        """Draw leadership style of the organisation's leader (theory RC-9)."""
        slot = int(self.orgs.prof_start[org])
        holders = [
            k
            for k, p in enumerate(self.partnerships)
            if self.orgs.ids[org] in p.spec.members
        ]
        lead = self.partnerships[holders[0]].spec.leadership if holders else None
        noise = self.rng.normal(0.0, 0.05, size=3)
        means = (
            (0.5, 0.5, 0.5)
            if lead is None
            else (lead.vulnerability, lead.persuasiveness, lead.enthusiasm)
        )
        (
            self.profs.vulnerability[slot],
            self.profs.persuasiveness[slot],
            self.profs.enthusiasm[slot],
        ) = clip01(np.array(means) + noise)

    def reset_ties(self, professionals: IntArray) -> None:
        """Reset the professionals' ties to baseline trust and no acquaintance."""
        idx = self.ties.ties_of(professionals)
        self.ties.trust[idx] = self.pairs.baseline[self.ties.pair_of(idx)]
        self.ties.acquaintance[idx] = 0.0

    def vacate(self, slot: int) -> None:
        """Leave a post vacant for ``vacancy_steps``; the successor starts fresh."""
        profs = self.profs
        profs.vacant_until[slot] = self.t + self.spec.dynamics.contact.vacancy_steps
        profs.joined_at[slot] = profs.vacant_until[slot]
        comb = profs.comb
        for arr, value in (
            (comb.capability, 0.5),
            (comb.opportunity, 0.5),
            (comb.motivation, 0.5),
            (comb.commitment, 0.3),
            (comb.resilience, 0.3),
        ):
            arr[slot] = value

    def add_conflict(self, org: int, amount: float) -> None:
        """Raise conflict on every pair where ``org`` is the source or target."""
        mask = (self.ties.pair_src == org) | (self.ties.pair_dst == org)
        self.pairs.conflict[mask] = clip01(self.pairs.conflict[mask] + amount)

    def improper_cessation(self, partnership: int) -> None:
        """Improper ending: conflict up and a sharp loss of trust on ties (IPT-17)."""
        mask = self.pairs.partnership == partnership
        rates = self.spec.dynamics
        self.pairs.conflict[mask] = clip01(
            self.pairs.conflict[mask] + rates.conflict.episode_severity
        )
        hit = self.ties.expand(mask)
        self.ties.trust[hit] *= 1.0 - min(
            rates.trust.loss * rates.trust.failure_severity * 2, 1.0
        )

    def assign_pairs(self) -> None:
        """Give each pair the latest-started active partnership holding it (or none)."""
        state = self.partnerships_state
        p_rates = self.spec.dynamics
        for link, holders in enumerate(self._holders):
            live = [k for k in holders if state.active[k] > 0]
            chosen = max(live, key=lambda k: (state.started_at[k], k)) if live else -1
            self.pairs.partnership[2 * link : 2 * link + 2] = chosen
        history = state.lever("prior_history")[self.pairs.partnership]
        self.pairs.baseline = contexts.tie_baseline(
            self.pairs.cross_sector,
            self.pairs.asymmetry,
            history,
            rates=p_rates.trust,
            switches=self.switches,
        )

    def _system_change(self) -> None:
        change = self.spec.system_change
        if change is None:  # pragma: no cover - only scheduled when present
            return
        for org in self.organisations:
            org.undergo_change(
                hub=org.key in change.hubs, losing=org.key in change.losing
            )

    def _fire(self, step: int) -> None:
        for action in self._calendar.get(step, []):
            action()

    def _contracts_when_ready(self) -> None:
        state = self.partnerships_state
        for p in self.partnerships:
            c = p.spec.contract
            if (
                c.signing == "when_ready"
                and c.strength > 0
                and state.active[p.index] > 0
                and state.contract[p.index] == 0
                and (c.expires_at is None or self.t < c.expires_at)
            ):
                mask = self.pairs.partnership == p.index
                if mask.any() and float(self.pairs.threshold[mask].mean()) >= c.risk:
                    p.sign_contract()

    # --- the step -------------------------------------------------------------------
    def pair_context(self) -> PairContext:
        """Gather partnership levers per directed pair.

        The context changes only when an event does (a partnership starts or ends, a
        contract is signed, ...) or co-production moves alignment or agreement, so it
        is rebuilt only when those state arrays differ from the last build; the
        cached arrays are read-only.
        """
        s = self.partnerships_state
        k = self.pairs.partnership
        key = b"".join(
            a.tobytes()
            for a in (
                k,
                s.active,
                s.contract,
                s.mandate,
                s.central_figure,
                s.started_at,
                s.alignment,
                s.agreement,
            )
        )
        if self._context is None or self._context[0] != key:
            self._context = (key, self._build_context())
        return self._context[1]

    def _build_context(self) -> PairContext:
        s = self.partnerships_state
        k = self.pairs.partnership
        vision, clarity = coproduction.coproduction_effects(
            s.lever("shared_vision"),
            s.nested("contract", "role_clarity"),
            s.alignment,
            s.agreement,
            rates=self.spec.dynamics.coproduction,
            switches=self.switches,
        )
        context = PairContext(
            active=s.active[k],
            connectivity=s.lever("connectivity")[k],
            distance=s.lever("distance")[k],
            protected_time=s.lever("protected_time")[k],
            central_figure=s.central_figure[k],
            relational=s.lever("relational_strategies")[k],
            technical=s.lever("technical_strategies")[k],
            shared_vision=vision[k],
            ambition=s.lever("ambition")[k],
            accountability=s.nested("contract", "accountability")[k],
            role_clarity=clarity[k],
            contract=s.contract[k],
            mandate=s.mandate[k],
            constructive=s.constructive()[k],
            evaluation=s.lever("evaluation")[k],
            quick_wins=s.lever("quick_wins")[k],
            started_at=s.started_at[k],
            turnover_rate=s.lever("turnover_rate")[k],
        )
        for item in fields(context):
            getattr(context, item.name).flags.writeable = False
        return context

    def step(self) -> None:
        """Advance the model by one step (see the module docstring for the phases)."""
        if self.t > 0:
            self._fire(self.t)
        ctx = self.pair_context()
        acts = act_phase.run(self, ctx)
        episodes = conflict_phase.run(self, ctx, acts)
        tie_phase.run(self, ctx, acts, episodes)
        leavers = org_phase.run(self, ctx, acts)
        for slot in leavers:
            self.professionals[int(slot)].leave()
        self._contracts_when_ready()
        self.last = act_phase.summarise(
            acts,
            episodes[0],
            n_leavers=len(leavers),
            low_risk_cutoff=self.spec.dynamics.behaviour.low_risk_cutoff,
        )
        self.t += 1
        self.observer.record()
