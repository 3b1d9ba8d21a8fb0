"""CollaborationModel: Mesa wiring of the run state, the phases and the agents.

One step (docs/theory.md §C4, in this order; :mod:`collabsim.model.schedule`):

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

from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np
from mesa import DataCollector, Model

from collabsim.arrays import IntArray
from collabsim.errors import ScenarioError
from collabsim.model import mesa_api
from collabsim.model.agents import Organisation, Partnership, Professional
from collabsim.model.build import build_state
from collabsim.model.observe import Observer
from collabsim.model.schedule import advance, begin, plan
from collabsim.scenario.scenario import MAX_STATE_BYTES, Scenario

__all__ = ["CollaborationModel", "seed_of"]


def seed_of(rng: object, generator: np.random.Generator) -> int:
    """The run's seed: ``rng`` if it is one, else drawn from Mesa's generator."""
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool) and rng >= 0:
        return int(rng)
    return int(generator.integers(2**63))


class CollaborationModel(Model):
    """Inter-organisational collaboration on a network of professional ties.

    The run's arrays and the operations on them live in :attr:`state`
    (:class:`~collabsim.model.runstate.RunState`, a batch of one run); the model
    holds the Mesa agents (identity), the calendar of scheduled events and the
    observer, and advances the state with the same schedule as the batched runner
    (:func:`collabsim.model.schedule.advance`), so both give the same numbers.

    For ``mesa.batch_run`` (which builds models from keywords) the scenario can be
    named instead, with dotted overrides as further keywords:
    ``CollaborationModel(scenario="voluntary_baseline", rng=1,
    **{"dynamics.trust.gain": 0.2})``. Step metrics are collected into a Mesa
    ``DataCollector`` (:attr:`datacollector`), as Mesa's tools expect.

    Args:
        spec: Validated scenario, kept as ``self.spec`` (``scenario`` is Mesa's).
        rng: Seed of every random draw in the run (a non-negative integer; other
            values seed Mesa's generator, which then draws the run's seed).
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
        spec = mesa_api.spec_from_keywords(
            spec, scenario, {**(overrides or {}), **parameters}
        )
        if spec.estimated_bytes() > MAX_STATE_BYTES:
            msg = (
                f"scenario {spec.name!r} needs about "
                f"{spec.estimated_ties():,} ties: too large"
            )
            raise ScenarioError(msg)
        self.spec = spec
        self.seed = seed_of(rng, self.rng)
        self.state = state = build_state(spec, [self.seed])
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
        self._calendar = plan(spec, state.partnerships.specs)
        self._replace(begin(state, self._calendar))
        self.observer = Observer(state, metrics)
        self.observer.record()
        self._collector = mesa_api.step_collector(self.observer) if collect else None
        mesa_api.collect(self, self._collector)

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

    def organisation(self, key: str) -> Organisation:
        """Return the organisation agent with scenario id ``key``."""
        return self.organisations[self._org_index[key]]

    def _replace(self, departed: IntArray) -> None:
        """Successors take the posts of the professionals who left."""
        for slot in departed.tolist():
            self.professionals[slot] = self.professionals[slot].replaced()

    def step(self) -> None:
        """Advance the model by one step (docs/odd.md §1.3)."""
        state = self.state
        done = advance(state, self._calendar)
        self.observer.count_acts(done.acts.n_collab, done.acts.n_competitive)
        self._replace(done.departed)
        self.observer.record()
        self.running = state.t < self.spec.n_steps
        mesa_api.collect(self, self._collector)
