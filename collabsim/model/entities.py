"""The arrays of one run: organisations, professionals, pairs, partnerships, layout.

Built once from the scenario's world. Organisation, professional and pair arrays
are NamedTuples of arrays, updated in place, so the phases hand them whole to the
compiled cores. Identity (ids, sectors, specs) stays with the run state and the
Mesa agents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, Int32Array, IntArray
from collabsim.model.network import World
from collabsim.model.ties import TieStore
from collabsim.rules import contexts
from collabsim.scenario.parts import (
    Governance,
    OrganisationSpec,
    PartnershipSpec,
    ResolutionStyle,
)
from collabsim.scenario.scenario import Scenario

__all__ = [
    "ROLE_FRONTLINE",
    "ROLE_LEADER",
    "ROLE_MANAGER",
    "ROLE_NAMES",
    "Figures",
    "Layout",
    "OrgArrays",
    "PairArrays",
    "PartnershipState",
    "ProfArrays",
    "build_figures",
    "build_layout",
    "build_links",
    "build_orgs",
    "build_pairs",
    "build_profs",
    "is_constructive",
    "is_mandated",
]

ROLE_LEADER, ROLE_MANAGER, ROLE_FRONTLINE = 0, 1, 2
ROLE_NAMES = ("leader", "manager", "frontline")
#: Weight of a professional's ties in organisation-level trust: w ∝ power·spanning.
ROLE_POWER = np.array([2.0, 1.5, 1.0])


def _array(
    specs: tuple[OrganisationSpec, ...] | tuple[PartnershipSpec, ...], name: str
) -> FloatArray:
    return np.array([float(getattr(s, name)) for s in specs])


class OrgArrays(NamedTuple):
    """Per-organisation arrays (theory §C1 Organisation)."""

    size: FloatArray
    financial_slack: FloatArray
    regulatory_pressure: FloatArray
    competition: FloatArray
    culture: FloatArray
    power: FloatArray
    flexibility: FloatArray
    resisting: FloatArray
    faith: FloatArray
    progress: FloatArray
    signal: FloatArray  # running effectiveness per joint act (value; 0 if none)
    prof_start: IntArray
    prof_count: IntArray
    senior_count: IntArray  # leader and boundary-spanning managers come first


def build_orgs(spec: Scenario, orgs: tuple[OrganisationSpec, ...]) -> OrgArrays:
    """Initial organisation arrays from their specs."""
    counts = np.array(
        [o.professionals or spec.professionals_per_organisation for o in orgs]
    )
    start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    n = len(orgs)
    dyn = spec.dynamics
    return OrgArrays(
        size=_array(orgs, "size"),
        financial_slack=_array(orgs, "financial_slack"),
        regulatory_pressure=_array(orgs, "regulatory_pressure"),
        competition=_array(orgs, "competition_exposure"),
        culture=_array(orgs, "culture"),
        power=_array(orgs, "statutory_power"),
        flexibility=_array(orgs, "flexibility"),
        resisting=np.zeros(n),
        faith=np.full(n, dyn.faith.initial),
        progress=np.full(n, dyn.progress.initial),
        signal=np.full(n, dyn.progress.initial * dyn.progress.expected_value),
        prof_start=start,
        prof_count=counts.astype(np.int64),
        senior_count=np.minimum(max(spec.boundary_spanners, 1), counts).astype(
            np.int64
        ),
    )


class ProfArrays(NamedTuple):
    """Per-professional arrays (theory §C1 Professional; P3 COM-B)."""

    org: IntArray
    role: IntArray
    spanner: BoolArray
    vulnerability: FloatArray
    persuasiveness: FloatArray
    enthusiasm: FloatArray
    vacant_until: FloatArray
    joined_at: FloatArray
    capability: FloatArray
    opportunity: FloatArray
    motivation: FloatArray
    commitment: FloatArray
    resilience: FloatArray

    @property
    def comb(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
        """(capability, opportunity, motivation, commitment, resilience)."""
        return (
            self.capability,
            self.opportunity,
            self.motivation,
            self.commitment,
            self.resilience,
        )

    def tie_weight(self) -> FloatArray:
        """Aggregation weight w_i ∝ power_i·(1 + spanning_i) (theory §C4 trust_AB)."""
        weight: FloatArray = ROLE_POWER[self.role] * (1.0 + self.spanner)
        return weight


#: COM-B starting values of a new professional: C, O, M, commitment, resilience.
COMB_START = (0.5, 0.5, 0.5, 0.3, 0.3)


def build_profs(orgs: OrgArrays, spanners: int) -> ProfArrays:
    """Roles by position: leader, boundary-spanning managers, then frontline."""
    org = np.repeat(np.arange(len(orgs.size)), orgs.prof_count)
    local = np.arange(len(org)) - orgs.prof_start[org]
    role = np.where(
        local == 0,
        ROLE_LEADER,
        np.where(local < max(spanners, 1), ROLE_MANAGER, ROLE_FRONTLINE),
    )
    n = len(org)
    half = np.full(n, 0.5)
    return ProfArrays(
        org=org,
        role=role.astype(np.int64),
        spanner=local < spanners,
        vulnerability=half.copy(),
        persuasiveness=half.copy(),
        enthusiasm=half.copy(),
        vacant_until=np.full(n, -1.0),
        joined_at=np.zeros(n),
        capability=np.full(n, COMB_START[0]),
        opportunity=np.full(n, COMB_START[1]),
        motivation=np.full(n, COMB_START[2]),
        commitment=np.full(n, COMB_START[3]),
        resilience=np.full(n, COMB_START[4]),
    )


@dataclass(slots=True)
class PartnershipState:
    """Per-partnership arrays, with one extra inactive row for pairs in none."""

    ids: tuple[str, ...]
    specs: tuple[PartnershipSpec, ...]
    active: FloatArray
    contract: FloatArray
    mandate: FloatArray
    started_at: FloatArray
    engagement: FloatArray
    alignment: FloatArray
    understanding: FloatArray
    agreement: FloatArray
    effectiveness: FloatArray  # (n + 1, 6): innovation .. influence (theory RF-8)
    _levers: dict[str, FloatArray] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, partnerships: tuple[PartnershipSpec, ...]) -> PartnershipState:
        """Inactive partnerships; the model starts them at ``starts_at``."""
        n = len(partnerships) + 1
        return cls(
            ids=tuple(p.id for p in partnerships),
            specs=partnerships,
            active=np.zeros(n),
            contract=np.zeros(n),
            mandate=np.zeros(n),
            started_at=np.zeros(n),
            engagement=np.zeros(n),
            alignment=np.zeros(n),
            understanding=np.zeros(n),
            agreement=np.zeros(n),
            effectiveness=np.zeros((n, 6)),
        )

    def lever(self, name: str) -> FloatArray:
        """A static context lever per partnership (0 for the inactive row).

        Levers are static, so each is built once and cached (read-only).
        """
        if (cached := self._levers.get(name)) is None:
            cached = self._levers[name] = _frozen(_array(self.specs, name))
        return cached

    def nested(self, group: str, name: str) -> FloatArray:
        """A lever of a nested spec, e.g. ``("contract", "accountability")``."""
        key = f"{group}.{name}"
        if (cached := self._levers.get(key)) is None:
            values = [float(getattr(getattr(p, group), name)) for p in self.specs]
            cached = self._levers[key] = _frozen(np.array(values, dtype=np.float64))
        return cached

    def constructive(self) -> FloatArray:
        """1.0 where conflict is resolved constructively, else 0 (cached)."""
        return self._flag("constructive", is_constructive)

    def voluntary(self) -> FloatArray:
        """1.0 for voluntary partnerships, else 0 (cached)."""
        return self._flag("voluntary", lambda p: not is_mandated(p))

    def coproducing(self) -> FloatArray:
        """1.0 for partnerships that co-produce (EAA cycle enabled), else 0 (cached)."""
        return self._flag("coproducing", lambda p: p.co_production.enabled)

    def _flag(self, key: str, test: Callable[[PartnershipSpec], bool]) -> FloatArray:
        if (cached := self._levers.get(key)) is None:
            values = [float(test(p)) for p in self.specs]
            cached = self._levers[key] = _frozen(np.array(values))
        return cached

    def membership(self, org_ids: tuple[str, ...]) -> FloatArray:
        """Matrix (partnerships, organisations) averaging over members (cached)."""
        if (cached := self._levers.get("membership")) is None:
            index = {oid: i for i, oid in enumerate(org_ids)}
            cached = np.zeros((len(self.specs), len(org_ids)))
            for k, p in enumerate(self.specs):
                for m in p.members:
                    cached[k, index[m]] += 1.0 / len(p.members)
            cached.flags.writeable = False
            self._levers["membership"] = cached
        return cached


def _frozen(values: FloatArray) -> FloatArray:
    """Append the inactive row (0.0) and make the array read-only."""
    out = np.append(values, 0.0)
    out.flags.writeable = False
    return out


class PairArrays(NamedTuple):
    """Per directed organisation-pair arrays (theory §C2 levels O→O)."""

    partnership: IntArray
    cross_sector: FloatArray
    culture_gap: FloatArray
    asymmetry: FloatArray
    baseline: FloatArray
    trust: FloatArray
    confidence: FloatArray
    conflict: FloatArray
    threshold: FloatArray
    breaches: FloatArray
    contact_rate: FloatArray  # running meetings per tie per week (observed)
    competitive_share: FloatArray  # running share of the pair's acts competitive


def build_pairs(
    ties: TieStore, orgs: OrgArrays, sectors: tuple[str, ...], spec: Scenario
) -> PairArrays:
    """Static pair contexts (sector, culture, power); dynamic state zeroed."""
    a, b = ties.pair_src, ties.pair_dst
    sector = np.array(sectors)
    cross = (sector[a] != sector[b]).astype(np.float64)
    rates = spec.dynamics.trust
    n = ties.n_pairs
    return PairArrays(
        partnership=np.full(n, -1, dtype=np.int64),
        cross_sector=cross,
        culture_gap=contexts.cultural_distance(
            orgs.culture[a],
            orgs.culture[b],
            cross,
            gap=rates.cross_sector_culture_gap,
        ),
        asymmetry=contexts.power_asymmetry(
            orgs.power[a], orgs.power[b], orgs.size[a], orgs.size[b]
        ),
        baseline=np.zeros(n),
        trust=np.zeros(n),
        confidence=np.zeros(n),
        conflict=np.zeros(n),
        threshold=np.zeros(n),
        breaches=np.zeros(n),
        contact_rate=np.zeros(n),
        competitive_share=np.zeros(n),
    )


class Layout(NamedTuple):
    """The fixed structure of a run's network, as the cores read it.

    Pairs come in twos (``2k`` is a → b, ``2k + 1`` is b → a); the ties of pair k
    are ``offsets[k]:offsets[k + 1]`` (see :class:`collabsim.model.ties.TieStore`).
    """

    pair_src: IntArray  # source organisation of each directed pair
    pair_dst: IntArray  # target organisation of each directed pair
    pair_reverse: IntArray  # the opposite pair (k ^ 1)
    offsets: IntArray  # CSR offsets of each pair's ties
    sizes: IntArray  # ties of each pair
    src: Int32Array  # source professional of each tie
    reverse: Int32Array  # the opposite tie
    tie_weight: FloatArray  # aggregation weight of each tie's source professional
    pair_weight: FloatArray  # sum of tie weights per pair
    prof_out: IntArray  # out-ties of each professional


def build_layout(ties: TieStore, profs: ProfArrays) -> Layout:
    """The run's :class:`Layout`, from its ties and professionals."""
    weight = profs.tie_weight()
    return Layout(
        pair_src=ties.pair_src,
        pair_dst=ties.pair_dst,
        pair_reverse=np.arange(ties.n_pairs) ^ 1,
        offsets=ties.offsets,
        sizes=ties.sizes,
        src=ties.src,
        reverse=ties.reverse,
        tie_weight=weight[ties.src],
        pair_weight=ties.pair_sum(weight[ties.src]),
        prof_out=np.bincount(ties.src, minlength=len(profs.org)),
    )


class Figures(NamedTuple):
    """Central figures: the professionals who convene a partnership (theory P2).

    One row per figure. A figure leaves like anyone else (their successor takes up
    the role after the vacancy, with no ties yet); a scheduled loss ends the role.
    """

    slot: IntArray  # the professional
    partnership: IntArray  # the partnership they convene
    active: FloatArray  # 1 while the role exists


def build_figures(
    partnerships: tuple[PartnershipSpec, ...],
    org_ids: tuple[str, ...],
    orgs: OrgArrays,
) -> Figures:
    """Choose each partnership's central figures.

    A partnership with a central figure gets one from each of its best-connected
    member organisations (the most partner staff to tie to), as many as distributed
    leadership shares the role: ``max(1, round(distributed · members))``. Within an
    organisation the figure is its first boundary-spanning manager (the leader if
    it has none).
    """
    index = {oid: i for i, oid in enumerate(org_ids)}
    slots: list[int] = []
    owners: list[int] = []
    for k, p in enumerate(partnerships):
        if not p.central_figure:
            continue
        members = [index[m] for m in p.members]
        staff = sum(int(orgs.prof_count[m]) for m in members)
        ranked = sorted(members, key=lambda m: (-(staff - orgs.prof_count[m]), m))
        n = max(1, round(p.leadership.distributed * len(members)))
        for org in ranked[:n]:
            local = 1 if orgs.senior_count[org] > 1 else 0
            slots.append(int(orgs.prof_start[org]) + local)
            owners.append(k)
    return Figures(
        slot=np.array(slots, dtype=np.int64),
        partnership=np.array(owners, dtype=np.int64),
        active=np.ones(len(slots)),
    )


def build_links(world: World) -> tuple[IntArray, list[list[int]]]:
    """Unique undirected organisation links and the partnerships holding each."""
    index = {org.id: i for i, org in enumerate(world.organisations)}
    holders: dict[tuple[int, int], list[int]] = {}
    for k, p in enumerate(world.partnerships):
        pairs = p.links or tuple(
            (a, b) for i, a in enumerate(p.members) for b in p.members[i + 1 :]
        )
        for a, b in pairs:
            key = (min(index[a], index[b]), max(index[a], index[b]))
            holders.setdefault(key, []).append(k)
    keys = sorted(holders)
    links = np.array(keys, dtype=np.int64).reshape(-1, 2)
    return links, [holders[key] for key in keys]


def is_mandated(p: PartnershipSpec) -> bool:
    """Whether the partnership is mandated (theory §B(v))."""
    return p.governance is Governance.MANDATED


def is_constructive(p: PartnershipSpec) -> bool:
    """Whether conflict is resolved constructively (theory RF-1)."""
    return p.resolution_style is ResolutionStyle.CONSTRUCTIVE
