"""The arrays of a run or a batch: organisations, professionals, pairs, layout.

Organisation, professional and pair arrays are NamedTuples of arrays, updated in
place, so the phases hand them whole to the compiled cores. In a batch they hold the
elements of every run, run after run (:mod:`collabsim.model.runs`), and every index
they hold (a professional's organisation, a pair's source, a figure's post) is an
index into the whole batch. Identity (ids, sectors, specs) stays with the run state
and the Mesa agents.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, Int32Array, IntArray
from collabsim.model.ties import TieStore
from collabsim.rules import contexts
from collabsim.scenario.parts import OrganisationSpec

__all__ = [
    "COMB_START",
    "ROLE_FRONTLINE",
    "ROLE_LEADER",
    "ROLE_MANAGER",
    "ROLE_NAMES",
    "Figures",
    "Layout",
    "OrgArrays",
    "PairArrays",
    "ProfArrays",
    "build_layout",
    "build_orgs",
    "build_pairs",
    "build_profs",
]

ROLE_LEADER, ROLE_MANAGER, ROLE_FRONTLINE = 0, 1, 2
ROLE_NAMES = ("leader", "manager", "frontline")
#: Weight of a professional's ties in organisation-level trust: w ∝ power·spanning.
ROLE_POWER = np.array([2.0, 1.5, 1.0])

#: Organisation attributes read from the scenario, and the array each goes to.
ORG_ATTRIBUTES = {
    "size": "size",
    "financial_slack": "financial_slack",
    "regulatory_pressure": "regulatory_pressure",
    "competition": "competition_exposure",
    "culture": "culture",
    "power": "statutory_power",
    "flexibility": "flexibility",
}


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


def build_orgs(
    worlds: Sequence[tuple[OrganisationSpec, ...]],
    default_professionals: int,
    spanners: int,
) -> OrgArrays:
    """Static organisation arrays of the runs' organisations, run after run.

    Faith, progress and the effectiveness signal start at 0: their initial values
    are rates, set per run when the state is initialised.
    """
    specs = [o for orgs in worlds for o in orgs]
    counts = np.array([o.professionals or default_professionals for o in specs])
    start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    n = len(specs)
    values = {
        name: np.array([float(getattr(o, attr)) for o in specs])
        for name, attr in ORG_ATTRIBUTES.items()
    }
    return OrgArrays(
        **values,
        resisting=np.zeros(n),
        faith=np.zeros(n),
        progress=np.zeros(n),
        signal=np.zeros(n),
        prof_start=start,
        prof_count=counts.astype(np.int64),
        senior_count=np.minimum(max(spanners, 1), counts).astype(np.int64),
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


class PairArrays(NamedTuple):
    """Per directed organisation-pair arrays (theory §C2 levels O→O)."""

    partnership: IntArray  # row of the partnership holding the pair (-1: none)
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


def build_pairs(ties: TieStore, orgs: OrgArrays, sectors: Sequence[str]) -> PairArrays:
    """Static pair contexts (sector, power); dynamic state and culture gap zeroed.

    The culture gap reads a rate (the cross-sector gap), set per run when the state
    is initialised.
    """
    a, b = ties.pair_src, ties.pair_dst
    sector = np.array(sectors)
    n = ties.n_pairs
    return PairArrays(
        partnership=np.full(n, -1, dtype=np.int64),
        cross_sector=(sector[a] != sector[b]).astype(np.float64),
        culture_gap=np.zeros(n),
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
    """The fixed structure of the network, as the cores read it.

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
    """The :class:`Layout` of the ties and professionals."""
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
    partnership: IntArray  # the partnership row they convene
    active: FloatArray  # 1 while the role exists
