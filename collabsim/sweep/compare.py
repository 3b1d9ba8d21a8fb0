"""Run several configurations on the same seeds (common random numbers) into tables.

Each configuration is a scenario; each runs once per seed of one shared list, so a
difference between two configurations at one seed is due to the configurations and
not to luck of the draw. Results are the usual tidy tables (house style §B.5) with
``configuration`` in ``runs`` and one ``configurations`` row per scenario, plus a
``mechanisms`` table of which mechanisms each configuration had switched on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from collabsim.errors import ScenarioError
from collabsim.model.batched import run_batch
from collabsim.model.run import RunResult, make_run_id, run_scenario
from collabsim.results.manifest import file_sha256
from collabsim.results.tables import (
    ACTIVE_MECHANISMS,
    CONFIGURATIONS,
    RUNS,
    FailedRun,
    results_tables,
)
from collabsim.scenario.scenario import Scenario, with_overrides
from collabsim.sweep.sizing import batch_cap

__all__ = [
    "REPORT_OUTPUTS",
    "Configuration",
    "configuration_names",
    "comparison_tables",
    "prepare",
    "run_configuration",
]

log = logging.getLogger(__name__)

#: Output switches every compared run gets: the report draws networks from ``ties``.
REPORT_OUTPUTS: dict[str, Any] = {"outputs.ties": True, "outputs.organisations": True}


@dataclass(frozen=True, slots=True)
class Configuration:
    """One compared configuration.

    Attributes:
        name: Label used in tables and the report (unique within a comparison).
        spec: The scenario as run (after ``--steps`` and output overrides).
        source: The scenario file, if it came from one.
    """

    name: str
    spec: Scenario
    source: Path | None = None


def configuration_names(specs: Sequence[Scenario], files: Sequence[Path]) -> list[str]:
    """Unique labels: scenario names, else file stems, else numbered.

    Raises:
        ScenarioError: If ``specs`` and ``files`` differ in length.
    """
    if len(specs) != len(files):
        raise ScenarioError("one scenario file per configuration is needed")
    names = [spec.name for spec in specs]
    if len(set(names)) < len(names):
        names = [path.stem for path in files]
    if len(set(names)) < len(names):
        names = [f"{k + 1}: {name}" for k, name in enumerate(names)]
    return names


def prepare(spec: Scenario, *, n_steps: int | None) -> Scenario:
    """Return ``spec`` with the report's output tables on and ``n_steps`` applied."""
    overrides = dict(REPORT_OUTPUTS)
    if n_steps is not None:
        overrides["n_steps"] = n_steps
    return with_overrides(spec, overrides)


#: Seeds run together as one batch (fewer if the scenario is large).
SEEDS_PER_BATCH = 64


def run_configuration(
    configuration: Configuration,
    seeds: Sequence[int],
    *,
    advance: Callable[[int], None] | None = None,
) -> list[RunResult | FailedRun]:
    """Run one configuration once per seed; a run that raises is a failed row.

    Seeds run in batches on the batched engine (each run's tables are those it
    gives alone); a batch that raises is run again run by run, so that only the
    failing runs become failed rows. ``advance`` is called after each run with
    the number of runs that failed in it (0 or 1), e.g.
    :meth:`collabsim.cli.progress.Progress.advance`.
    """
    spec = configuration.spec
    size = min(SEEDS_PER_BATCH, batch_cap(spec) or SEEDS_PER_BATCH)
    results: list[RunResult | FailedRun] = []
    for start in range(0, len(seeds), size):
        chunk = [int(seed) for seed in seeds[start : start + size]]
        ids = [make_run_id(spec, seed) for seed in chunk]
        done: list[RunResult | FailedRun]
        try:
            done = list(run_batch(spec, chunk, run_ids=ids).runs())
        except Exception:  # noqa: BLE001 - isolate the failing run(s), one by one
            log.debug("batch of seeds %s failed; running them one by one", chunk)
            done = [
                _run_one(spec, seed, run_id)
                for seed, run_id in zip(chunk, ids, strict=True)
            ]
        for result in done:
            results.append(result)
            if advance is not None:
                advance(int(isinstance(result, FailedRun)))
    return results


def _run_one(spec: Scenario, seed: int, run_id: str) -> RunResult | FailedRun:
    try:
        return run_scenario(spec, seed=seed, run_id=run_id)
    # a failed run is data, not a crash (house style §B.9)
    except Exception as exc:
        log.debug("run %s (seed %d) failed", run_id, seed, exc_info=True)
        return FailedRun.from_exception(run_id, seed, exc)


def _configuration_row(k: int, configuration: Configuration) -> dict[str, Any]:
    source = configuration.source
    spec = configuration.spec
    return {
        "configuration": configuration.name,
        "position": k,
        "scenario": spec.name,
        "description": spec.description,
        "file": str(source) if source is not None else None,
        "file_sha256": file_sha256(source) if source is not None else None,
        "n_steps": spec.n_steps,
        "step_unit": str(spec.step_unit),
    }


def _mechanism_rows(
    name: str, results: Sequence[RunResult | FailedRun]
) -> list[dict[str, Any]]:
    done = [r for r in results if isinstance(r, RunResult)]
    active = {m for r in done for m in r.mechanisms}
    every = {
        m for r in done for m in r.mechanisms if all(m in x.mechanisms for x in done)
    }
    return [
        {"configuration": name, "mechanism": m, "active_in_all_runs": m in every}
        for m in sorted(active)
    ]


def comparison_tables(
    configurations: Sequence[Configuration],
    results: Sequence[Sequence[RunResult | FailedRun]],
) -> dict[str, pd.DataFrame]:
    """Combine each configuration's runs into one set of tidy tables.

    Args:
        configurations: The configurations, reference first.
        results: Per configuration, its runs in seed order.

    Returns:
        ``configurations``, ``mechanisms``, ``runs`` (with ``configuration`` as an
        ordered categorical after ``run_id``) and the per-run tables produced
        (``steps``, ``organisations``, ``ties``, ``events``).
    """
    names = [c.name for c in configurations]
    per_table: dict[str, list[pd.DataFrame]] = {}
    mechanisms: list[dict[str, Any]] = []
    for configuration, runs in zip(configurations, results, strict=True):
        tables = results_tables(configuration.spec, list(runs))
        tables[RUNS].insert(1, "configuration", configuration.name)
        for table, frame in tables.items():
            per_table.setdefault(table, []).append(frame)
        mechanisms += _mechanism_rows(configuration.name, runs)
    out = {
        CONFIGURATIONS: pd.DataFrame(
            [_configuration_row(k, c) for k, c in enumerate(configurations)]
        ),
        ACTIVE_MECHANISMS: pd.DataFrame(
            mechanisms, columns=["configuration", "mechanism", "active_in_all_runs"]
        ),
    }
    for table, frames in per_table.items():
        filled = [f for f in frames if not f.empty] or frames[:1]
        out[table] = pd.concat(filled, ignore_index=True)
    out[RUNS]["configuration"] = pd.Categorical(
        out[RUNS]["configuration"], categories=names, ordered=True
    )
    return out
