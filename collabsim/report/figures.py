"""Report figures over tidy tables (seaborn, colour-blind-safe palettes).

Each function takes DataFrames and returns a matplotlib ``Figure``; nothing touches
pyplot's global state. Trajectory and network drawings reuse :mod:`collabsim.plots`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from collabsim.plots.network import final_pairs, plot_partner_network
from collabsim.plots.trajectories import plot_trajectories
from collabsim.report.narrative import outcome_words

__all__ = [
    "PALETTE",
    "comparison_trajectories",
    "damour_heatmap",
    "difference_forest",
    "factor_effects",
    "indices_bars",
    "network_panels",
    "peeling_trajectory",
    "ranking_plot",
]

#: Categorical palette of every report figure (Okabe-Ito-like, colour-blind safe).
PALETTE = "colorblind"


def _grid(n: int, n_cols: int, size: tuple[float, float]) -> tuple[Figure, np.ndarray]:
    cols = max(1, min(n, n_cols))
    rows = math.ceil(n / cols)
    fig = Figure(figsize=(size[0] * cols, size[1] * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes


def comparison_trajectories(
    steps: pd.DataFrame, metrics: Sequence[str], *, step_unit: str
) -> Figure:
    """One panel per metric: each configuration's mean and middle-95% band.

    Args:
        steps: Steps table joined with ``configuration`` (ordered categorical).
        metrics: Columns to draw.
        step_unit: Calendar unit of a step, for the x axes.
    """
    shown = [m for m in metrics if m in steps.columns]
    fig, axes = _grid(len(shown), 2, (5.6, 3.3))
    for ax, metric in zip(axes, shown, strict=False):
        plot_trajectories(
            steps, metric, hue="configuration", step_unit=step_unit, ax=ax
        )
        ax.set_title(outcome_words(metric).capitalize(), fontsize=10)
        legend = ax.get_legend()
        if legend is not None and ax is not axes[0]:
            legend.remove()
    return fig


def difference_forest(differences: pd.DataFrame) -> Figure:
    """Mean paired difference from the reference with its 95% bootstrap CI.

    One panel per outcome (own scale), one row per compared configuration; the
    dashed line is "no difference".
    """
    outcomes = list(dict.fromkeys(differences["outcome"]))
    names = list(dict.fromkeys(differences["configuration"]))
    colours = dict(zip(names, sns.color_palette(PALETTE, len(names)), strict=True))
    fig, axes = _grid(len(outcomes), 3, (3.9, 0.55 * len(names) + 1.5))
    for ax, outcome in zip(axes, outcomes, strict=False):
        part = differences[differences["outcome"] == outcome]
        y = np.arange(len(part))
        for k, (_, row) in enumerate(part.iterrows()):
            ax.errorbar(
                row["difference"],
                y[k],
                xerr=[
                    [row["difference"] - row["conf_low"]],
                    [row["conf_high"] - row["difference"]],
                ],
                fmt="o",
                color=colours[row["configuration"]],
                capsize=4,
            )
        ax.axvline(0.0, color="0.4", linestyle="--", linewidth=1)
        ax.set_yticks(y, [str(c) for c in part["configuration"]], fontsize=8)
        ax.set_ylim(-0.7, len(part) - 0.3)
        ax.set_xlabel("Difference from reference (outcome units)", fontsize=8)
        ax.set_title(outcome_words(outcome).capitalize(), fontsize=9)
    return fig


def damour_heatmap(damour: pd.DataFrame) -> Figure:
    """D'Amour indicators (rows) by configuration (columns), coloured by level."""
    wide = damour.pivot(index="indicator", columns="configuration", values="level")
    order = list(dict.fromkeys(damour["indicator"]))
    columns = list(dict.fromkeys(damour["configuration"]))
    wide = wide.loc[order, columns]
    labels = damour.pivot(index="indicator", columns="configuration", values="label")
    fig = Figure(figsize=(2.0 + 1.9 * len(columns), 4.6), layout="constrained")
    ax = fig.subplots()
    cmap = mpl.colors.ListedColormap(sns.color_palette("viridis", 3))
    sns.heatmap(
        wide.astype(float),
        annot=labels.loc[order, columns].to_numpy(),
        fmt="",
        cmap=cmap,
        vmin=0.5,
        vmax=3.5,
        linewidths=1,
        linecolor="white",
        cbar_kws={"ticks": [1, 2, 3], "label": "Level (1 potential - 3 active)"},
        ax=ax,
    )
    ax.set(xlabel="Configuration", ylabel="D'Amour indicator")
    ax.set_yticklabels([i.replace("_", " ") for i in order], rotation=0)
    return fig


def network_panels(
    ties: pd.DataFrame, runs: pd.DataFrame, sectors: dict[str, str]
) -> Figure:
    """Each configuration's partner network at the last step, edges by mean trust."""
    joined = ties.merge(runs[["run_id", "configuration"]], on="run_id")
    names = [str(c) for c in dict.fromkeys(runs["configuration"])]
    fig, axes = _grid(len(names), 2, (6.0, 5.0))
    for ax, name in zip(axes, names, strict=False):
        part = joined[joined["configuration"] == name]
        if part.empty:
            ax.set_axis_off()
            ax.set_title(f"{name}: no ties recorded", fontsize=10)
            continue
        plot_partner_network(final_pairs(part), sectors=sectors, seed=0, ax=ax)
        ax.set_title(name, fontsize=10)
    return fig


def peeling_trajectory(trajectory: pd.DataFrame) -> Figure:
    """PRIM trade-off: coverage against density, coloured by restricted factors."""
    fig = Figure(figsize=(6.2, 4.4), layout="constrained")
    ax = fig.subplots()
    sns.scatterplot(
        data=trajectory,
        x="coverage",
        y="density",
        hue="n_restricted",
        palette="viridis",
        ax=ax,
        s=35,
    )
    chosen = trajectory[trajectory["chosen"]]
    ax.scatter(
        chosen["coverage"],
        chosen["density"],
        s=220,
        facecolors="none",
        edgecolors="#d55e00",
        linewidths=2,
        label="chosen box",
    )
    ax.legend(title="Restricted factors / chosen", fontsize=8)
    ax.set(
        xlabel="Coverage (share of cases of interest inside the box)",
        ylabel="Density (share of runs in the box that are cases)",
        xlim=(0, 1.03),
        ylim=(0, 1.03),
    )
    return fig


def ranking_plot(ranking: pd.DataFrame, outcome: str, labels: Sequence[str]) -> Figure:
    """Design points by mean outcome with 95% bootstrap CIs, best at the top."""
    fig = Figure(figsize=(8.5, 0.28 * len(ranking) + 1.4), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(ranking))[::-1]
    colour = sns.color_palette(PALETTE, 2)
    overlaps = (
        ranking["overlaps_best"]
        if "overlaps_best" in ranking
        else pd.Series(data=True, index=ranking.index)
    )
    ax.errorbar(
        ranking["mean"],
        y,
        xerr=[
            ranking["mean"] - ranking["conf_low"],
            ranking["conf_high"] - ranking["mean"],
        ],
        fmt="none",
        ecolor="0.55",
        capsize=2,
    )
    for flag, colour_k, text in (
        (True, 0, "CI overlaps the best"),
        (False, 1, "clearly below"),
    ):
        pick = (overlaps == flag).to_numpy()
        ax.scatter(
            ranking["mean"][pick], y[pick], color=colour[colour_k], label=text, zorder=3
        )
    ax.set_yticks(y, list(labels), fontsize=7)
    ax.set_xlabel(f"Mean {outcome_words(outcome).removeprefix('the ')} (replicates)")
    ax.legend(fontsize=8, loc="lower right")
    return fig


def factor_effects(runs: pd.DataFrame, factors: Sequence[str], outcome: str) -> Figure:
    """Mean outcome at each factor level (numeric factors in quintile bins), 95% CI."""
    fig, axes = _grid(len(factors), 3, (3.8, 3.0))
    for ax, factor in zip(axes, factors, strict=False):
        column = runs[factor]
        x = column.astype(str)
        if pd.api.types.is_float_dtype(column) and column.nunique() > 6:
            x = pd.qcut(column, 5, duplicates="drop").astype(str)
        frame = pd.DataFrame({"level": x, "value": runs[outcome]})
        sns.pointplot(
            data=frame,
            x="level",
            y="value",
            errorbar=("ci", 95),
            seed=0,
            color=sns.color_palette(PALETTE)[0],
            ax=ax,
            linestyle="none",
        )
        ax.set(xlabel=factor, ylabel=outcome_words(outcome))
        ax.tick_params(axis="x", labelrotation=30, labelsize=7)
    return fig


def indices_bars(indices: pd.DataFrame, kind_column: str) -> Figure:
    """Sensitivity indices per outcome: bars per parameter, hue by index kind."""
    outcomes = list(dict.fromkeys(indices["outcome"]))
    fig, axes = _grid(
        len(outcomes), 2, (6.0, 0.35 * indices["parameter"].nunique() + 1.8)
    )
    for ax, outcome in zip(axes, outcomes, strict=False):
        part = indices[indices["outcome"] == outcome]
        sns.barplot(
            data=part,
            x="estimate",
            y="parameter",
            hue=kind_column,
            palette=PALETTE,
            errorbar=None,
            ax=ax,
        )
        if {"conf_low", "conf_high"} <= set(part.columns):
            _index_errorbars(ax, part, kind_column)
        ax.set(xlabel="Index estimate", ylabel="Parameter")
        ax.set_title(outcome_words(str(outcome)), fontsize=9)
    return fig


def _index_errorbars(ax: mpl.axes.Axes, part: pd.DataFrame, kind_column: str) -> None:
    kinds = list(dict.fromkeys(part[kind_column]))
    params = list(dict.fromkeys(part["parameter"]))
    width = 0.8 / max(len(kinds), 1)
    for k, kind in enumerate(kinds):
        rows = part[part[kind_column] == kind].set_index("parameter")
        for p, param in enumerate(params):
            if param not in rows.index:
                continue
            row = rows.loc[param]
            offset = p - 0.4 + width * (k + 0.5)
            ax.plot(
                [row["conf_low"], row["conf_high"]],
                [offset, offset],
                color="0.2",
                linewidth=1,
            )
