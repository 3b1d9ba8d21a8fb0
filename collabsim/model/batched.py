"""Many runs of one scenario as one array program: the batched engine.

:func:`run_batch` lays out ``B`` runs as disjoint parts of one state (each with its
own seed and, optionally, its own rates, levers and organisation attributes: a design
point each), advances them together with the model's one schedule
(:func:`collabsim.model.schedule.advance`: one call per phase per step for the whole
batch) and observes them together. A run gives exactly the numbers it gives alone
(:func:`collabsim.model.run.run_scenario`): its draws are counter-based and keyed by
its own seed, and every reduction is over its own elements.

The per-run Mesa model stays the reference and the single-run API; sweeps use this
engine (:mod:`collabsim.sweep.chunks`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pandas as pd

from collabsim.arrays import FloatArray
from collabsim.model.build import build_state
from collabsim.model.observe import Observer, outcome_columns, outcome_table
from collabsim.model.overrides import RunValues
from collabsim.model.run import RunResult
from collabsim.model.schedule import advance, begin, plan
from collabsim.scenario.scenario import Scenario

__all__ = ["BatchResult", "run_batch"]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Tidy outputs of a batch of runs; every table carries ``run_id``.

    Attributes:
        run_ids: The runs, in batch order.
        seeds: Their seeds.
        outcome_names: Columns of ``outcomes`` (``<metric>_final``, then
            ``<metric>_time_mean`` for the observed ``OUTCOME_METRICS``).
        outcomes: End-of-run values, shape (runs, outcomes).
        steps: Per-step metrics of every run (run_id, step, metrics...), run by run.
        organisations: Per-step organisation table, if the scenario records it.
        ties: Thinned directed organisation-pair table, if recorded.
        events: Discrete events (run_id, step, event, source, target, magnitude).
        mechanisms: Names of the mechanisms that were active.
    """

    run_ids: tuple[str, ...]
    seeds: tuple[int, ...]
    outcome_names: tuple[str, ...]
    outcomes: FloatArray
    steps: pd.DataFrame
    organisations: pd.DataFrame | None
    ties: pd.DataFrame | None
    events: pd.DataFrame
    mechanisms: tuple[str, ...]

    def runs(self) -> list[RunResult]:
        """Each run's own tables, as :func:`~collabsim.model.run.run_scenario` gives."""
        parts = {
            name: _by_run(frame)
            for name, frame in (
                ("steps", self.steps),
                ("organisations", self.organisations),
                ("ties", self.ties),
                ("events", self.events),
            )
            if frame is not None
        }
        return [
            RunResult(
                run_id=run_id,
                seed=seed,
                outcomes=outcomes,
                steps=_part(parts["steps"], self.steps, run_id),
                organisations=None
                if self.organisations is None
                else _part(parts["organisations"], self.organisations, run_id),
                ties=None
                if self.ties is None
                else _part(parts["ties"], self.ties, run_id),
                events=_part(parts["events"], self.events, run_id),
                mechanisms=self.mechanisms,
            )
            for run_id, seed, outcomes in zip(
                self.run_ids, self.seeds, self.outcome_rows(), strict=True
            )
        ]

    def outcome_rows(self) -> list[dict[str, float]]:
        """One ``{outcome: value}`` per run."""
        names = self.outcome_names
        return [dict(zip(names, row, strict=True)) for row in self.outcomes.tolist()]


def _by_run(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {str(k): v for k, v in frame.groupby("run_id", sort=False)}


def _part(
    parts: dict[str, pd.DataFrame], frame: pd.DataFrame, run_id: str
) -> pd.DataFrame:
    """Run ``run_id``'s rows of ``frame`` (an empty frame of its columns if none)."""
    if run_id in parts:
        return parts[run_id].reset_index(drop=True)
    return frame.iloc[:0].reset_index(drop=True)


def run_batch(
    spec: Scenario,
    seeds: Sequence[int],
    *,
    run_ids: Sequence[str] | None = None,
    values: RunValues | None = None,
    n_steps: int | None = None,
    metrics: Collection[str] | None = None,
) -> BatchResult:
    """Build, run and observe ``len(seeds)`` runs of ``spec`` together.

    Args:
        spec: Validated scenario: every run's structure, calendar and outputs.
        seeds: Each run's seed (non-negative integers).
        run_ids: Identifier of each run in the tables; default its position.
        values: Each run's own rates, levers and organisation attributes.
        n_steps: Steps to run; default ``spec.n_steps``.
        metrics: Step metrics to observe; default all of ``METRICS``.

    Returns:
        The runs' tables and outcomes; run ``r`` is identical to
        ``run_scenario(spec_r, seed=seeds[r])`` for the scenario with its values.
    """
    ids = tuple(run_ids) if run_ids is not None else tuple(map(str, range(len(seeds))))
    state = build_state(spec, seeds, values)
    calendar = plan(spec, state.partnerships.specs)
    begin(state, calendar)
    observer = Observer(state, metrics)
    observer.record()
    for _ in range(spec.n_steps if n_steps is None else n_steps):
        done = advance(state, calendar)
        observer.count_acts(done.acts.n_collab, done.acts.n_competitive)
        observer.record()
    names = observer.names
    return BatchResult(
        run_ids=ids,
        seeds=tuple(int(s) for s in seeds),
        outcome_names=tuple(outcome_columns(names)),
        outcomes=outcome_table(observer.metric_table(), names),
        steps=observer.steps_frame(ids),
        organisations=observer.organisations_frame(ids),
        ties=observer.ties_frame(ids),
        events=observer.events_frame(ids),
        mechanisms=state.switches.active,
    )
