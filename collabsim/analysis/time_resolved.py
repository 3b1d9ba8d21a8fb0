"""Time-resolved sensitivity indices of a trajectory metric, per step or per window.

The steps table is aggregated in DuckDB to one mean per design point and window
(over the window's steps and the replicates), then each window is analysed like an
outcome, so the importance of each factor can be followed over the run.
"""

from __future__ import annotations

import pandas as pd

from collabsim.analysis.indices import INDEX_COLUMNS, AnalysisSettings
from collabsim.analysis.sensitivity import SweepDesign, indices_for
from collabsim.errors import ResultsError, did_you_mean
from collabsim.results.ledger import query_sweep

__all__ = ["TIME_COLUMNS", "time_resolved_indices", "window_means"]

#: Columns of the time-resolved indices table.
TIME_COLUMNS = ["window", "step_start", "step_end", *INDEX_COLUMNS]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_metric(design: SweepDesign, metric: str) -> None:
    try:
        columns = query_sweep(design.out, "SELECT * FROM steps LIMIT 0").columns
    except ResultsError as exc:
        msg = f"{design.out}: no steps table to resolve over time ({exc})"
        raise ResultsError(msg) from exc
    known = [str(c) for c in columns if c not in {"run_id", "step"}]
    if metric not in known:
        hint = did_you_mean(metric, known)
        msg = f"unknown step metric {metric!r}{hint}; kept: {', '.join(known)}"
        raise ResultsError(msg)


def window_means(design: SweepDesign, metric: str, *, windows: int) -> pd.DataFrame:
    """Return the replicate mean of ``metric`` per design point and window.

    Args:
        design: The sweep's design.
        metric: A column of the steps table.
        windows: Number of equal windows over the kept steps; 0 = every step.

    Returns:
        ``window, step_start, step_end, design_index, n_ok, <metric>__mean``.

    Raises:
        ResultsError: If there is no steps table or the metric is not in it.
    """
    _check_metric(design, metric)
    m = _quoted(metric)
    bucket = (
        "s.step"
        if windows <= 0
        else f"least({windows - 1}, floor((s.step - b.lo) * {windows} / "
        "(b.hi - b.lo + 1)))"
    )
    # the metric is checked against the steps table's columns above
    sql = f"""
        WITH b AS (SELECT min(step) AS lo, max(step) AS hi FROM steps),
        per_run AS (
            SELECT r.design_index, r.run_id, {bucket} AS win,
                   min(s.step) AS step_start, max(s.step) AS step_end,
                   avg(s.{m}) AS v
            FROM steps s JOIN runs r USING (run_id), b
            WHERE r.status = 'ok'
            GROUP BY r.design_index, r.run_id, win
        )
        SELECT CAST(win AS BIGINT) AS "window", min(step_start) AS step_start,
               max(step_end) AS step_end, design_index, count(*) AS n_ok,
               avg(v) AS {_quoted(metric + "__mean")}
        FROM per_run GROUP BY win, design_index ORDER BY win, design_index
    """  # noqa: S608
    return query_sweep(design.out, sql)


def time_resolved_indices(
    design: SweepDesign,
    metric: str,
    *,
    windows: int,
    method: str,
    settings: AnalysisSettings,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Return indices of ``metric`` per window (or step) and the caveats met.

    Returns:
        Columns of :data:`TIME_COLUMNS`; ``outcome`` is the metric.

    Raises:
        ResultsError: As for :func:`window_means` and
            :func:`collabsim.analysis.sensitivity.indices_for`.
    """
    means = window_means(design, metric, windows=windows)
    frames: list[pd.DataFrame] = []
    notes: list[str] = []
    for _, part in means.groupby("window", sort=True):
        rows, caveats = indices_for(
            design, part, metric, method=method, settings=settings
        )
        frames.append(
            rows.assign(
                window=int(part["window"].iloc[0]),
                step_start=int(part["step_start"].min()),
                step_end=int(part["step_end"].max()),
            )[TIME_COLUMNS]
        )
        notes += caveats
    if not frames:
        msg = f"{design.out}: the steps table has no rows of ok runs"
        raise ResultsError(msg)
    return pd.concat(frames, ignore_index=True), tuple(dict.fromkeys(notes))
