"""The simulated partner network as GraphML, for Gephi, Cytoscape or networkx.

Nodes are organisations (``sector``, and mean ``faith`` and ``trust`` at the last
recorded step when the organisations table is kept); edges are organisation pairs
with the state of their ties at the last recorded step, averaged over both directions
and over the runs (as the network figure does: runs whose partner graphs differ
contribute only the first run): ``trust``, ``confidence``, ``collaboration`` (share of
the pair's joint acts that were collaborative in the last recorded interval),
``conflict`` and ``acquaintance``. Missing values are left out, not written as NaN.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from collabsim.errors import ResultsError
from collabsim.plots.network import final_pairs
from collabsim.results.files import read_table
from collabsim.results.manifest import read_manifest
from collabsim.results.tables import ORGANISATIONS, TIES

__all__ = ["EDGE_ATTRIBUTES", "simulated_network", "write_network_graphml"]

#: Tie-table columns carried onto the exported edges (when present).
EDGE_ATTRIBUTES = ("trust", "confidence", "collaboration", "conflict", "acquaintance")


def _ties(folder: Path) -> pd.DataFrame:
    try:
        ties = read_table(folder, TIES)
    except ResultsError as exc:
        msg = (
            f"{folder}: no ties table, so no network to export: run the scenario "
            "with --set outputs.ties=true (or [outputs] ties = true)"
        )
        raise ResultsError(msg) from exc
    if ties.empty:
        msg = f"{folder}: the ties table is empty"
        raise ResultsError(msg)
    return ties


def _edges(last: pd.DataFrame) -> pd.DataFrame:
    ends = np.sort(last[["source", "target"]].to_numpy(dtype=str), axis=1)
    columns = [c for c in EDGE_ATTRIBUTES if c in last.columns]
    frame = last[columns].astype(float).assign(a=ends[:, 0], b=ends[:, 1])
    return frame.groupby(["a", "b"], as_index=False)[columns].mean()


def _nodes(folder: Path) -> pd.DataFrame | None:
    try:
        orgs = read_table(folder, ORGANISATIONS)
    except ResultsError:
        return None
    last = orgs[orgs["step"] == orgs["step"].max()]
    nodes: pd.DataFrame = last.groupby("organisation", as_index=False).agg(
        sector=("sector", "first"), faith=("faith", "mean"), trust=("trust", "mean")
    )
    return nodes


def _attributes(row: pd.Series, names: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in names:
        value = row.get(name)
        if isinstance(value, float | np.floating):
            if np.isfinite(value):
                found[name] = float(value)
        elif value is not None:
            found[name] = str(value)
    return found


def simulated_network(folder: Path | str) -> nx.Graph:
    """The partner network of a results folder with its final tie state.

    Raises:
        ResultsError: If the folder has no (or an empty) ties table.
    """
    root = Path(folder)
    manifest = read_manifest(root)
    last = final_pairs(_ties(root))
    graph = nx.Graph(
        name=str(manifest.get("scenario", {}).get("name", root.name)),
        step=int(last["step"].max()),
        runs=int(last["run_id"].nunique()),
    )
    nodes = _nodes(root)
    if nodes is not None:
        for _, row in nodes.iterrows():
            attributes = _attributes(row, ("sector", "faith", "trust"))
            graph.add_node(str(row["organisation"]), **attributes)
    for _, row in _edges(last).iterrows():
        graph.add_edge(row["a"], row["b"], **_attributes(row, EDGE_ATTRIBUTES))
    return graph


def write_network_graphml(folder: Path | str, target: Path | str) -> Path:
    """Write :func:`simulated_network` of ``folder`` to ``target`` (GraphML).

    Raises:
        ResultsError: As :func:`simulated_network`.
    """
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(simulated_network(folder), path)
    return path
