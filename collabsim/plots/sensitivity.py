"""Figures of a sensitivity study; each takes tidy tables and returns a ``Figure``.

Built on ``matplotlib.figure.Figure`` (no pyplot state), with seaborn for the
statistical layers, like :mod:`collabsim.plots.trajectories`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "convergence_figure",
    "morris_figure",
    "second_order_figure",
    "sobol_bars_figure",
    "time_resolved_figure",
]

PALETTE = "colorblind"


def _axes(n: int, *, width: float, height: float) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=(width, height * max(n, 1)), layout="constrained")
    axes = fig.subplots(max(n, 1), 1, squeeze=False)[:, 0]
    return fig, list(axes)


def _short(name: str) -> str:
    return name.removeprefix("partnerships.0.").removeprefix("dynamics.")


def _top(part: pd.DataFrame, kind: str, n: int) -> list[str]:
    order = part[part["kind"] == kind].sort_values("estimate", ascending=False)
    return list(order["parameter"].head(n))


def sobol_bars_figure(
    indices: pd.DataFrame, *, kinds: Sequence[str] = ("S1", "ST"), top: int = 20
) -> Figure:
    """Bars of first-order and total indices per parameter, with CI whiskers.

    Args:
        indices: Tidy indices (outcome, parameter, kind, estimate, conf_low,
            conf_high).
        kinds: Index kinds to draw side by side.
        top: Parameters per outcome, by the last kind (largest first).
    """
    outcomes = list(dict.fromkeys(indices["outcome"]))
    fig, axes = _axes(len(outcomes), width=7.0, height=0.25 * top + 1.5)
    for ax, outcome in zip(axes, outcomes, strict=True):
        part = indices[(indices["outcome"] == outcome) & indices["kind"].isin(kinds)]
        params = _top(part, kinds[-1], top)
        part = part[part["parameter"].isin(params)]
        width = 0.8 / len(kinds)
        colours = sns.color_palette(PALETTE, len(kinds))
        for k, kind in enumerate(kinds):
            rows = part[part["kind"] == kind].set_index("parameter").reindex(params)
            y = np.arange(len(params)) + (k - (len(kinds) - 1) / 2) * width
            est = rows["estimate"].to_numpy(dtype=float)
            err = np.vstack(
                [
                    est - rows["conf_low"].to_numpy(dtype=float),
                    rows["conf_high"].to_numpy(dtype=float) - est,
                ]
            )
            ax.barh(y, est, height=width, color=colours[k], label=kind)
            ax.errorbar(est, y, xerr=np.abs(err), fmt="none", ecolor="0.2", lw=0.8)
        ax.set_yticks(np.arange(len(params)), [_short(p) for p in params], fontsize=7)
        ax.invert_yaxis()
        ax.axvline(0, color="0.5", lw=0.6)
        ax.set(xlabel="Sobol' index (95% CI)", title=str(outcome))
        ax.legend(fontsize=7)
    return fig


def second_order_figure(indices: pd.DataFrame, outcome: str) -> Figure:
    """Heat map of the second-order Sobol' indices (pairs ``a x b``) of an outcome."""
    part = indices[(indices["outcome"] == outcome) & (indices["kind"] == "S2")]
    pairs = part["parameter"].str.split(" x ", n=1, expand=True)
    names = list(dict.fromkeys([*pairs[0], *pairs[1]]))
    matrix = pd.DataFrame(np.nan, index=names, columns=names)
    for (a, b), value in zip(
        pairs.itertuples(index=False), part["estimate"], strict=True
    ):
        matrix.loc[a, b] = value
    labels = [_short(n) for n in names]
    side = 0.4 * len(names) + 2.5
    fig = Figure(figsize=(side + 1, side), layout="constrained")
    ax = fig.subplots()
    sns.heatmap(
        matrix.set_axis(labels, axis=0).set_axis(labels, axis=1),
        cmap="vlag",
        center=0,
        annot=len(names) <= 12,
        fmt=".2f",
        ax=ax,
    )
    ax.set(title=f"S2 of {outcome}")
    return fig


def morris_figure(indices: pd.DataFrame, *, label: int = 10) -> Figure:
    """Morris mu* against sigma per outcome; the ``label`` largest mu* are named."""
    outcomes = list(dict.fromkeys(indices["outcome"]))
    fig, axes = _axes(len(outcomes), width=6.5, height=4.5)
    for ax, outcome in zip(axes, outcomes, strict=True):
        part = indices[indices["outcome"] == outcome]
        wide = part.pivot_table(index="parameter", columns="kind", values="estimate")
        sns.scatterplot(data=wide, x="mu_star", y="sigma", ax=ax, s=18)
        top = wide.sort_values("mu_star", ascending=False).head(label)
        for name, row in top.iterrows():
            ax.annotate(
                _short(str(name)),
                (row["mu_star"], row["sigma"]),
                fontsize=6,
                xytext=(3, 2),
                textcoords="offset points",
            )
        ax.set(xlabel="mu* (mean |elementary effect|)", ylabel="sigma", title=outcome)
    return fig


def convergence_figure(convergence: pd.DataFrame, *, top: int = 6) -> Figure:
    """Index estimates with CI bands against runs, for the largest indices."""
    kinds = [
        k for k in ("ST", "S1", "mu_star", "delta") if k in set(convergence["kind"])
    ]
    kind = kinds[0] if kinds else str(convergence["kind"].iloc[0])
    outcomes = list(dict.fromkeys(convergence["outcome"]))
    fig, axes = _axes(len(outcomes), width=6.5, height=3.5)
    for ax, outcome in zip(axes, outcomes, strict=True):
        part = convergence[
            (convergence["outcome"] == outcome) & (convergence["kind"] == kind)
        ]
        last = part[part["runs"] == part["runs"].max()]
        params = list(last.nlargest(top, "estimate")["parameter"])
        for name, colour in zip(
            params, sns.color_palette(PALETTE, len(params)), strict=True
        ):
            rows = part[part["parameter"] == name].sort_values("runs")
            ax.plot(
                rows["runs"],
                rows["estimate"],
                marker="o",
                color=colour,
                label=_short(name),
            )
            ax.fill_between(
                rows["runs"],
                rows["conf_low"],
                rows["conf_high"],
                color=colour,
                alpha=0.15,
            )
        ax.set_xscale("log", base=2)
        ax.set(xlabel="Runs analysed", ylabel=kind, title=f"Convergence of {outcome}")
        ax.legend(fontsize=6)
    return fig


def time_resolved_figure(
    resolved: pd.DataFrame, *, kind: str | None = None, top: int = 6
) -> Figure:
    """Indices of a trajectory metric per window, for the largest indices overall."""
    kinds = list(dict.fromkeys(resolved["kind"]))
    chosen = kind or next(
        (k for k in ("ST", "mu_star", "S1", "delta") if k in kinds), kinds[0]
    )
    part = resolved[resolved["kind"] == chosen].copy()
    params = list(part.groupby("parameter")["estimate"].mean().nlargest(top).index)
    part = part[part["parameter"].isin(params)].assign(
        step=lambda f: (f["step_start"] + f["step_end"]) / 2,
        parameter=lambda f: f["parameter"].map(_short),
    )
    fig = Figure(figsize=(6.5, 4.0), layout="constrained")
    ax = fig.subplots()
    sns.lineplot(
        data=part,
        x="step",
        y="estimate",
        hue="parameter",
        marker="o",
        palette=PALETTE,
        ax=ax,
    )
    for _, rows in part.groupby("parameter"):
        ax.fill_between(rows["step"], rows["conf_low"], rows["conf_high"], alpha=0.12)
    ax.set(
        xlabel="Step (window centre)",
        ylabel=chosen,
        title=f"{chosen} of {part['outcome'].iloc[0]} over time",
    )
    return fig
