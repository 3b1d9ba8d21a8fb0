"""Convergence diagnostics: are the indices stable, how many runs would make them so?

Indices are recomputed on growing nested subsets of the sample: the first 1/8, 1/4,
1/2 and all of the Sobol' base samples (a prefix of a scrambled Sobol' sequence is
itself balanced), Morris trajectories or given-data points. :func:`convergence_flags`
then flags what a user of a stochastic model needs to know:

- ``ci_moving``: the estimate moved by more than its CI half-width when the sample
  doubled last;
- ``negative``: a variance-based index is negative beyond its CI (estimator noise:
  more samples, or more replicates if the seed-noise share is high);
- ``sum_s1``: first-order indices sum above 1 (impossible for exact indices);
- ``small_sample``: the widest CI is wider than the target, with the runs a stable
  estimate would need (CI half-width shrinks as 1/sqrt(n)).

References:
    Sarrazin, Pianosi & Wagener (2016), *Global sensitivity analysis of environmental
    models: convergence and validation*, EMS 79:135-152.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from collabsim.analysis.indices import INDEX_COLUMNS, AnalysisSettings, analyse
from collabsim.analysis.sensitivity import SweepDesign, analysis_sample, block_size

__all__ = [
    "FLAG_COLUMNS",
    "NEED_COLUMNS",
    "convergence_flags",
    "convergence_table",
    "runs_needed",
]

#: Columns of the warnings table.
FLAG_COLUMNS = ["outcome", "parameter", "kind", "flag", "message"]
#: Columns of the runs-needed table.
NEED_COLUMNS = [
    "outcome",
    "method",
    "blocks",
    "runs",
    "max_half_width",
    "target_half_width",
    "blocks_needed",
    "runs_needed",
]
#: Smallest subset analysed, in blocks (base samples, trajectories or points).
_MIN_BLOCKS = {"sobol": 8, "morris": 2}
_MIN_POINTS = 32
#: Kinds on a variance scale in [0, 1], where negative values are estimator noise.
_VARIANCE_KINDS = ("S1", "ST", "S2", "delta")


def _block(design: SweepDesign, method: str) -> int:
    return block_size(design) if method in {"sobol", "morris"} else 1


def convergence_table(
    design: SweepDesign,
    means: pd.DataFrame,
    outcome: str,
    *,
    method: str,
    settings: AnalysisSettings,
    n_sizes: int = 4,
) -> pd.DataFrame:
    """Return the indices of ``outcome`` on nested subsets of growing size.

    Args:
        design: The sweep's design.
        means: Replicate means per design point (:func:`design_means`).
        outcome: The outcome.
        method: The analysis method (not ``fast``: eFAST samples cannot be split).
        settings: As for the full analysis.
        n_sizes: Number of sizes, halving from the full sample.

    Returns:
        The ``indices`` columns plus ``blocks`` (base samples, trajectories or
        points in the subset) and ``runs`` (their runs, replicates included); empty
        for eFAST.
    """
    columns = [*INDEX_COLUMNS, "blocks", "runs"]
    if method == "fast":
        return pd.DataFrame(columns=columns)
    x, y, _ = analysis_sample(design, means, outcome, method=method)
    size = _block(design, method)
    total = len(y) // size
    smallest = _MIN_BLOCKS.get(method, _MIN_POINTS)
    sizes = sorted({total // 2**k for k in range(n_sizes)} - {0})
    sizes = [n for n in sizes if n >= min(smallest, total)]
    replicates = float(means["n_ok"].mean())
    frames = []
    for n in sizes:
        rows = analyse(method, design.problem, x[: n * size], y[: n * size], settings)
        frames.append(
            rows.rows.assign(
                outcome=outcome, blocks=n, runs=round(n * size * replicates)
            )[columns]
        )
    return pd.concat(frames, ignore_index=True)


def _flag(row: pd.Series, flag: str, message: str) -> tuple[str, str, str, str, str]:
    return (str(row["outcome"]), str(row["parameter"]), str(row["kind"]), flag, message)


def convergence_flags(indices: pd.DataFrame, convergence: pd.DataFrame) -> pd.DataFrame:
    """Return one row per warning about the indices of a study.

    Args:
        indices: The full-sample indices table.
        convergence: :func:`convergence_table` rows (may be empty).

    Returns:
        Columns ``outcome, parameter, kind, flag, message``.
    """
    rows = []
    for _, row in indices.iterrows():
        if row["kind"] in _VARIANCE_KINDS and row["conf_high"] < 0:
            half = (row["conf_high"] - row["conf_low"]) / 2
            rows.append(
                _flag(
                    row,
                    "negative",
                    f"{row['kind']} = {row['estimate']:.3f} is negative beyond its "
                    f"CI (half-width {half:.3f}): estimator noise; more samples "
                    "or replicates",
                )
            )
    s1 = indices[indices["kind"] == "S1"].groupby("outcome")["estimate"].sum()
    rows += [
        (str(o), "", "S1", "sum_s1", f"first-order indices sum to {v:.3f} > 1")
        for o, v in s1.items()
        if v > 1
    ]
    rows += _moving(convergence)
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)


def _moving(convergence: pd.DataFrame) -> list[tuple[str, str, str, str, str]]:
    with_ci = convergence.dropna(subset=["conf_low"])
    sizes = sorted(with_ci["blocks"].unique())
    if len(sizes) < 2:
        return []
    keys = ["outcome", "parameter", "kind"]
    last = with_ci[with_ci["blocks"] == sizes[-1]].set_index(keys)
    prev = with_ci[with_ci["blocks"] == sizes[-2]].set_index(keys)
    joined = last.merge(prev, left_index=True, right_index=True, suffixes=("", "_prev"))
    half = (joined["conf_high"] - joined["conf_low"]) / 2
    moved = (joined["estimate"] - joined["estimate_prev"]).abs()
    rows = []
    for key in joined.index[moved > half]:
        o, p, k = key
        rows.append(
            (
                str(o),
                str(p),
                str(k),
                "ci_moving",
                (
                    f"{k} moved {moved[key]:.3f} (more than its CI half-width "
                    f"{half[key]:.3f}) when the sample doubled from "
                    f"{int(sizes[-2])} to {int(sizes[-1])}"
                ),
            )
        )
    return rows


def runs_needed(
    design: SweepDesign,
    indices: pd.DataFrame,
    *,
    method: str,
    target: float = 0.05,
) -> pd.DataFrame:
    """Estimate the runs a stable estimate needs, per outcome.

    CI half-widths shrink as 1/sqrt(n), so ``n_needed = n * (widest / target)²``.
    The target applies to indices with a CI on a [0, 1] scale; for Morris it is a
    fraction of the largest mu* (``2 * target * max mu*``). Sobol' base samples are
    rounded up to a power of two.

    Returns:
        Columns of :data:`NEED_COLUMNS`; ``runs_needed <= runs`` means converged.
        Outcomes without confidence intervals (PAWN) have no row.
    """
    size = _block(design, method)
    replicates = design.spec.replicates
    blocks = len(design.x) // size
    rows = []
    for outcome, part in indices.groupby("outcome", sort=False):
        with_ci = part.dropna(subset=["conf_low"])
        with_ci = with_ci[with_ci["kind"] != "S2"]
        if with_ci.empty:
            continue
        half = float(((with_ci["conf_high"] - with_ci["conf_low"]) / 2).max())
        scale = float(with_ci["estimate"].abs().max()) if method == "morris" else 1.0
        # screening needs ranks, not precise mu*: 2 x target of the largest mu*
        goal = 2 * target * scale if method == "morris" and scale > 0 else target
        factor = (half / goal) ** 2 if goal > 0 else math.inf
        needed = max(blocks, math.ceil(blocks * factor))
        if method == "sobol":
            needed = 2 ** math.ceil(math.log2(needed))
        rows.append(
            (
                str(outcome),
                method,
                blocks,
                blocks * size * replicates,
                half,
                goal,
                needed,
                needed * size * replicates,
            )
        )
    return pd.DataFrame(rows, columns=NEED_COLUMNS).astype(
        {"blocks_needed": np.int64, "runs_needed": np.int64}
    )
