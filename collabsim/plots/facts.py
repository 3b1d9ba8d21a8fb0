"""The effect-size figure of a facts run: one row per fact, signed as claimed.

Takes the ``facts.parquet`` summary (:func:`collabsim.analysis.facts.fact_summary`)
and returns a Figure; nothing is drawn on global pyplot state.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from collabsim.plots.style import PALETTE

__all__ = ["GROUPS", "fact_group", "plot_box_shares", "plot_fact_effects"]

#: Report groups, in order: how a fact's sign comes about, then the ablations.
GROUPS: dict[str, str] = {
    "emergent": "Emergent",
    "mixed": "Mixed",
    "by_construction": "By construction",
    "ablation": "Ablation checks",
}
_VERDICT_ORDER = ("holds", "unclear", "fails")


def fact_group(summary: pd.DataFrame) -> pd.Series:
    """Each fact's report group: its construction, or ``ablation``."""
    return summary["construction"].where(summary["kind"] != "ablation", "ablation")


def plot_fact_effects(summary: pd.DataFrame) -> Figure:
    """Plot each fact's effect at the defaults with its interval, by group.

    The effect is multiplied by the fact's sign (+1 ``up``, -1 ``down``), so every
    fact that holds lies right of zero whatever its direction. Units are those of
    each fact's metric.

    Args:
        summary: One row per fact, with ``fact``, ``kind``, ``construction``,
            ``direction``, ``effect``, ``ci_low``, ``ci_high`` and ``verdict``.
    """
    frame = summary.assign(group=fact_group(summary))
    sign = np.where(frame["direction"] == "up", 1.0, -1.0)
    frame = frame.assign(
        signed=frame["effect"] * sign,
        low=np.minimum(frame["ci_low"] * sign, frame["ci_high"] * sign),
        high=np.maximum(frame["ci_low"] * sign, frame["ci_high"] * sign),
    )
    groups = [g for g in GROUPS if (frame["group"] == g).any()]
    heights = [max(1, int((frame["group"] == g).sum())) for g in groups]
    figure = Figure(figsize=(7.5, 1.2 + 0.24 * sum(heights)), layout="constrained")
    axes = figure.subplots(
        len(groups), 1, sharex=True, squeeze=False, height_ratios=heights
    )[:, 0]
    colours = dict(zip(_VERDICT_ORDER, sns.color_palette(PALETTE, 3), strict=True))
    for ax, group in zip(axes, groups, strict=True):
        part = frame[frame["group"] == group].reset_index(drop=True)
        y = np.arange(len(part))
        ax.hlines(y, part["low"], part["high"], color="0.55", linewidth=1.5)
        sns.scatterplot(
            data=part.assign(y=y),
            x="signed",
            y="y",
            hue="verdict",
            hue_order=[v for v in _VERDICT_ORDER if (frame["verdict"] == v).any()],
            palette=colours,
            s=36,
            ax=ax,
            legend=ax is axes[0],
            zorder=3,
        )
        ax.axvline(0.0, color="0.2", linewidth=0.8)
        ax.set_yticks(y, part["fact"])
        ax.set_ylim(len(part) - 0.5, -0.5)
        ax.set(ylabel="", title=GROUPS[group])
    axes[-1].set_xlabel(
        "Effect (treatment − base) times the sign of the claim; > 0 as claimed"
    )
    if axes[0].get_legend() is not None:
        sns.move_legend(axes[0], "lower right", title="At the defaults")
    return figure


def plot_box_shares(summary: pd.DataFrame, *, threshold: float = 0.9) -> Figure:
    """Plot, per fact, the share of the box where it holds and where its sign is right.

    Args:
        summary: One row per fact with ``fact``, ``kind``, ``construction``,
            ``share_holds`` and ``share_right_sign`` (from a run with a box).
        threshold: A reference line (the issue's 90%).
    """
    frame = summary.assign(group=fact_group(summary).map(GROUPS))
    long = frame.melt(
        id_vars=["fact", "group"],
        value_vars=["share_holds", "share_right_sign"],
        var_name="share",
        value_name="value",
    ).replace({"share_holds": "holds", "share_right_sign": "right sign"})
    figure = Figure(figsize=(7.5, 1.0 + 0.22 * len(frame)), layout="constrained")
    ax = figure.subplots()
    sns.barplot(
        data=long,
        y="fact",
        x="value",
        hue="share",
        palette=PALETTE,
        orient="h",
        ax=ax,
    )
    ax.axvline(threshold, color="0.3", linestyle="--", linewidth=0.8)
    ax.set(xlim=(0, 1), xlabel="Share of the box's points", ylabel="")
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1.0, 1.0), title="Fact")
    return figure
