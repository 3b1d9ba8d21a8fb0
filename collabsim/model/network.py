"""Build the organisations and partnerships of a run, generating networks if asked.

All randomness comes from the generator passed in (the model's RNG); networkx calls
get an explicit integer seed drawn from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from collabsim.scenario.parts import (
    Generator,
    NetworkSpec,
    OrganisationSpec,
    PartnershipSpec,
)
from collabsim.scenario.scenario import Scenario

__all__ = ["World", "build_world"]


@dataclass(frozen=True, slots=True)
class World:
    """The concrete organisations and partnerships of one run."""

    organisations: tuple[OrganisationSpec, ...]
    partnerships: tuple[PartnershipSpec, ...]


def build_world(spec: Scenario, rng: np.random.Generator) -> World:
    """Return explicit organisations and partnerships; generate them for a network.

    A generated network is one partnership (``"network"``) whose ``links`` are the
    graph's edges, with the network's context template.
    """
    if spec.network is None:
        return World(spec.organisations, spec.partnerships)
    net = spec.network
    ids = spec.organisation_ids
    sectors = _assign_sectors(net, rng)
    template = net.organisation.model_dump()
    orgs = tuple(
        OrganisationSpec.model_validate({**template, "id": oid, "sector": sector})
        for oid, sector in zip(ids, sectors, strict=True)
    )
    edges = _edges(net, sectors, int(rng.integers(2**31 - 1)))
    links = tuple((ids[a], ids[b]) for a, b in edges)
    partnership = PartnershipSpec.model_validate(
        {**net.context.model_dump(), "id": "network", "members": ids, "links": links}
    )
    return World(orgs, (partnership,))


def _assign_sectors(net: NetworkSpec, rng: np.random.Generator) -> list[str]:
    n = net.n_organisations
    n_other = round(net.cross_sector_share * n) if len(net.sectors) > 1 else 0
    others = [net.sectors[1 + i % (len(net.sectors) - 1)] for i in range(n_other)]
    labels = [str(net.sectors[0])] * (n - n_other) + [str(s) for s in others]
    return [labels[i] for i in rng.permutation(n)]


def _edges(net: NetworkSpec, sectors: list[str], seed: int) -> list[tuple[int, int]]:
    n, k, p = (
        net.n_organisations,
        min(net.degree, net.n_organisations - 1),
        net.edge_probability,
    )
    if net.generator is Generator.COMPLETE:
        graph = nx.complete_graph(n)
    elif net.generator is Generator.ERDOS_RENYI:
        graph = nx.fast_gnp_random_graph(n, p, seed=seed)
    elif net.generator is Generator.BARABASI_ALBERT:
        graph = nx.barabasi_albert_graph(n, k, seed=seed)
    elif net.generator is Generator.WATTS_STROGATZ:
        graph = nx.connected_watts_strogatz_graph(n, max(k, 2), p, seed=seed)
    elif net.generator is Generator.STOCHASTIC_BLOCK:
        graph = _block_graph(sectors, p, net.within_block_bias, seed)
    else:
        graph = _hub_and_spoke(n, seed)
    return sorted((min(a, b), max(a, b)) for a, b in graph.edges() if a != b)


def _block_graph(sectors: list[str], p: float, bias: float, seed: int) -> nx.Graph:
    order = sorted(set(sectors), key=sectors.index)
    members = [[i for i, s in enumerate(sectors) if s == name] for name in order]
    inside = min(1.0, p * bias)
    probs = [
        [inside if a == b else p for b in range(len(order))] for a in range(len(order))
    ]
    graph = nx.stochastic_block_model([len(m) for m in members], probs, seed=seed)
    relabel = dict(enumerate(i for m in members for i in m))
    return nx.relabel_nodes(graph, relabel)


def _hub_and_spoke(n: int, seed: int) -> nx.Graph:
    """Hubs (first ~5%) fully linked; each spoke linked to one hub."""
    n_hubs = max(1, n // 20)
    gen = np.random.default_rng(seed)
    graph = nx.complete_graph(n_hubs)
    for spoke in range(n_hubs, n):
        graph.add_edge(spoke, int(gen.integers(n_hubs)))
    return graph
