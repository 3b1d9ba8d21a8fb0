"""The plan of a facts run: configurations, arms, points and one row per run.

Every arm of every fact is a *configuration* (a scenario plus overrides); arms that
are the same configuration share their runs. Each configuration runs once per point
and seed: point 0 is the defaults, points 1..N are the points of an uncertainty box,
whose factor values are applied first, under each fact's own overrides. Seeds are
shared by every configuration at a point (common random numbers): ``seed + r`` at
the defaults (seeds 1000-1029 for ``facts/theory.toml`` and 30 seeds, as the
validation tests always used), ``run_seed(seed, point, r)`` at box point ``point``.

A run is as long as the latest window that reads it needs (``n_steps`` is set to
that): the model never looks ahead, so its steps are those of the full run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from collabsim.errors import FactsError, ScenarioError, did_you_mean
from collabsim.experiment.facts import (
    ARMS,
    Fact,
    FactsSpec,
    arm_overrides,
    fact_where,
)
from collabsim.model.observe import METRICS, ORGANISATION_COLUMNS
from collabsim.results.manifest import file_sha256
from collabsim.rng import run_seed
from collabsim.scenario.scenario import load_scenario, with_overrides

__all__ = ["FactsPlan", "check_measures", "plan_facts", "plan_hash", "point_values"]

#: Step metric kept when every fact reads the organisations table.
_FALLBACK_METRIC = "tie_trust_mean"


@dataclass(frozen=True, slots=True)
class FactsPlan:
    """Everything a facts run needs, as tidy tables.

    Attributes:
        spec: The facts.
        configurations: One row per configuration: ``configuration``, ``scenario``
            (file), ``overrides`` (JSON, with the run's ``n_steps``),
            ``organisations`` (whether its runs keep the organisations table).
        arms: One row per fact and arm: ``fact``, ``arm``, ``configuration``,
            ``metric``, ``start``, ``end``, ``organisations`` (JSON list or None).
        points: One row per point: ``point`` (0 = the defaults), then one column
            per box factor (missing at the defaults).
        design: One row per run: ``run_id``, ``design_index`` (the point),
            ``replicate``, ``seed``, ``configuration``.
        metrics: Step metrics every run keeps.
    """

    spec: FactsSpec
    configurations: pd.DataFrame
    arms: pd.DataFrame
    points: pd.DataFrame
    design: pd.DataFrame
    metrics: tuple[str, ...]

    @property
    def factor_paths(self) -> list[str]:
        """The box factors (empty without a box)."""
        return [str(c) for c in self.points.columns if c != "point"]

    @property
    def seeds(self) -> int:
        """Replicates per configuration and point."""
        return int(self.design["replicate"].max()) + 1


def check_measures(spec: FactsSpec) -> None:
    """Check each fact's metric against the model's registry.

    Raises:
        FactsError: Naming the file, the fact and ``metric``.
    """
    for index, fact in enumerate(spec.facts):
        known = ORGANISATION_COLUMNS if fact.organisations else tuple(METRICS)
        if fact.metric in known:
            continue
        what = "organisations-table column" if fact.organisations else "metric"
        hint = did_you_mean(fact.metric, known)
        if not hint and fact.metric in ORGANISATION_COLUMNS:
            hint = " (a column of the organisations table: add [facts.organisations])"
        msg = (
            f"{fact_where(spec.source, index, fact.id)}: metric: unknown {what} "
            f"{fact.metric!r}{hint}"
        )
        raise FactsError(msg)


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _arms(facts: Sequence[Fact]) -> tuple[pd.DataFrame, pd.DataFrame]:
    sha = {fact.scenario: file_sha256(fact.scenario) for fact in facts}
    keys: dict[tuple[str, str], int] = {}
    lengths: dict[int, int] = {}
    files: dict[int, Path] = {}
    rows: list[dict[str, Any]] = []
    for fact in facts:
        for arm in ARMS:
            key = (sha[fact.scenario], _canonical(arm_overrides(fact, arm)))
            config = keys.setdefault(key, len(keys))
            files[config] = fact.scenario
            lengths[config] = max(lengths.get(config, 0), fact.window[1] - 1)
            groups = getattr(fact.organisations, arm) if fact.organisations else None
            rows.append(
                {
                    "fact": fact.id,
                    "arm": arm,
                    "configuration": config,
                    "metric": fact.metric,
                    "start": fact.window[0],
                    "end": fact.window[1],
                    "organisations": json.dumps(list(groups)) if groups else None,
                }
            )
    arms = pd.DataFrame(rows)
    with_orgs = set(arms.loc[arms["organisations"].notna(), "configuration"])
    configurations = pd.DataFrame(
        [
            {
                "configuration": config,
                "scenario": str(files[config]),
                "scenario_sha256": scenario_sha,
                "overrides": _canonical(
                    {**json.loads(text), "n_steps": max(lengths[config], 1)}
                ),
                "organisations": config in with_orgs,
            }
            for (scenario_sha, text), config in keys.items()
        ]
    )
    return configurations, arms


def point_values(points: pd.DataFrame, point: int) -> dict[str, Any]:
    """The factor values of ``point`` as plain Python values (none at point 0)."""
    if point == 0:
        return {}
    row = points.loc[points["point"] == point].iloc[0]
    return {
        str(path): row[path].item() if hasattr(row[path], "item") else row[path]
        for path in points.columns
        if path != "point"
    }


def _run_id(key: str, replicate: int, seed: int) -> str:
    text = json.dumps([key, replicate, seed], separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _design(
    spec: FactsSpec, configurations: pd.DataFrame, points: pd.DataFrame, seeds: int
) -> pd.DataFrame:
    keys = {
        int(row["configuration"]): f"{row['scenario_sha256']}:{row['overrides']}"
        for row in configurations.to_dict(orient="records")
    }
    rows = []
    for point in points["point"].tolist():
        values = _canonical(point_values(points, point))
        for replicate in range(seeds):
            seed = (
                spec.seed + replicate
                if point == 0
                else run_seed(spec.seed, point, replicate)
            )
            for config, key in keys.items():
                run_id = _run_id(f"{key}:{values}", replicate, seed)
                rows.append((run_id, point, replicate, seed, config))
    columns = ["run_id", "design_index", "replicate", "seed", "configuration"]
    design = pd.DataFrame(rows, columns=columns)
    return design.astype(dict.fromkeys(columns[1:], "int64"))


def _points(spec: FactsSpec, box: pd.DataFrame | None) -> pd.DataFrame:
    box = box.reset_index(drop=True) if box is not None else pd.DataFrame()
    if not box.empty:
        first = {str(c): box[c].iloc[0].item() for c in box.columns}
        for path in sorted({fact.scenario for fact in spec.facts}):
            try:
                with_overrides(load_scenario(path), first)
            except ScenarioError as exc:
                msg = f"--box: a factor does not apply to {path}: {exc}"
                raise FactsError(msg) from exc
    table = pd.concat(
        [pd.DataFrame({"point": [0]}), box.assign(point=range(1, len(box) + 1))],
        ignore_index=True,
    )
    table["point"] = table["point"].astype("int64")
    return table[["point", *map(str, box.columns)]]


def plan_facts(
    spec: FactsSpec, *, seeds: int, points: pd.DataFrame | None = None
) -> FactsPlan:
    """Plan the runs of ``spec``: configurations, arms, points and the design.

    Args:
        spec: The facts (see :func:`collabsim.experiment.facts.load_facts`).
        seeds: Replicates per configuration and point (at least 2, for an interval).
        points: Box points, one column per factor path, one row per point (e.g.
            :func:`collabsim.experiment.designs.design_points`); None: defaults only.

    Raises:
        FactsError: For an unknown metric, fewer than two seeds, or a box factor
            that one of the facts' scenarios does not take.
    """
    check_measures(spec)
    if seeds < 2:
        msg = f"--seeds: a confidence interval needs at least 2 seeds, got {seeds}"
        raise FactsError(msg)
    configurations, arms = _arms(spec.facts)
    table = _points(spec, points)
    kept = set(arms.loc[arms["organisations"].isna(), "metric"])
    metrics = tuple(m for m in METRICS if m in kept) or (_FALLBACK_METRIC,)
    return FactsPlan(
        spec=spec,
        configurations=configurations,
        arms=arms,
        points=table,
        design=_design(spec, configurations, table, seeds),
        metrics=metrics,
    )


def plan_hash(plan: FactsPlan) -> str:
    """SHA-256 of what the runs of ``plan`` are: refuse to resume if it changed.

    The run ids already encode each scenario file's hash, the overrides, the box
    point and the seed; the arms and the kept metrics are added.
    """
    payload = {
        "runs": plan.design["run_id"].tolist(),
        "arms": plan.arms.to_dict(orient="records"),
        "metrics": list(plan.metrics),
        "confidence": plan.spec.confidence,
    }
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()
