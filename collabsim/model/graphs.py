"""Random partner graphs drawn from the run's own NumPy generator.

Each function returns the undirected edges of a graph on nodes ``0 .. n-1`` as
sorted ``(i, j)`` pairs with ``i < j``. They follow the usual definitions (and
networkx's algorithms where one exists) but draw every random number from the
:class:`numpy.random.Generator` they are given, in an order fixed here. networkx's
generators are not used: their random streams change between releases (networkx
3.7 changed the stochastic block model's), and the same scenario and seed must give
the same network on every supported environment.

References:
    Erdős & Rényi 1959; Barabási & Albert 1999, doi:10.1126/science.286.5439.509;
    Watts & Strogatz 1998, doi:10.1038/30918; Holland, Laskey & Leinhardt 1983,
    doi:10.1016/0378-8733(83)90021-7 (stochastic block model).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from collabsim.arrays import IntArray

__all__ = [
    "Edges",
    "barabasi_albert",
    "bernoulli_slots",
    "complete",
    "erdos_renyi",
    "hub_and_spoke",
    "is_connected",
    "stochastic_block",
    "watts_strogatz",
]

Edges = list[tuple[int, int]]

#: Attempts at a connected Watts-Strogatz graph before giving up (as networkx).
WS_TRIES = 100


def _sorted(edges: Edges) -> Edges:
    return sorted({(min(a, b), max(a, b)) for a, b in edges if a != b})


def complete(n: int) -> Edges:
    """Every pair of ``n`` nodes."""
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def bernoulli_slots(n_slots: int, p: float, rng: np.random.Generator) -> IntArray:
    """Indices in ``0 .. n_slots-1``, each kept independently with probability ``p``.

    Gaps between kept indices are geometric, so the cost grows with the number kept,
    not with ``n_slots`` (Batagelj & Brandes 2005, doi:10.1103/PhysRevE.71.036113).
    """
    if n_slots <= 0 or p <= 0.0:
        return np.empty(0, dtype=np.int64)
    if p >= 1.0:
        return np.arange(n_slots, dtype=np.int64)
    kept: list[IntArray] = []
    position = -1
    expected = n_slots * p
    batch = int(expected + 4.0 * math.sqrt(expected) + 16)
    while position < n_slots:
        positions = position + np.cumsum(rng.geometric(p, size=batch))
        kept.append(positions[positions < n_slots])
        position = int(positions[-1])
        batch = int(batch / 2) + 16
    return np.concatenate(kept).astype(np.int64)


def _triangle_pairs(slots: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """Map row-major indices of the upper triangle of ``n`` nodes to ``(i, j)``."""
    k = slots.astype(np.float64)
    width = 2.0 * n - 1.0
    i = np.floor((width - np.sqrt(width * width - 8.0 * k)) / 2.0).astype(np.int64)
    i = np.clip(i, 0, max(n - 2, 0))

    def offset(row: IntArray) -> IntArray:
        return row * n - row * (row + 1) // 2

    for _ in range(2):  # correct float rounding of the square root
        i = np.where(offset(i) > slots, i - 1, i)
        i = np.where(offset(i + 1) <= slots, i + 1, i)
    j = slots - offset(i) + i + 1
    return i, j


def erdos_renyi(n: int, p: float, rng: np.random.Generator) -> Edges:
    """G(n, p): each of the n(n-1)/2 pairs is an edge with probability ``p``."""
    i, j = _triangle_pairs(bernoulli_slots(n * (n - 1) // 2, p, rng), n)
    return list(zip(i.tolist(), j.tolist(), strict=True))


def stochastic_block(
    blocks: Sequence[Sequence[int]],
    inside: float,
    across: float,
    rng: np.random.Generator,
) -> Edges:
    """Stochastic block model: pairs in one block link with ``inside``, else ``across``.

    Block pairs are drawn in order ``(0, 0), (0, 1), ..., (1, 1), ...``; nodes keep
    the labels given in ``blocks``.
    """
    edges: Edges = []
    for a, first in enumerate(blocks):
        members_a = np.asarray(first, dtype=np.int64)
        i, j = _triangle_pairs(
            bernoulli_slots(len(first) * (len(first) - 1) // 2, inside, rng),
            len(first),
        )
        edges += zip(members_a[i].tolist(), members_a[j].tolist(), strict=True)
        for second in blocks[a + 1 :]:
            members_b = np.asarray(second, dtype=np.int64)
            slots = bernoulli_slots(len(first) * len(second), across, rng)
            rows, cols = np.divmod(slots, max(len(second), 1))
            edges += zip(
                members_a[rows].tolist(), members_b[cols].tolist(), strict=True
            )
    return _sorted(edges)


def barabasi_albert(n: int, m: int, rng: np.random.Generator) -> Edges:
    """Preferential attachment: each new node links to ``m`` distinct existing nodes.

    Starts from a star on ``m + 1`` nodes and picks targets with probability
    proportional to degree, as networkx's ``barabasi_albert_graph`` does.
    """
    if not 1 <= m < n:
        msg = f"Barabási-Albert needs 1 <= m < n, got m={m}, n={n}"
        raise ValueError(msg)
    edges: Edges = [(0, j) for j in range(1, m + 1)]
    repeated = [0] * m + list(range(1, m + 1))  # each node once per unit of degree
    for source in range(m + 1, n):
        targets: list[int] = []
        while len(targets) < m:
            pick = repeated[int(rng.integers(len(repeated)))]
            if pick not in targets:
                targets.append(pick)
        edges += [(t, source) for t in targets]
        repeated += targets
        repeated += [source] * m
    return _sorted(edges)


def _ring_rewired(n: int, k: int, p: float, rng: np.random.Generator) -> list[set[int]]:
    """One Watts-Strogatz draw: a ring lattice whose edges are rewired with ``p``."""
    neighbours: list[set[int]] = [set() for _ in range(n)]
    half = k // 2
    for j in range(1, half + 1):
        for u in range(n):
            v = (u + j) % n
            neighbours[u].add(v)
            neighbours[v].add(u)
    for j in range(1, half + 1):
        for u in range(n):
            if rng.random() >= p or len(neighbours[u]) >= n - 1:
                continue
            v = (u + j) % n
            w = int(rng.integers(n))
            while w == u or w in neighbours[u]:
                w = int(rng.integers(n))
            if v in neighbours[u]:
                neighbours[u].discard(v)
                neighbours[v].discard(u)
            neighbours[u].add(w)
            neighbours[w].add(u)
    return neighbours


def is_connected(neighbours: Sequence[set[int]]) -> bool:
    """Whether every node is reachable from node 0."""
    if not neighbours:
        return True
    seen = {0}
    frontier = [0]
    while frontier:
        node = frontier.pop()
        for other in neighbours[node] - seen:
            seen.add(other)
            frontier.append(other)
    return len(seen) == len(neighbours)


def watts_strogatz(n: int, k: int, p: float, rng: np.random.Generator) -> Edges:
    """Connected small world: ring of degree ``k`` (rounded down to even), rewired.

    Redrawn until connected, at most :data:`WS_TRIES` times (as networkx's
    ``connected_watts_strogatz_graph``).

    Raises:
        ValueError: If no connected graph was drawn in :data:`WS_TRIES` attempts.
    """
    if k >= n:
        return complete(n)
    for _ in range(WS_TRIES):
        neighbours = _ring_rewired(n, k, p, rng)
        if is_connected(neighbours):
            return _sorted([(u, v) for u in range(n) for v in neighbours[u]])
    msg = f"no connected Watts-Strogatz graph (n={n}, k={k}, p={p}) in {WS_TRIES} draws"
    raise ValueError(msg)


def hub_and_spoke(n: int, rng: np.random.Generator) -> Edges:
    """Hubs (the first ~5% of nodes) fully linked; each spoke linked to one hub."""
    n_hubs = max(1, n // 20)
    edges = complete(n_hubs)
    edges += [(int(rng.integers(n_hubs)), spoke) for spoke in range(n_hubs, n)]
    return _sorted(edges)
