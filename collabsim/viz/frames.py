"""What the page's board draws: a layout once per run, then small frames of new data.

The browser keeps the series it has been sent; each frame carries only the points
added since the previous one (``start`` says where they go), the week, the D'Amour
scores when they changed, and the network's tie trust when it changed meaningfully
or every :data:`NETWORK_EVERY` steps. Nothing here draws: the board widget does, in
the browser (:mod:`collabsim.viz.board`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np

from collabsim.model.collaboration import CollaborationModel
from collabsim.model.damour import DAMOUR_INDICATORS, DAMOUR_LABELS, damour_scores
from collabsim.model.observe import HEADLINE_METRICS, METRICS
from collabsim.scenario.parts import Sector
from collabsim.viz.uimodel import UIModel

__all__ = [
    "NETWORK_CHANGE",
    "NETWORK_EVERY",
    "TRENDS",
    "FrameBuilder",
    "edge_trust",
]

#: Metrics plotted live, in panel order.
TRENDS = HEADLINE_METRICS
#: Least change of any tie's trust that redraws the network.
NETWORK_CHANGE = 0.02
#: Steps after which a smaller change still redraws the network.
NETWORK_EVERY = 13
LAYOUT_SEED = 7
_DIGITS = 4
_BOUNDED = frozenset(TRENDS) - {"partnership_effectiveness"}


def _plain(value: float) -> float | None:
    return None if math.isnan(value) else round(value, _DIGITS)


def _mean(values: np.ndarray) -> float | None:
    return _plain(float(np.mean(values))) if len(values) else None


def _edges(model: CollaborationModel) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Undirected organisation pairs and, per directed pair, its edge index."""
    layout = model.state.layout
    src = np.asarray(layout.pair_src, dtype=np.int64)
    dst = np.asarray(layout.pair_dst, dtype=np.int64)
    low, high = np.minimum(src, dst), np.maximum(src, dst)
    keys = low * (len(model.organisations) + 1) + high
    unique, index = np.unique(keys, return_inverse=True)
    n = len(model.organisations) + 1
    edges = [(int(k // n), int(k % n)) for k in unique]
    return edges, index


def edge_trust(model: CollaborationModel, index: np.ndarray) -> list[float | None]:
    """Mean organisation-pair trust of each edge.

    ``None`` where no partnership between the two organisations is active.
    """
    state = model.state
    live = state.partnerships.active[state.pairs.partnership] > 0
    n = int(index.max()) + 1 if len(index) else 0
    count = np.bincount(index, weights=live.astype(np.float64), minlength=n)
    total = np.bincount(
        index, weights=np.where(live, state.pairs.trust, 0.0), minlength=n
    )
    return [
        None if c == 0 else round(float(t / c), _DIGITS)
        for t, c in zip(total, count, strict=True)
    ]


class FrameBuilder:
    """Layout and frames of one UI model (both sides), for one run.

    Args:
        model: The model shown; read under its lock.
        run: Number of this run in its session (frames of older runs are dropped).
    """

    def __init__(self, model: UIModel, run: int) -> None:
        self.model = model
        self.run = run
        self.sent = 0  # points of each series the browser has
        self._network: list[list[float | None]] | None = None
        self._network_step = -NETWORK_EVERY
        self._damour: list[list[float | None]] | None = None
        with model.lock:
            self._pairs = [_edges(side.model) for side in model.sides]
            self.layout = self._layout()

    def _layout(self) -> dict[str, Any]:
        model = self.model
        keys = [org.key for org in model.organisations]
        graph = nx.Graph()
        graph.add_nodes_from(range(len(keys)))
        graph.add_edges_from(self._pairs[0][0])
        pos = nx.spring_layout(graph, seed=LAYOUT_SEED)
        sectors = [s.value for s in Sector]
        return {
            "run": self.run,
            "n_steps": model.spec.n_steps,
            "unit": model.spec.step_unit.value,
            "panels": [
                {"name": n, "label": METRICS[n].label, "bounded": n in _BOUNDED}
                for n in TRENDS
            ],
            "sides": [side.label for side in model.sides],
            "sectors": sectors,
            "nodes": [
                {
                    "name": key,
                    "x": round(float(pos[i][0]), 4),
                    "y": round(float(pos[i][1]), 4),
                }
                for i, key in enumerate(keys)
            ],
            "networks": [
                {
                    "edges": [list(edge) for edge in edges],
                    "sector": [
                        sectors.index(str(org.spec.sector))
                        for org in side.model.organisations
                    ],
                }
                for side, (edges, _) in zip(model.sides, self._pairs, strict=True)
            ],
            "damour": [
                [name.replace("_", " ") for name in DAMOUR_INDICATORS],
                [DAMOUR_LABELS[level] for level in sorted(DAMOUR_LABELS)],
            ],
        }

    def rewind(self) -> None:
        """Send everything again with the next frame (the browser lost track)."""
        self.sent = 0
        self._network = None
        self._damour = None

    @property
    def pending(self) -> int:
        """Steps taken that the browser has not been sent yet."""
        return self.model.t + 1 - self.sent

    def frame(self, seq: int, *, status: str = "") -> dict[str, Any]:
        """The next frame: points since the last one, and what else changed.

        Args:
            seq: Number of this frame (the browser acknowledges it).
            status: A line about the server, shown under the board.
        """
        model = self.model
        with model.lock:
            start = self.sent
            columns = [side.datacollector.model_vars for side in model.sides]
            n = min(len(c[name]) for c in columns for name in TRENDS)
            series = [
                [_plain(float(v)) for v in c[name][start:n]]
                for c in columns
                for name in TRENDS
            ]
            week = model.t
            network = self._network_update(week)
            damour = self._damour_update()
        self.sent = n
        return {
            "run": self.run,
            "seq": seq,
            "start": start,
            "series": series,
            "week": week,
            "network": network,
            "damour": damour,
            "status": status,
        }

    def _network_update(self, week: int) -> list[list[float | None]] | None:
        trust = [
            edge_trust(side.model, index)
            for side, (_, index) in zip(self.model.sides, self._pairs, strict=True)
        ]
        last = self._network
        if last is not None and not _changed(last, trust, week - self._network_step):
            return None
        self._network = trust
        self._network_step = week
        return trust

    def _damour_update(self) -> list[list[float | None]] | None:
        scores = []
        for side in self.model.sides:
            table = damour_scores(side.model.state)
            scores.append([_mean(table[name]) for name in DAMOUR_INDICATORS])
        if scores == self._damour:
            return None
        self._damour = scores
        return scores


def _changed(
    last: Sequence[Sequence[float | None]],
    now: Sequence[Sequence[float | None]],
    steps: int,
) -> bool:
    """Whether the network moved enough to redraw.

    It did if any tie moved by :data:`NETWORK_CHANGE`, a partnership started or
    ended, or anything changed at all over :data:`NETWORK_EVERY` steps.
    """
    biggest = 0.0
    for old_side, new_side in zip(last, now, strict=True):
        for old, new in zip(old_side, new_side, strict=True):
            if (old is None) != (new is None):
                return True
            if old is not None and new is not None:
                biggest = max(biggest, abs(new - old))
    return biggest >= NETWORK_CHANGE or (steps >= NETWORK_EVERY and biggest > 0)
