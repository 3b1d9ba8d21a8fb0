"""Build the organisations and partnerships of a run, generating networks if asked.

All randomness comes from the generator passed in (the model's RNG): one integer
drawn from it seeds the network's own stream, and the graphs are drawn by
:mod:`collabsim.model.graphs` (not networkx, whose streams change between releases).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collabsim.model import graphs
from collabsim.model.graphs import Edges
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


def _edges(net: NetworkSpec, sectors: list[str], seed: int) -> Edges:
    gen = np.random.default_rng(seed)  # the network's own stream, from the run's RNG
    n, k, p = (
        net.n_organisations,
        min(net.degree, net.n_organisations - 1),
        net.edge_probability,
    )
    if net.generator is Generator.COMPLETE:
        return graphs.complete(n)
    if net.generator is Generator.ERDOS_RENYI:
        return graphs.erdos_renyi(n, p, gen)
    if net.generator is Generator.BARABASI_ALBERT:
        return graphs.barabasi_albert(n, k, gen)
    if net.generator is Generator.WATTS_STROGATZ:
        return graphs.watts_strogatz(n, max(k, 2), p, gen)
    if net.generator is Generator.STOCHASTIC_BLOCK:
        order = sorted(set(sectors), key=sectors.index)
        blocks = [[i for i, s in enumerate(sectors) if s == name] for name in order]
        inside = min(1.0, p * net.within_block_bias)
        return graphs.stochastic_block(blocks, inside, p, gen)
    return graphs.hub_and_spoke(n, gen)
