"""Verdicts of facts: paired differences, t intervals, and the share of a box.

From a facts folder's tables (:mod:`collabsim.sweep.facts_runner`) this module
computes, as tidy tables:

- ``values``: one row per fact, arm, point and replicate: the arm's metric averaged
  over the fact's window (NaN steps skipped), over its organisations if it names
  groups;
- ``differences``: treatment minus base per fact, point and replicate;
- ``effects``: per fact and point, the mean difference with a paired t interval and
  a verdict: ``holds`` when the whole interval lies on the side of the fact's
  direction, ``fails`` when it lies on the other side, else ``unclear``;
- ``summary``: one row per fact: its effect at the defaults (point 0) and, over the
  box points, the share where it holds and the share where the mean has the right
  sign.

All functions take and return DataFrames; nothing here runs the model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy import stats

from collabsim.experiment.facts import FactsSpec
from collabsim.results.files import read_table
from collabsim.results.ledger import read_sweep
from collabsim.results.tables import ORGANISATIONS, STEPS
from collabsim.sweep.facts_runner import ARMS, POINTS

__all__ = [
    "HOLDS",
    "VERDICTS",
    "arm_values",
    "fact_effects",
    "fact_summary",
    "paired_differences",
    "read_folder_values",
    "verdict",
]

HOLDS, FAILS, UNCLEAR = "holds", "fails", "unclear"
#: The verdicts, in report order.
VERDICTS: tuple[str, ...] = (HOLDS, UNCLEAR, FAILS)


def _window_means(
    table: pd.DataFrame, runs: pd.DataFrame, column: str, window: tuple[int, int]
) -> pd.Series:
    rows = table[
        table["run_id"].isin(runs["run_id"])
        & (table["step"] >= window[0])
        & (table["step"] < window[1])
    ]
    return rows.groupby("run_id")[column].mean()


def arm_values(
    design: pd.DataFrame,
    arms: pd.DataFrame,
    steps: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each arm's value per point and replicate.

    Args:
        design: One row per run (``run_id``, ``design_index``, ``replicate``,
            ``configuration``).
        arms: One row per fact and arm (``configuration``, ``metric``, ``start``,
            ``end``, ``organisations``).
        steps: The runs' step metrics.
        organisations: The runs' organisations table, for facts that name groups.

    Returns:
        Columns ``fact``, ``arm``, ``point``, ``replicate``, ``value``.
    """
    parts = []
    for arm in arms.to_dict(orient="records"):
        runs = design.loc[design["configuration"] == arm["configuration"]]
        window = (int(arm["start"]), int(arm["end"]))
        metric, groups = str(arm["metric"]), arm["organisations"]
        if not isinstance(groups, str):  # None or NaN: a step metric
            value = _window_means(steps, runs, metric, window)
        else:
            orgs = organisations if organisations is not None else pd.DataFrame()
            chosen = orgs[orgs["organisation"].isin(json.loads(groups))]
            # per organisation over the window, then the group's mean
            per_org = chosen[
                chosen["run_id"].isin(runs["run_id"])
                & (chosen["step"] >= window[0])
                & (chosen["step"] < window[1])
            ]
            value = (
                per_org.groupby(["run_id", "organisation"])[metric]
                .mean()
                .groupby("run_id")
                .mean()
            )
        frame = runs[["run_id", "design_index", "replicate"]].assign(
            fact=str(arm["fact"]), arm=str(arm["arm"]), value=runs["run_id"].map(value)
        )
        parts.append(frame)
    values = pd.concat(parts, ignore_index=True).rename(
        columns={"design_index": "point"}
    )
    columns = ["fact", "arm", "point", "replicate", "value"]
    return pd.DataFrame(values[columns])


def paired_differences(values: pd.DataFrame) -> pd.DataFrame:
    """Treatment minus base per fact, point and replicate (common random numbers).

    Returns:
        Columns ``fact``, ``point``, ``replicate``, ``difference``.
    """
    wide = values.pivot_table(
        index=["fact", "point", "replicate"],
        columns="arm",
        values="value",
        dropna=False,
        sort=False,
    )
    difference = (wide["treatment"] - wide["base"]).rename("difference")
    return difference.reset_index()


def verdict(low: float, high: float, sign: int) -> str:
    """The verdict of an interval [low, high] on a claim of sign ``sign``.

    ``holds`` if it lies on the side of ``sign``, ``fails`` if on the other side,
    else ``unclear`` (also for a missing interval).
    """
    if not (np.isfinite(low) and np.isfinite(high)):
        return UNCLEAR
    lower, upper = (low, high) if sign > 0 else (-high, -low)
    if lower > 0:
        return HOLDS
    if upper < 0:
        return FAILS
    return UNCLEAR


def _interval(diffs: np.ndarray, confidence: float) -> tuple[int, float, float, float]:
    finite = diffs[np.isfinite(diffs)]
    n = len(finite)
    if n == 0:
        return 0, float("nan"), float("nan"), float("nan")
    mean = float(finite.mean())
    if n < 2:
        return n, mean, float("nan"), float("nan")
    quantile = float(stats.t.ppf(0.5 + confidence / 2, n - 1))
    half = quantile * float(finite.std(ddof=1)) / float(np.sqrt(n))
    return n, mean, mean - half, mean + half


def fact_effects(differences: pd.DataFrame, spec: FactsSpec) -> pd.DataFrame:
    """The paired effect of each fact at each point, with its t interval and verdict.

    Replicates whose difference is missing (a metric undefined over the window,
    a failed run) are left out; ``n`` counts those used.

    Returns:
        Columns ``fact``, ``point``, ``n``, ``effect``, ``ci_low``, ``ci_high``,
        ``verdict``, ``right_sign``; facts in file order, then points.
    """
    signs = {fact.id: fact.sign for fact in spec.facts}
    rows = []
    for key, group in differences.groupby(["fact", "point"], sort=False):
        fact, point = cast(tuple[str, int], key)
        n, mean, low, high = _interval(
            group["difference"].to_numpy(dtype=np.float64), spec.confidence
        )
        sign = signs[str(fact)]
        rows.append(
            {
                "fact": fact,
                "point": int(point),
                "n": n,
                "effect": mean,
                "ci_low": low,
                "ci_high": high,
                "verdict": verdict(low, high, sign),
                "right_sign": bool(np.isfinite(mean) and sign * mean > 0),
            }
        )
    effects = pd.DataFrame(rows)
    order = {fact.id: k for k, fact in enumerate(spec.facts)}
    effects = effects.sort_values(
        ["fact", "point"], key=lambda c: c.map(order) if c.name == "fact" else c
    )
    return effects.reset_index(drop=True)


def fact_summary(effects: pd.DataFrame, spec: FactsSpec) -> pd.DataFrame:
    """One row per fact: what it claims, its effect at the defaults, its box shares.

    Returns:
        Columns ``fact``, ``claim``, ``kind``, ``role``, ``construction``,
        ``metric``, ``direction``, ``n``, ``effect``, ``ci_low``, ``ci_high``,
        ``verdict`` (at the defaults), ``box_points``, ``share_holds`` and
        ``share_right_sign`` (over the box points; missing without a box).
    """
    defaults: dict[Any, dict[Any, Any]] = (
        effects[effects["point"] == 0].set_index("fact").to_dict(orient="index")
    )
    box = effects[effects["point"] > 0].groupby("fact")
    shares: dict[Any, dict[Any, Any]] = pd.DataFrame(
        {
            "box_points": box.size(),
            "share_holds": box["verdict"].agg(lambda v: float((v == HOLDS).mean())),
            "share_right_sign": box["right_sign"].mean(),
        }
    ).to_dict(orient="index")
    rows = []
    for fact in spec.facts:
        at = defaults[fact.id]
        row = {
            "fact": fact.id,
            "claim": fact.claim,
            "kind": fact.kind,
            "role": fact.role,
            "construction": fact.construction,
            "metric": fact.metric,
            "direction": fact.direction,
            "n": int(at["n"]),
            "effect": float(at["effect"]),
            "ci_low": float(at["ci_low"]),
            "ci_high": float(at["ci_high"]),
            "verdict": str(at["verdict"]),
        }
        share = shares.get(fact.id)
        row["box_points"] = int(share["box_points"]) if share is not None else 0
        for column in ("share_holds", "share_right_sign"):
            row[column] = float(share[column]) if share is not None else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def _read_parts(out: Path, table: str, columns: Iterable[str] | None) -> pd.DataFrame:
    folder = out / table
    if not folder.is_dir():
        return pd.DataFrame()
    frame = read_table(out, table)
    return frame if columns is None else frame[list(columns)]


def read_folder_values(out: Path | str) -> pd.DataFrame:
    """Read a facts folder's runs and compute :func:`arm_values` from them.

    Failed runs count as missing values.

    Raises:
        ResultsError: If a table is missing.
    """
    folder = Path(out)
    runs = read_sweep(folder)
    arms = read_table(folder, ARMS)
    read_table(folder, POINTS)  # present in every complete facts folder
    design = runs.loc[runs["status"] == "ok"]
    steps = _read_parts(folder, STEPS, None)
    organisations = _read_parts(folder, ORGANISATIONS, None)
    return arm_values(
        design, arms, steps, organisations if len(organisations) else None
    )
