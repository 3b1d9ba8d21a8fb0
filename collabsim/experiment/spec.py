"""Declarative experiments: factors over scenario paths, a design, replicates, a seed.

An experiment file names a scenario, the factors to vary (dotted scenario paths with
bounds or levels, validated against the schema through
:mod:`collabsim.scenario.params`), a
design (factorial, Latin hypercube, Sobol'/Saltelli, Morris or FAST), the number of
replicates, a root seed and the outcomes to keep. :func:`expand_design` turns it into
one row per run, with a ``run_id`` hashed from the resolved values and a seed derived
from the run's coordinates, so results never depend on the executor.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import pandas as pd
from pydantic import Field, ValidationError, model_validator

from collabsim.errors import ExperimentError, ScenarioError
from collabsim.experiment.analytic import AnalyticModel, factor_number
from collabsim.experiment.designs import (
    Design,
    Factor,
    FactorialDesign,
    Level,
    design_points,
    n_design_points,
)
from collabsim.rng import run_seed
from collabsim.scenario.fields import Spec
from collabsim.scenario.params import ParamInfo, parameter_info
from collabsim.scenario.paths import format_validation_error
from collabsim.scenario.scenario import Scenario, load_scenario
from collabsim.shipped import (
    EXPERIMENTS,
    FACTS,
    SCENARIOS,
    kind_of,
    missing_hint,
    resolve_file,
    shipped_file,
    wrong_kind_message,
)

__all__ = [
    "MAX_RUNS",
    "ExperimentSpec",
    "Factor",
    "StepsSpec",
    "experiment_hash",
    "expand_design",
    "load_experiment",
    "n_runs_planned",
    "parse_experiment",
    "salib_problem",
]

#: Refuse designs that would plan more runs than this.
MAX_RUNS = 10_000_000

Table = Literal["organisations", "ties", "events"]


class StepsSpec(Spec):
    """Thinning of the per-step table for big sweeps."""

    keep: bool = Field(default=True, description="Write the steps table at all.")
    every: int = Field(1, ge=1, le=100_000, description="Keep every k-th step.")
    metrics: tuple[str, ...] = Field((), description="Metrics to keep; empty = all.")


class ExperimentSpec(Spec):
    """A validated experiment: what to vary, how to sample it, what to keep.

    ``scenario`` is an absolute path once loaded (files give it relative to the
    experiment file); ``source`` is the experiment file, if any.
    """

    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    scenario: Path | None = None
    source: Path | None = None
    model: AnalyticModel | None = Field(
        None, description="A built-in analytic test model instead of a scenario."
    )
    seed: int = Field(ge=0, lt=2**63)
    replicates: int = Field(1, ge=1, le=100_000)
    outcomes: tuple[str, ...] = Field((), description="Outcomes to keep; empty = all.")
    factors: tuple[Factor, ...] = Field(min_length=1)
    design: Annotated[Design, Field(discriminator="method")]
    steps: StepsSpec = StepsSpec()
    tables: tuple[Table, ...] = Field((), description="Optional tables to keep.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.scenario is None) == (self.model is None):
            msg = "give exactly one of 'scenario' or 'model' (an analytic test model)"
            raise ValueError(msg)
        paths = [f.path for f in self.factors]
        if dupes := sorted({p for p in paths if paths.count(p) > 1}):
            msg = f"factor path(s) given twice: {dupes}"
            raise ValueError(msg)
        if not isinstance(self.design, FactorialDesign):
            if with_levels := [f.path for f in self.factors if f.levels is not None]:
                msg = (
                    f"design {self.design.method!r} samples ranges; factor(s) "
                    f"{with_levels} give levels (use 'bounds' or method 'factorial')"
                )
                raise ValueError(msg)
        elif wrong := [f.path for f in self.factors if f.bounds and f.dist != "unif"]:
            msg = f"factorial levels are evenly spaced; drop 'dist' of {wrong}"
            raise ValueError(msg)
        return self

    @property
    def factor_paths(self) -> list[str]:
        """Factor paths in declaration order (the factor columns of ``runs``)."""
        return [f.path for f in self.factors]


def _where(source: Path | str | None) -> str:
    return f"{source}: " if source is not None else ""


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        msg = f"{path}: experiment file not found{missing_hint(path, EXPERIMENTS)}"
        raise ExperimentError(msg)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"{path}: cannot read file ({exc})"
        raise ExperimentError(msg) from exc
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path}: malformed TOML: {exc}"
        raise ExperimentError(msg) from exc


def load_experiment(path: Path | str) -> ExperimentSpec:
    """Read, validate and check an experiment file against its scenario's schema.

    Args:
        path: The experiment TOML file, or the name of a shipped experiment; its
            ``scenario`` is a path relative to this file or a shipped scenario name.

    Returns:
        The validated spec, with absolute ``scenario`` and ``source`` paths.

    Raises:
        ExperimentError: Naming the file and field of the first problem: malformed
            TOML, unknown keys or paths, bounds outside the schema's range, a missing
            scenario file, zero replicates or a design too large to plan.
    """
    given = resolve_file(path, EXPERIMENTS)
    source = given.resolve()
    data = _read_toml(source if given.exists() else given)
    if (found := kind_of(data)) in {SCENARIOS, FACTS}:
        raise ExperimentError(wrong_kind_message(given, found or SCENARIOS))
    if "scenario" in data and isinstance(data["scenario"], str):
        # a path relative to this file, else the name of a shipped scenario
        relative = source.parent / data["scenario"]
        shipped = (
            None if relative.exists() else shipped_file(SCENARIOS, data["scenario"])
        )
        data["scenario"] = (shipped or relative).resolve()
    return parse_experiment({**data, "source": source}, source=source)


def parse_experiment(
    data: Mapping[str, Any], *, source: Path | str | None = None
) -> ExperimentSpec:
    """Validate a mapping as an experiment and check it against its scenario.

    Raises:
        ExperimentError: As for :func:`load_experiment`.
    """
    try:
        spec = ExperimentSpec.model_validate(dict(data))
    except ValidationError as exc:
        detail = format_validation_error(exc, ExperimentSpec)
        raise ExperimentError(f"{_where(source)}{detail}") from exc
    if spec.scenario is None:
        _check_analytic(spec, _where(source))
        return spec
    if not spec.scenario.is_file():
        msg = f"{_where(source)}scenario: file not found: {spec.scenario}"
        raise ExperimentError(msg)
    try:
        base = load_scenario(spec.scenario)
    except ScenarioError as exc:
        msg = f"{_where(source)}scenario: {exc}"
        raise ExperimentError(msg) from exc
    for i, factor in enumerate(spec.factors):
        _check_factor(factor, base, f"{_where(source)}factors.{i}")
    if (planned := n_runs_planned(spec)) > MAX_RUNS:
        msg = (
            f"{_where(source)}design: too large: {planned:,} runs planned "
            f"({n_design_points(spec.design, spec.factors):,} design points x "
            f"{spec.replicates} replicates; limit {MAX_RUNS:,})"
        )
        raise ExperimentError(msg)
    return spec


def _check_analytic(spec: ExperimentSpec, where: str) -> None:
    # analytic test models (collabsim.experiment.analytic) take factors x1, x2, ... only
    for i, factor in enumerate(spec.factors):
        try:
            factor_number(factor.path)
        except ValueError as exc:
            raise ExperimentError(f"{where}factors.{i}.path: {exc}") from exc
        if factor.bounds is None:
            msg = f"{where}factors.{i}: analytic models take 'bounds'"
            raise ExperimentError(msg)


def _check_factor(factor: Factor, base: Scenario, where: str) -> None:
    try:
        info = parameter_info(base, factor.path)
    except ScenarioError as exc:
        raise ExperimentError(f"{where}.path: {exc}") from exc
    if factor.bounds is not None:
        _check_bounds(factor.bounds, info, f"{where}.bounds")
    for level in factor.levels or ():
        _check_level(level, info, f"{where}.levels")


def _check_bounds(bounds: tuple[float, float], info: ParamInfo, where: str) -> None:
    if info.kind not in {"float", "int"}:
        msg = f"{where}: {info.path!r} is a {info.kind} parameter; give 'levels'"
        raise ExperimentError(msg)
    low = -math.inf if info.low is None else info.low
    high = math.inf if info.high is None else info.high
    if bounds[0] < low or bounds[1] > high:
        msg = (
            f"{where}: {list(bounds)} lies outside the schema range "
            f"[{info.low}, {info.high}] of {info.path!r}"
        )
        raise ExperimentError(msg)


def _check_level(level: Level, info: ParamInfo, where: str) -> None:
    if info.kind == "choice":
        if level not in info.choices:
            msg = f"{where}: {level!r} is not one of {list(info.choices)}"
            raise ExperimentError(msg)
        return
    if info.kind == "bool":
        if not isinstance(level, bool):
            msg = f"{where}: {info.path!r} takes true/false, got {level!r}"
            raise ExperimentError(msg)
        return
    numeric = isinstance(level, int | float) and not isinstance(level, bool)
    if not numeric or (info.kind == "int" and float(level) != int(level)):
        msg = f"{where}: {info.path!r} takes {info.kind} values, got {level!r}"
        raise ExperimentError(msg)
    _check_bounds((float(level), float(level)), info, where)


def salib_problem(spec: ExperimentSpec) -> dict[str, Any]:
    """Return the SALib problem; the same factors drive sampling and analysis.

    Raises:
        ExperimentError: If a factor gives levels instead of bounds.
    """
    return {
        "num_vars": len(spec.factors),
        "names": spec.factor_paths,
        "bounds": [f.salib_bounds() for f in spec.factors],
        "dists": [f.dist for f in spec.factors],
    }


def n_runs_planned(spec: ExperimentSpec) -> int:
    """Return the number of runs the design plans (design points x replicates)."""
    return n_design_points(spec.design, spec.factors) * spec.replicates


def _resolved(spec: ExperimentSpec, points: pd.DataFrame) -> pd.DataFrame:
    # SALib samples floats; integer parameters are rounded to the values run.
    if spec.scenario is None:
        return points
    base = load_scenario(spec.scenario)
    for factor in spec.factors:
        if parameter_info(base, factor.path).kind == "int":
            points[factor.path] = points[factor.path].round().astype("int64")
    return points


def _run_id(values: list[Any], replicate: int, seed: int) -> str:
    text = json.dumps([values, replicate, seed], separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def expand_design(spec: ExperimentSpec) -> pd.DataFrame:
    """Return one row per run of ``spec``.

    Returns:
        Columns ``run_id``, ``design_index``, ``replicate``, ``seed`` and one column
        per factor path, ordered by design point then replicate. ``run_id`` hashes
        the resolved factor values, the replicate and the seed; the seed is
        ``run_seed(spec.seed, design_index, replicate)``.

    Raises:
        ExperimentError: If the design is too large or two runs share an id.
    """
    if (planned := n_runs_planned(spec)) > MAX_RUNS:
        msg = f"design too large: {planned:,} runs planned (limit {MAX_RUNS:,})"
        raise ExperimentError(msg)
    problem = (
        salib_problem(spec) if not isinstance(spec.design, FactorialDesign) else {}
    )
    points = _resolved(
        spec, design_points(spec.design, spec.factors, problem, spec.seed)
    )
    paths = spec.factor_paths
    values = points[paths].to_dict(orient="split")["data"]
    rows = [
        (d, r, run_seed(spec.seed, d, r), row)
        for d, row in enumerate(values)
        for r in range(spec.replicates)
    ]
    runs = pd.DataFrame(
        {
            "run_id": [_run_id(row, r, seed) for d, r, seed, row in rows],
            "design_index": pd.array([d for d, *_ in rows], dtype="int64"),
            "replicate": pd.array([r for _, r, *_ in rows], dtype="int64"),
            "seed": pd.array([seed for _, _, seed, _ in rows], dtype="int64"),
        }
    )
    factor_values = points.loc[runs["design_index"].to_numpy(), paths]
    runs = pd.concat([runs, factor_values.reset_index(drop=True)], axis=1)
    if runs["run_id"].duplicated().any():
        msg = "two runs share a run_id (identical values, replicate and seed)"
        raise ExperimentError(msg)
    return runs


def experiment_hash(spec: ExperimentSpec) -> str:
    """Return the SHA-256 of the resolved experiment and its scenario's content.

    Comments, formatting and the file's location do not change it; any change to a
    factor, the design, the seed or the scenario does.
    """
    payload = {
        # an absent analytic model is left out, so older hashes stay valid
        "experiment": spec.model_dump(
            mode="json",
            exclude={"source", "scenario", *(("model",) if spec.model is None else ())},
        ),
        "scenario": (
            load_scenario(spec.scenario).model_dump(mode="json")
            if spec.scenario is not None
            else None
        ),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
