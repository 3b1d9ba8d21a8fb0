"""The partner-graph generators: right distributions, own seeded draws."""

import networkx as nx
import numpy as np
import pytest

from collabsim.model import graphs


def _gen(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _graph(n: int, edges: graphs.Edges) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    return graph


def test_complete_matches_networkx():
    assert _graph(7, graphs.complete(7)).edges == nx.complete_graph(7).edges


@pytest.mark.parametrize("n", [2, 3, 10, 57])
def test_triangle_indices_cover_every_pair_once(n):
    edges = graphs.erdos_renyi(n, 1.0, _gen())
    assert edges == graphs.complete(n)


def test_bernoulli_slots_keep_each_slot_at_rate_p():
    kept = np.concatenate(
        [graphs.bernoulli_slots(1000, 0.3, _gen(seed)) for seed in range(40)]
    )
    assert kept.min() >= 0
    assert kept.max() < 1000
    counts = np.bincount(kept, minlength=1000)
    # 40 draws per slot: the mean share is 0.3 within a few standard errors
    assert abs(counts.mean() / 40 - 0.3) < 0.01
    assert graphs.bernoulli_slots(1000, 0.0, _gen()).size == 0


def test_erdos_renyi_density_and_no_duplicates():
    n, p = 200, 0.05
    edges = graphs.erdos_renyi(n, p, _gen(3))
    assert len(set(edges)) == len(edges)
    assert all(0 <= a < b < n for a, b in edges)
    expected = p * n * (n - 1) / 2
    assert abs(len(edges) - expected) < 4 * np.sqrt(expected)


def test_same_seed_same_graph_different_seed_differs():
    assert graphs.erdos_renyi(50, 0.2, _gen(1)) == graphs.erdos_renyi(50, 0.2, _gen(1))
    assert graphs.erdos_renyi(50, 0.2, _gen(1)) != graphs.erdos_renyi(50, 0.2, _gen(2))


def test_barabasi_albert_shape():
    n, m = 60, 2
    edges = graphs.barabasi_albert(n, m, _gen(4))
    graph = _graph(n, edges)
    # a star on m + 1 nodes, then m new edges per node
    assert graph.number_of_edges() == m + m * (n - m - 1)
    assert min(d for _, d in graph.degree) >= 1
    assert nx.is_connected(graph)
    # preferential attachment: the oldest nodes collect the most partners
    degrees = np.array([graph.degree[i] for i in range(n)])
    assert degrees[:5].mean() > 2 * degrees[-20:].mean()


def test_barabasi_albert_rejects_impossible_m():
    with pytest.raises(ValueError, match="m < n"):
        graphs.barabasi_albert(3, 3, _gen())


def test_watts_strogatz_without_rewiring_is_the_ring_lattice():
    edges = graphs.watts_strogatz(12, 4, 0.0, _gen())
    assert _graph(12, edges).edges == nx.watts_strogatz_graph(12, 4, 0.0).edges


def test_watts_strogatz_keeps_edge_count_and_connects():
    n, k = 40, 4
    edges = graphs.watts_strogatz(n, k, 0.3, _gen(5))
    graph = _graph(n, edges)
    assert graph.number_of_edges() == n * k // 2
    assert nx.is_connected(graph)
    lattice = set(graphs.watts_strogatz(n, k, 0.0, _gen()))
    assert set(edges) != lattice


def test_stochastic_block_densities():
    blocks = [list(range(60)), list(range(60, 120))]
    inside, across = 0.3, 0.03
    counts = np.zeros(2)
    for seed in range(10):
        edges = graphs.stochastic_block(blocks, inside, across, _gen(seed))
        same = sum((a < 60) == (b < 60) for a, b in edges)
        counts += (same, len(edges) - same)
    within_pairs = 2 * 60 * 59 / 2
    across_pairs = 60 * 60
    assert abs(counts[0] / (10 * within_pairs) - inside) < 0.02
    assert abs(counts[1] / (10 * across_pairs) - across) < 0.01


def test_stochastic_block_keeps_node_labels():
    blocks = [[5, 1, 3], [0, 2, 4]]
    edges = graphs.stochastic_block(blocks, 1.0, 0.0, _gen())
    assert set(edges) == {(1, 5), (3, 5), (1, 3), (0, 2), (0, 4), (2, 4)}


def test_hub_and_spoke_links_each_spoke_to_one_hub():
    n = 60
    edges = graphs.hub_and_spoke(n, _gen(2))
    hubs = n // 20
    graph = _graph(n, edges)
    assert all(graph.degree[s] == 1 for s in range(hubs, n))
    assert all(graph.has_edge(a, b) for a in range(hubs) for b in range(a + 1, hubs))


def test_is_connected():
    assert graphs.is_connected([{1}, {0}])
    assert not graphs.is_connected([{1}, {0}, set()])
