"""CollaborationModel: Mesa wiring of the run state, the phases and the agents.

One step (docs/theory.md §C4, in this order):

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
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from mesa import DataCollector, Model

from collabsim.errors import ScenarioError
from collabsim.model import batch
from collabsim.model.agents import Organisation, Partnership, Professional
from collabsim.model.observe import Observer
from collabsim.model.phases import acts as act_phase
from collabsim.model.phases import conflict as conflict_phase
from collabsim.model.phases import organisations as org_phase
from collabsim.model.phases import ties as tie_phase
from collabsim.model.runstate import RunState
from collabsim.scenario.scenario import MAX_STATE_BYTES, Scenario

__all__ = ["CollaborationModel"]


class CollaborationModel(Model):
    """Inter-organisational collaboration on a network of professional ties.

    The run's arrays and the operations on them live in :attr:`state`
    (:class:`~collabsim.model.runstate.RunState`); the model holds the Mesa agents
    (identity and discrete events), the calendar of scheduled events and the
    observer, and runs the phases.

    For ``mesa.batch_run`` (which builds models from keywords) the scenario can be
    named instead, with dotted overrides as further keywords:
    ``CollaborationModel(scenario="voluntary_baseline", rng=1,
    **{"dynamics.trust.gain": 0.2})``. Step metrics are collected into a Mesa
    ``DataCollector`` (:attr:`datacollector`), as Mesa's tools expect.

    Args:
        spec: Validated scenario, kept as ``self.spec`` (``scenario`` is Mesa's).
        rng: Seed of every random draw in the run.
        metrics: Step metrics the observer records; None (default) records all.
        scenario: Instead of ``spec``: a scenario file or shipped scenario name.
        overrides: Dotted-path overrides applied to the scenario.
        collect: Keep :attr:`datacollector` (``run_scenario`` turns it off).
        **parameters: More dotted-path overrides, as keywords.

    Raises:
        ScenarioError: If the scenario is missing or invalid, an override is, or
            its tie state would not fit in memory.
    """

    def __init__(
        self,
        spec: Scenario | None = None,
        *,
        rng: int | None = None,
        metrics: Collection[str] | None = None,
        scenario: Scenario | Path | str | None = None,
        overrides: Mapping[str, object] | None = None,
        collect: bool = True,
        **parameters: object,
    ) -> None:
        super().__init__(rng=rng)
        spec = batch.spec_from_keywords(
            spec, scenario, {**(overrides or {}), **parameters}
        )
        if spec.estimated_bytes() > MAX_STATE_BYTES:
            msg = (
                f"scenario {spec.name!r} needs about "
                f"{spec.estimated_ties():,} ties: too large"
            )
            raise ScenarioError(msg)
        self.spec = spec
        self.state = state = RunState.build(spec, self.rng)
        self.organisations = [
            Organisation(self, state, org_spec, i)
            for i, org_spec in enumerate(state.org_specs)
        ]
        self._org_index = {o.key: o.index for o in self.organisations}
        self.professionals = [
            Professional(self, state, slot, self.organisations[int(org)])
            for slot, org in enumerate(state.profs.org)
        ]
        self.partnerships = [
            Partnership(self, state, p, k, [self.organisation(m) for m in p.members])
            for k, p in enumerate(state.partnerships.specs)
        ]
        for org in range(len(self.organisations)):
            state.draw_leader(org)
        self._calendar: dict[int, list[Callable[[], None]]] = {}
        self._plan_events()
        self._fire(0)
        self._initialise_ties()
        self.observer = Observer(state, metrics)
        self.observer.record()
        self._collector = batch.step_collector(self.observer) if collect else None
        batch.collect(self, self._collector)

    @property
    def datacollector(self) -> DataCollector:
        """Mesa ``DataCollector`` of the step metrics (model reporters, every step).

        Raises:
            AttributeError: If the model was built with ``collect=False``.
        """
        if self._collector is None:
            msg = "this model was built with collect=False: no datacollector"
            raise AttributeError(msg)
        return self._collector

    @property
    def t(self) -> int:
        """The current step."""
        return self.state.t

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
            at(
                p.spec.central_figure_lost_at,
                functools.partial(self._lose_central_figure, p.index),
            )
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
        state = self.state
        state.ties.trust[:] = state.ties.expand(state.pairs.baseline)
        ctx = state.pair_context()
        state.pairs.confidence[:] = act_phase.obligation_level(state, ctx)
        act_phase.update_gate(state, ctx)

    def organisation(self, key: str) -> Organisation:
        """Return the organisation agent with scenario id ``key``."""
        return self.organisations[self._org_index[key]]

    def _system_change(self) -> None:
        change = self.spec.system_change
        if change is None:  # pragma: no cover - only scheduled when present
            return
        for org in self.organisations:
            org.undergo_change(
                hub=org.key in change.hubs, losing=org.key in change.losing
            )

    def _lose_central_figure(self, partnership: int) -> None:
        """The lead central figure leaves for good (theory §C3 CentralFigureLoss; P2).

        They leave like any professional (their ties go with them; the post is
        vacant, then filled), but no one takes up their convening role.
        """
        slot = self.state.lose_central_figure(partnership)
        self.state.log_event(
            "central_figure_lost", self.partnerships[partnership].key, "", 1.0
        )
        # a post vacant at this moment (its holder left by turnover, the successor
        # not yet arrived) just loses the role
        if slot is not None and self.state.profs.vacant_until[slot] <= self.state.t - 1:
            self.professionals[slot] = self.professionals[slot].leave(
                at_step_start=True
            )

    def _fire(self, step: int) -> None:
        for action in self._calendar.get(step, []):
            action()

    def _contracts_when_ready(self) -> None:
        state = self.state
        arrays = state.partnerships
        for p in self.partnerships:
            c = p.spec.contract
            if (
                c.signing == "when_ready"
                and c.strength > 0
                and arrays.active[p.index] > 0
                and arrays.contract[p.index] == 0
                and (c.expires_at is None or state.t < c.expires_at)
            ):
                mask = state.pairs.partnership == p.index
                if mask.any() and float(state.pairs.threshold[mask].mean()) >= c.risk:
                    p.sign_contract()

    # --- the step -------------------------------------------------------------------
    def step(self) -> None:
        """Advance the model by one step (see the module docstring for the phases)."""
        state = self.state
        if state.t > 0:
            self._fire(state.t)
        ctx = state.pair_context()
        acts = act_phase.run(state, ctx)
        self.observer.count_acts(acts.n_collab, acts.n_competitive)
        episodes = conflict_phase.run(state, ctx, acts)
        meetings, bad = tie_phase.run(state, ctx, acts, episodes)
        leavers = org_phase.run(state, ctx, acts)
        for slot in leavers.tolist():
            self.professionals[slot] = self.professionals[slot].leave()
        self._contracts_when_ready()
        stats = act_phase.summarise(
            acts,
            episodes.number,
            n_leavers=len(leavers),
            low_risk_cutoff=self.spec.dynamics.behaviour.low_risk_cutoff,
        )
        stats.update(meetings=meetings, bad_meetings=bad)
        state.last = stats
        state.t += 1
        self.observer.record()
        self.running = state.t < self.spec.n_steps
        batch.collect(self, self._collector)
