"""The partner network: organisations as nodes, directed-pair trust on the edges.

Every function takes DataFrames and returns a matplotlib ``Figure`` or ``Axes``.
Colours are colour-blind safe: seaborn's ``colorblind`` palette for sectors and
``viridis`` for trust.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from collabsim.plots.style import PALETTE, new_axes
from collabsim.scenario.parts import Sector
from collabsim.scenario.scenario import Scenario

__all__ = [
    "SECTOR_COLOURS",
    "final_pairs",
    "plot_partner_network",
    "scenario_pairs",
    "sector_palette",
]

#: One fixed colour per sector, so that every figure colours a sector alike.
SECTOR_COLOURS: dict[str, tuple[float, float, float]] = dict(
    zip([str(s) for s in Sector], sns.color_palette(PALETTE, len(Sector)), strict=True)
)


_TRUST_CMAP = "viridis"


def sector_palette(sectors: Iterable[str]) -> dict[str, Any]:
    """Colour per sector: the fixed sector colours, greys for anything else."""
    names = sorted(set(sectors))
    spare = iter(sns.color_palette("Greys", len(names) + 1)[1:])
    return {name: SECTOR_COLOURS.get(name) or next(spare) for name in names}


def final_pairs(ties: pd.DataFrame) -> pd.DataFrame:
    """Ties at the last step; only the first run if runs differ in partner graph.

    Runs of a generated network each draw their own graph, and averaging them would
    draw a union graph that no run had.
    """
    last: pd.DataFrame = ties[ties["step"] == ties["step"].max()]
    graphs = {
        run: frozenset(zip(part["source"], part["target"], strict=True))
        for run, part in last.groupby("run_id", sort=False)
    }
    if len(set(graphs.values())) > 1:
        last = last[last["run_id"] == next(iter(graphs))]
    return last.reset_index(drop=True)


def scenario_pairs(spec: Scenario) -> pd.DataFrame:
    """Return the organisation pairs a scenario declares (source, target, partnership).

    Generated networks are drawn anew in each run, so they give an empty table.
    """
    rows = []
    for partnership in spec.partnerships:
        members = partnership.members
        links = partnership.links or [
            (a, b) for i, a in enumerate(members) for b in members[i + 1 :]
        ]
        rows += [(a, b, partnership.id) for a, b in links]
    return pd.DataFrame(rows, columns=["source", "target", "partnership"])


def _edge_trust(pairs: pd.DataFrame) -> pd.DataFrame:
    """Undirected edges with trust averaged over both directions, runs and steps."""
    ends = np.sort(pairs[["source", "target"]].to_numpy(dtype=str), axis=1)
    edges = pd.DataFrame({"a": ends[:, 0], "b": ends[:, 1]})
    if "trust" in pairs:
        edges["trust"] = pairs["trust"].to_numpy(dtype=float)
        return edges.groupby(["a", "b"], as_index=False).agg(trust=("trust", "mean"))
    return edges.drop_duplicates(ignore_index=True).assign(trust=np.nan)


def plot_partner_network(
    pairs: pd.DataFrame,
    *,
    sectors: dict[str, str] | None = None,
    seed: int = 0,
    ax: Axes | None = None,
) -> Axes:
    """Draw the partner network, edges coloured by mean trust between the pair.

    Args:
        pairs: Directed or undirected pairs with ``source``, ``target`` and,
            optionally, ``trust`` (e.g. the ties table at its last step, or
            :func:`scenario_pairs`); rows of one pair are averaged.
        sectors: Organisation id to sector, for node colours.
        seed: Seed of the spring layout (no global RNG is used).
        ax: Axes to draw on; a new figure is made if omitted.

    References:
        docs/theory.md §C2 ``trust_AB`` (organisation-pair trust).
    """
    ax = new_axes(ax, (7.0, 5.5))
    edges = _edge_trust(pairs)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(set(edges["a"]) | set(edges["b"])))
    graph.add_edges_from(zip(edges["a"], edges["b"], strict=True))
    layout = nx.spring_layout(graph, seed=seed)
    trust = edges["trust"].to_numpy(dtype=float)
    edge_list = list(zip(edges["a"], edges["b"], strict=True))
    if np.isfinite(trust).any():
        norm = mpl.colors.Normalize(0.0, 1.0)
        cmap = mpl.colormaps[_TRUST_CMAP]
        colour = [cmap(norm(t)) if np.isfinite(t) else "0.7" for t in trust]
        nx.draw_networkx_edges(
            graph, layout, edgelist=edge_list, width=3.0, edge_color=colour, ax=ax
        )
        mappable = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
        ax.figure.colorbar(mappable, ax=ax, label="Mean trust between partners (0-1)")
    else:
        nx.draw_networkx_edges(
            graph, layout, edgelist=edge_list, width=1.5, edge_color="0.55", ax=ax
        )
    sector_of = sectors or {}
    kinds = sorted({sector_of.get(n, "unknown") for n in graph.nodes})
    colours = sector_palette(kinds)
    small = graph.number_of_nodes() <= 20
    for kind in kinds:
        nodes = [n for n in graph.nodes if sector_of.get(n, "unknown") == kind]
        nx.draw_networkx_nodes(
            graph,
            layout,
            nodelist=nodes,
            node_color=[colours[kind]],
            node_size=300 if small else 80,
            edgecolors="white",
            label=kind,
            ax=ax,
        )
    if small:
        # labels below the nodes, on a white box, so that edges do not hide them
        below = {node: (x, y - 0.09) for node, (x, y) in layout.items()}
        nx.draw_networkx_labels(
            graph,
            below,
            font_size=7,
            ax=ax,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
        )
    # below the drawing, outside the axes: a legend inside ("best") can cover a node
    ax.legend(
        title="Sector",
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=min(len(kinds), 3),
        fontsize=7,
        title_fontsize=8,
        markerscale=0.6,
        frameon=False,
    )
    ax.margins(0.12)
    ax.set_axis_off()
    return ax
