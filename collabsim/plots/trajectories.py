"""Seaborn figures over tidy result tables: trajectories and distributions.

Every function takes DataFrames and returns a matplotlib ``Figure`` or ``Axes``.
Figures are built with ``matplotlib.figure.Figure`` rather than ``pyplot``, so no
global figure state or interactive backend is touched (files render with Agg).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from collabsim.model.observe import METRICS
from collabsim.plots.network import sector_palette
from collabsim.plots.style import PALETTE, new_axes

__all__ = [
    "DEFAULT_METRICS",
    "MAX_LISTED",
    "ORGANISATION_COLUMNS",
    "plot_organisation_distributions",
    "plot_trajectories",
    "plot_trajectory_grid",
]

log = logging.getLogger(__name__)

#: Metrics drawn by ``collabsim plot`` when none are named (theory §C2 core state).
DEFAULT_METRICS: tuple[str, ...] = (
    "tie_trust_mean",
    "org_confidence_mean",
    "org_faith_mean",
    "org_risk_threshold_mean",
    "org_perception_of_progress_mean",
    "conflict_mean",
    "collaboration_rate",
    "partnership_effectiveness",
)
#: Organisation-table columns shown as distributions, with axis labels.
ORGANISATION_COLUMNS: dict[str, str] = {
    "faith": "Faith (0-1)",
    "perception_of_progress": "Perception of progress (0-1)",
    "trust": "Trust in partners (0-1)",
    "confidence": "Confidence in partners (0-1)",
    "risk_threshold": "Risk threshold (0-1)",
    "conflict": "Conflict (0-1)",
}
#: Above this many organisations, distributions are drawn per sector instead.
MAX_LISTED = 16


def _label(metric: str) -> str:
    return METRICS[metric].label if metric in METRICS else metric


def _band(steps: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Mean and the 2.5% and 97.5% percentiles across runs, per step."""
    # a percentile band shows the spread across seeds and needs no bootstrap RNG
    by_step = steps.groupby("step")[metric]
    return pd.DataFrame(
        {
            "mean": by_step.mean(),
            "low": by_step.quantile(0.025),
            "high": by_step.quantile(0.975),
        }
    )


def plot_trajectories(
    steps: pd.DataFrame,
    metric: str,
    *,
    hue: str | None = None,
    step_unit: str = "week",
    ax: Axes | None = None,
) -> Axes:
    """Plot ``metric`` over steps: mean line and band holding 95% of runs.

    Args:
        steps: Tidy steps table (run_id, step, metrics), optionally joined with
            ``runs`` for ``hue``.
        metric: A column of ``steps``, normally a key of ``METRICS``.
        hue: Optional grouping column, e.g. ``"partnerships.0.governance"``.
        step_unit: Calendar unit of one step, for the x-axis label.
        ax: Axes to draw on; a new figure is made if omitted.

    Raises:
        KeyError: If ``metric`` is not a column of ``steps``.
    """
    if metric not in steps.columns:
        msg = f"no metric {metric!r} in the steps table; choose from {sorted(METRICS)}"
        raise KeyError(msg)
    ax = new_axes(ax)
    n_runs = steps["run_id"].nunique()
    groups: list[tuple[str | None, pd.DataFrame]] = [(None, steps)]
    if hue is not None:
        groups = [(f"{hue} = {key!s}", part) for key, part in steps.groupby(hue)]
    colours = sns.color_palette(PALETTE, len(groups))
    for (label, group), colour in zip(groups, colours, strict=True):
        band = _band(group, metric)
        ax.plot(band.index, band["mean"], color=colour, linewidth=1.5, label=label)
        ax.fill_between(
            band.index, band["low"], band["high"], color=colour, alpha=0.25, linewidth=0
        )
    if hue is not None:
        ax.legend(fontsize=7)
    spread = "band: middle 95% of runs" if n_runs > 1 else "one run"
    ax.set(xlabel=f"Step ({step_unit})", ylabel=_label(metric))
    ax.set_title(f"{_label(metric)}: mean of {n_runs} run(s), {spread}", fontsize=9)
    return ax


def plot_trajectory_grid(
    steps: pd.DataFrame,
    metrics: Sequence[str],
    *,
    step_unit: str = "week",
    title: str | None = None,
) -> Figure:
    """Draw one trajectory panel per metric in a grid of small multiples.

    Args:
        steps: Tidy steps table.
        metrics: Columns of ``steps`` to draw, in order.
        step_unit: Calendar unit of one step, for the x-axis labels.
        title: Figure title, e.g. the scenario name.
    """
    n_cols = min(len(metrics), 2)
    n_rows = math.ceil(len(metrics) / n_cols)
    fig = Figure(figsize=(5.5 * n_cols, 3.2 * n_rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(n_rows, n_cols, squeeze=False)).ravel()
    for ax, metric in zip(axes, metrics, strict=False):
        plot_trajectories(steps, metric, step_unit=step_unit, ax=ax)
        ax.set_title(_label(metric), fontsize=9)
    for ax in axes[len(metrics) :]:
        ax.set_visible(False)
    n_runs = steps["run_id"].nunique()
    suffix = f"mean and middle 95% of {n_runs} runs" if n_runs > 1 else "one run"
    fig.suptitle(f"{title}: {suffix}" if title else suffix)
    return fig


def plot_organisation_distributions(
    organisations: pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    step: int | None = None,
) -> Figure:
    """Dot plots of organisations' state at one step: runs as dots, mean and 95% range.

    With more than ``MAX_LISTED`` organisations, rows are sectors instead, so each
    dot is one organisation in one run.

    Args:
        organisations: Tidy organisations table (run_id, step, organisation, sector,
            faith, ...).
        columns: Columns to draw; default those of ``ORGANISATION_COLUMNS`` present.
        step: Step to show; default the last recorded step.

    Raises:
        KeyError: If a requested column is absent.
    """
    names = list(columns or [c for c in ORGANISATION_COLUMNS if c in organisations])
    if missing := [c for c in names if c not in organisations.columns]:
        msg = f"organisations table has no column(s) {missing}"
        raise KeyError(msg)
    at = int(organisations["step"].max()) if step is None else step
    shown = organisations[organisations["step"] == at]
    row = "organisation" if shown["organisation"].nunique() <= MAX_LISTED else "sector"
    order = list(dict.fromkeys(shown[row]))
    n_cols = min(len(names), 3)
    n_rows = math.ceil(len(names) / n_cols)
    height = max(2.5, 0.35 * len(order) + 1.2)
    fig = Figure(figsize=(4.2 * n_cols, height * n_rows), layout="constrained")
    axes = fig.subplots(n_rows, n_cols, squeeze=False, sharey=True).ravel()
    for i, (ax, column) in enumerate(zip(axes, names, strict=False)):
        common = {
            "data": shown,
            "x": column,
            "y": row,
            "hue": "sector",
            "order": order,
            "palette": sector_palette(shown["sector"]),
            "ax": ax,
        }
        # no jitter: seaborn would draw it from the global NumPy RNG
        sns.stripplot(**common, jitter=False, alpha=0.35, size=4, legend=False)
        sns.pointplot(
            **common,
            estimator="mean",
            errorbar=("pi", 95),
            linestyle="none",
            marker="D",
            markersize=5,
            legend=i == 0,
        )
        ax.set(xlabel=ORGANISATION_COLUMNS.get(column, column), ylabel="", xlim=(0, 1))
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    n_runs = shown["run_id"].nunique()
    fig.suptitle(
        f"Organisations at step {at}: {n_runs} run(s) as dots; mean and middle 95%"
    )
    return fig
