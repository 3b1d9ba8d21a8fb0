"""The EMA Workbench and collabsim: hand scenarios to EMA, load sweeps for its analysis.

The exploratory-modelling community runs models through the EMA Workbench
(Kwakkel 2017): :func:`scenario_model` wraps a collabsim scenario as an EMA
``Model`` whose uncertainties default to the schema's ranges, so
``perform_experiments(model, 100)`` works at once; :func:`load_sweep` reads any
collabsim sweep folder as EMA's ``(experiments, outcomes)`` pair, so PRIM, feature
scoring and dimensional stacking run on collabsim results.

EMA names must be Python identifiers, so a dotted scenario path becomes a name with
double underscores (``dynamics.trust.gain`` <-> ``dynamics__trust__gain``:
:func:`ema_name`, :func:`scenario_path`). Needs the optional extra ``ema``; tested
with EMA Workbench 2.5 and 3.0.

References:
    Kwakkel 2017, doi:10.1016/j.envsoft.2017.06.054 (EMA Workbench).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from collabsim.errors import CollabsimError, ResultsError, require_extra
from collabsim.model.metrics import METRICS, OUTCOME_METRICS
from collabsim.model.run import run_scenario
from collabsim.results.ledger import read_sweep
from collabsim.results.manifest import read_manifest
from collabsim.results.tables import RUNS
from collabsim.scenario.params import ParamInfo, parameter_info, parameter_table
from collabsim.scenario.scenario import Scenario, load_scenario, with_overrides

require_extra("ema", feature="collabsim.ema")
with warnings.catch_warnings():
    # the workbench warns at import about an optional backend we never use
    warnings.filterwarnings("ignore", message=".*ipyparallel", category=UserWarning)
    import ema_workbench

__all__ = [
    "DEFAULT_OUTCOMES",
    "ScenarioRunner",
    "ema_name",
    "load_sweep",
    "scenario_model",
    "scenario_path",
]

log = logging.getLogger(__name__)

#: Outcomes of :func:`scenario_model` when none are named: the headline finals.
DEFAULT_OUTCOMES: tuple[str, ...] = tuple(
    f"{name}_final" for name, m in METRICS.items() if "headline" in m.tags
)
_SUFFIXES = ("_final", "_time_mean")
Bounds = tuple[float, float] | Sequence[object]


def ema_name(path: str) -> str:
    """The EMA name (a Python identifier) of a dotted scenario path."""
    return path.replace(".", "__")


def scenario_path(name: str) -> str:
    """The dotted scenario path of an EMA name from :func:`ema_name`."""
    return name.replace("__", ".")


def _outcome_metric(outcome: str) -> str:
    for suffix in _SUFFIXES:
        stem = outcome.removesuffix(suffix)
        if stem != outcome and stem in METRICS:
            if suffix == "_time_mean" and stem not in OUTCOME_METRICS:
                break
            return stem
    known = [f"{m}_final" for m in METRICS] + [
        f"{m}_time_mean" for m in OUTCOME_METRICS
    ]
    msg = f"unknown outcome {outcome!r}; choose from {known}"
    raise CollabsimError(msg)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


class ScenarioRunner:
    """The function EMA calls: one run of a scenario, overridden by the experiment.

    A plain class (not a closure), so that EMA's multiprocessing evaluator can
    pickle it. Each experiment's seed is derived from its values and ``seed``, so a
    design point gives the same result however and wherever it runs. A run that
    fails returns NaN outcomes and logs why (a failed run is data).

    Args:
        spec: The scenario every experiment starts from.
        outcomes: Outcome names (``<metric>_final``, ``<metric>_time_mean``).
        seed: Root seed of the experiments' seeds.
    """

    def __init__(self, spec: Scenario, outcomes: Sequence[str], seed: int) -> None:
        self.spec = spec
        self.outcomes = tuple(outcomes)
        self.metrics = tuple(dict.fromkeys(_outcome_metric(o) for o in outcomes))
        self.seed = seed

    def run_seed(self, overrides: Mapping[str, Any]) -> int:
        """The seed of the experiment with these overrides."""
        payload = json.dumps([self.seed, sorted(overrides.items())], default=str)
        return int.from_bytes(hashlib.sha256(payload.encode()).digest()[:4], "big")

    def __call__(self, **values: Any) -> dict[str, float]:
        """Run the experiment ``values`` (EMA names); return its outcomes."""
        overrides = {scenario_path(k): _plain(v) for k, v in values.items()}
        try:
            spec = with_overrides(self.spec, overrides)
            result = run_scenario(
                spec, seed=self.run_seed(overrides), metrics=self.metrics
            )
        # a failed run is data, not a crash (house style §B.9)
        except Exception:
            log.warning("experiment %s failed", overrides, exc_info=True)
            return dict.fromkeys(self.outcomes, float("nan"))
        return {name: float(result.outcomes[name]) for name in self.outcomes}


def _parameter(row: ParamInfo, bounds: Bounds | None) -> Any:
    name = ema_name(row.path)
    if bounds is not None and row.kind in {"float", "int"}:
        low, high = (float(b) for b in bounds)  # type: ignore[arg-type]
    else:
        low, high = (row.low or 0.0), (row.high if row.high is not None else 1.0)
    if row.kind == "float":
        return ema_workbench.RealParameter(name, low, high)
    if row.kind == "int":
        return ema_workbench.IntegerParameter(name, int(low), int(high))
    if row.kind == "bool":
        return ema_workbench.BooleanParameter(name)
    return ema_workbench.CategoricalParameter(
        name, list(bounds) if bounds is not None else list(row.choices)
    )


def _uncertainties(
    spec: Scenario, given: Sequence[str] | Mapping[str, Bounds] | None
) -> list[Any]:
    if given is None:
        rows = [
            r
            for r in parameter_table(spec)
            if r.path.startswith("dynamics.") and r.kind == "float"
        ]
        return [_parameter(row, None) for row in rows]
    if isinstance(given, Mapping):
        return [_parameter(parameter_info(spec, p), b) for p, b in given.items()]
    return [_parameter(parameter_info(spec, path), None) for path in given]


def scenario_model(
    scenario: Scenario | Path | str,
    outcomes: Sequence[str] | None = None,
    uncertainties: Sequence[str] | Mapping[str, Bounds] | None = None,
    *,
    seed: int = 0,
    name: str | None = None,
) -> Any:
    """An EMA ``Model`` that runs ``scenario`` once per experiment.

    Args:
        scenario: A :class:`Scenario`, a scenario file or a shipped scenario name.
        outcomes: Outcome names, each an EMA ``ScalarOutcome``; default
            :data:`DEFAULT_OUTCOMES`.
        uncertainties: Dotted paths whose schema ranges (or choices) become EMA
            parameters, or a mapping from path to ``(low, high)`` or to a list of
            categories; default every real-valued rate of ``dynamics`` with its
            schema range.
        seed: Root of the experiments' seeds.
        name: The EMA model name (letters and digits); default from the scenario.

    Returns:
        ``ema_workbench.Model``, ready for ``perform_experiments(model, n)``.

    Raises:
        ScenarioError: For an unknown scenario or parameter path.
        CollabsimError: For an unknown outcome.
    """
    spec = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    chosen = tuple(outcomes) if outcomes is not None else DEFAULT_OUTCOMES
    runner = ScenarioRunner(spec, chosen, seed)
    model_name = name or re.sub(r"[^A-Za-z0-9]", "", spec.name) or "collabsim"
    model = ema_workbench.Model(model_name, function=runner)
    model.uncertainties = _uncertainties(spec, uncertainties)
    model.outcomes = [ema_workbench.ScalarOutcome(o) for o in chosen]
    return model


def load_sweep(
    folder: Path | str,
    outcomes: Sequence[str] | None = None,
    *,
    include_failed: bool = False,
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """A collabsim sweep as EMA's ``(experiments, outcomes)``.

    ``experiments`` has one row per run: the design's factors (EMA names; text
    factors as categories), then EMA's ``scenario`` (the design point), ``policy``
    and ``model`` (the experiment's name) columns; ``outcomes`` maps each outcome to
    an array aligned with those rows.

    Args:
        folder: A sweep folder (``collabsim sweep``, ``rank``).
        outcomes: Outcome columns to return; default every stored outcome.
        include_failed: Keep failed runs (their outcomes are NaN).

    Raises:
        ResultsError: If the folder has no runs table or lacks an outcome.
    """
    manifest = read_manifest(folder)
    runs = read_sweep(folder, RUNS)
    if not include_failed:
        runs = runs[runs["status"] == "ok"].reset_index(drop=True)
    factors = [str(f) for f in manifest.get("design", {}).get("factors", [])]
    stored = [str(o) for o in manifest.get("outcomes", [])] or [
        c for c in runs.columns if c.endswith(_SUFFIXES)
    ]
    wanted = list(outcomes) if outcomes is not None else stored
    if missing := [o for o in wanted if o not in runs.columns]:
        msg = f"{folder}: no outcome(s) {missing} in the runs table; stored: {stored}"
        raise ResultsError(msg)
    experiments = pd.DataFrame(
        {ema_name(f): _ema_column(runs[f]) for f in factors}, index=runs.index
    )
    name = str(manifest.get("experiment", {}).get("name", "collabsim"))
    experiments["scenario"] = runs["design_index"].astype("category")
    experiments["policy"] = pd.Categorical([None] * len(runs))
    experiments["model"] = pd.Categorical([name] * len(runs))
    return experiments, {o: runs[o].to_numpy(dtype=np.float64) for o in wanted}


def _ema_column(column: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return column
    return column.astype(str).astype("category")
