"""One scenario plus one seed in, tidy tables out: no files, no globals."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from collabsim.model.collaboration import CollaborationModel
from collabsim.model.metrics import OUTCOME_METRICS
from collabsim.model.observe import outcome_columns, outcome_table
from collabsim.scenario.scenario import Scenario

__all__ = ["OUTCOME_METRICS", "RunResult", "make_run_id", "run_scenario"]


@dataclass(frozen=True, slots=True)
class RunResult:
    """Tidy outputs of one run; every table carries ``run_id``.

    Attributes:
        run_id: Identifier of the run (hash of scenario and seed by default).
        seed: The run's seed.
        outcomes: End-of-run scalars: ``<metric>_final`` for every metric and
            ``<metric>_time_mean`` for ``OUTCOME_METRICS``.
        steps: Per-step metrics (run_id, step, metrics...).
        organisations: Per-step organisation table, if requested by the scenario.
        ties: Thinned directed organisation-pair table, if requested.
        events: Discrete events (run_id, step, event, source, target, magnitude).
        mechanisms: Names of the mechanisms that were active.
    """

    run_id: str
    seed: int
    outcomes: dict[str, float]
    steps: pd.DataFrame
    organisations: pd.DataFrame | None
    ties: pd.DataFrame | None
    events: pd.DataFrame
    mechanisms: tuple[str, ...]


def make_run_id(spec: Scenario, seed: int) -> str:
    """Return a stable id from the resolved scenario and the seed."""
    payload = json.dumps([spec.model_dump(mode="json"), seed], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def run_scenario(
    spec: Scenario,
    *,
    seed: int,
    run_id: str | None = None,
    n_steps: int | None = None,
    metrics: Collection[str] | None = None,
) -> RunResult:
    """Build, run and observe one model.

    Args:
        spec: Validated scenario.
        seed: Seed of every random draw.
        run_id: Identifier written to every table; default :func:`make_run_id`.
        n_steps: Steps to run; default ``spec.n_steps``.
        metrics: Step metrics to observe (a lean run: the steps table and the
            outcomes cover only these); default all of ``METRICS``.

    Returns:
        The run's tidy tables and outcomes.
    """
    rid = run_id if run_id is not None else make_run_id(spec, seed)
    model = CollaborationModel(spec, rng=seed, metrics=metrics, collect=False)
    for _ in range(spec.n_steps if n_steps is None else n_steps):
        model.step()
    observer = model.observer
    steps = observer.steps_frame(rid)
    values = outcome_table(observer.metric_table(), observer.names)[0]
    outcomes = dict(zip(outcome_columns(observer.names), values.tolist(), strict=True))
    return RunResult(
        run_id=rid,
        seed=seed,
        outcomes=outcomes,
        steps=steps,
        organisations=observer.organisations_frame(rid),
        ties=observer.ties_frame(rid),
        events=observer.events_frame(rid),
        mechanisms=model.state.switches.active,
    )
