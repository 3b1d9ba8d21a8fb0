"""Differences between configurations, with paired bootstrap CIs and effect sizes.

Works on tidy tables only (``runs`` with a ``configuration`` column and ``seed``;
``steps``), so every number in a comparison report can be recomputed from the
Parquet files. Configurations run on the same seeds (common random numbers), so
differences are paired by seed, which removes the seed-to-seed noise they share.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from collabsim.arrays import FloatArray
from collabsim.errors import ResultsError
from collabsim.model.damour import DAMOUR_INDICATORS, DAMOUR_LABELS, damour_level
from collabsim.model.observe import HEADLINE_METRICS

__all__ = [
    "COMPARED_METRICS",
    "DAMOUR_LABELS",
    "bootstrap_mean_ci",
    "configuration_order",
    "damour_summary",
    "effect_size_label",
    "paired_differences",
    "rank_design_points",
]

#: Trajectories and final outcomes compared side by side (theory §C2 core state).
COMPARED_METRICS: tuple[str, ...] = HEADLINE_METRICS


def bootstrap_mean_ci(
    values: FloatArray, *, n_boot: int, seed: int, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap CI of the mean of ``values`` (resampling whole values).

    Args:
        values: Finite observations, e.g. paired differences, one per seed.
        n_boot: Bootstrap resamples.
        seed: Seed of the resampling generator (results are reproducible).
        level: Coverage of the interval.

    Returns:
        ``(low, high)``; ``(nan, nan)`` for fewer than two values.
    """
    data = np.asarray(values, dtype=np.float64)
    if data.size < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    index = rng.integers(0, data.size, size=(n_boot, data.size))
    means = data[index].mean(axis=1)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(low), float(high)


def effect_size_label(d: float) -> str:
    """Cohen's conventional words for ``|d|``: negligible, small, medium, large."""
    size = abs(d)
    if not np.isfinite(size):
        return "undefined"
    if size < 0.2:
        return "negligible"
    if size < 0.5:
        return "small"
    return "medium" if size < 0.8 else "large"


def _cohen_d(reference: FloatArray, other: FloatArray) -> float:
    """Mean difference over the average of the two SDs (Cohen's d_av, Lakens 2013)."""
    spread = np.sqrt((reference.var(ddof=1) + other.var(ddof=1)) / 2.0)
    diff = float(other.mean() - reference.mean())
    if spread > 0:
        return diff / float(spread)
    return 0.0 if diff == 0 else float(np.copysign(np.inf, diff))


def _paired(
    runs: pd.DataFrame, outcome: str, reference: str, other: str
) -> tuple[FloatArray, FloatArray]:
    ok = runs[runs["status"] == "ok"]
    wide = ok.pivot_table(
        index="seed", columns="configuration", values=outcome, aggfunc="first"
    )
    both = wide[[reference, other]].dropna()
    return (
        both[reference].to_numpy(dtype=np.float64),
        both[other].to_numpy(dtype=np.float64),
    )


def paired_differences(
    runs: pd.DataFrame,
    outcomes: Sequence[str],
    *,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Differences of each configuration from the first, paired by seed.

    Args:
        runs: ``runs`` table with ``configuration`` (categorical, first category is
            the reference, else order of appearance), ``seed``, ``status`` and the
            outcome columns.
        outcomes: Outcome columns to compare, e.g. ``org_faith_mean_final``.
        n_boot: Bootstrap resamples of the seeds.
        seed: Seed of the bootstrap generator.

    Returns:
        One row per outcome x non-reference configuration: ``outcome``,
        ``configuration``, ``reference``, ``n_pairs``, ``mean_reference``,
        ``mean_configuration``, ``difference`` (mean paired difference),
        ``conf_low``, ``conf_high`` (95% percentile bootstrap over seeds),
        ``excludes_zero``, ``effect_size`` (Cohen's d_av) and ``effect_label``.

    Raises:
        ResultsError: If fewer than two configurations or an outcome is missing.
    """
    names = configuration_order(runs)
    if len(names) < 2:
        raise ResultsError("a comparison needs at least two configurations")
    if missing := [o for o in outcomes if o not in runs.columns]:
        raise ResultsError(f"runs table has no outcome column(s) {missing}")
    reference, rows = names[0], []
    for outcome in outcomes:
        for k, other in enumerate(names[1:]):
            ref, oth = _paired(runs, outcome, reference, other)
            diff = oth - ref
            low, high = bootstrap_mean_ci(diff, n_boot=n_boot, seed=seed + k)
            d = _cohen_d(ref, oth) if diff.size >= 2 else float("nan")
            rows.append(
                {
                    "outcome": outcome,
                    "configuration": other,
                    "reference": reference,
                    "n_pairs": int(diff.size),
                    "mean_reference": float(ref.mean()) if ref.size else np.nan,
                    "mean_configuration": float(oth.mean()) if oth.size else np.nan,
                    "difference": float(diff.mean()) if diff.size else np.nan,
                    "conf_low": low,
                    "conf_high": high,
                    "excludes_zero": bool(low > 0 or high < 0),
                    "effect_size": d,
                    "effect_label": effect_size_label(d),
                }
            )
    return pd.DataFrame(rows)


def configuration_order(runs: pd.DataFrame) -> list[str]:
    """Configuration names, reference first (categorical order, else appearance)."""
    column = runs["configuration"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories if (column == c).any()]
    return [str(c) for c in dict.fromkeys(column)]


def damour_summary(steps: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """D'Amour indicators at the last step, per configuration.

    Scores in ``steps`` (``damour_<indicator>``) lie in [1, 3]; they are averaged
    over runs and mapped to levels with :func:`collabsim.rules.comb.damour_level`.

    Returns:
        ``configuration``, ``indicator``, ``score`` (mean, 1-3), ``level`` (1-3),
        ``label`` (potential / developing / active) and ``share_active`` (share of
        runs whose own level is active); indicators missing from ``steps`` are
        skipped.

    References:
        docs/theory.md §C6 D'Amour cross-walk; P2-D.
    """
    last = steps[steps["step"] == steps.groupby("run_id")["step"].transform("max")]
    last = last.merge(runs[["run_id", "configuration"]], on="run_id")
    rows = []
    for name in configuration_order(runs):
        part = last[last["configuration"] == name]
        for indicator in DAMOUR_INDICATORS:
            column = f"damour_{indicator}"
            if column not in part.columns:
                continue
            scores = part[column].to_numpy(dtype=np.float64)
            scores = scores[np.isfinite(scores)]
            if not scores.size:
                continue
            unit = (scores - 1.0) / 2.0
            level = int(damour_level(np.array([unit.mean()]))[0])
            rows.append(
                {
                    "configuration": name,
                    "indicator": indicator,
                    "score": float(scores.mean()),
                    "level": level,
                    "label": DAMOUR_LABELS[level],
                    "share_active": float((damour_level(unit) == 3).mean()),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "configuration",
            "indicator",
            "score",
            "level",
            "label",
            "share_active",
        ],
    )


def rank_design_points(
    runs: pd.DataFrame,
    factors: Sequence[str],
    outcome: str,
    *,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Rank a sweep's design points by the mean of ``outcome`` across replicates.

    Args:
        runs: Sweep ``runs`` table (``design_index``, ``status``, factor columns).
        factors: Factor columns describing each design point.
        outcome: Outcome column to rank by (higher ranks first).
        n_boot: Bootstrap resamples of the replicates.
        seed: Seed of the bootstrap generator.

    Returns:
        One row per design point, best first: ``rank``, ``design_index``, the
        factors, ``n``, ``mean``, ``conf_low``, ``conf_high`` (95% bootstrap CI of
        the mean) and ``overlaps_best`` (its CI overlaps that of the top point, so
        the ranking between them is not settled).

    Raises:
        ResultsError: If ``outcome`` or a factor is not a column of ``runs``.
    """
    if missing := [c for c in (outcome, *factors) if c not in runs.columns]:
        raise ResultsError(f"runs table has no column(s) {missing}")
    ok = runs[(runs["status"] == "ok") & runs[outcome].notna()]
    rows = []
    for _, part in ok.groupby("design_index", sort=True):
        index = int(part["design_index"].iloc[0])
        values = part[outcome].to_numpy(dtype=np.float64)
        low, high = bootstrap_mean_ci(values, n_boot=n_boot, seed=seed + index)
        head = {f: part[f].iloc[0] for f in factors}
        rows.append(
            {"design_index": index, **head, "n": int(values.size)}
            | {"mean": float(values.mean()), "conf_low": low, "conf_high": high}
        )
    table = pd.DataFrame(rows).sort_values("mean", ascending=False, kind="stable")
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    if len(table):
        best_low = float(table["conf_low"].iloc[0])
        table["overlaps_best"] = table["conf_high"] >= best_low
    return table.reset_index(drop=True)
