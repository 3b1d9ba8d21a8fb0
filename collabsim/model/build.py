"""Build the state of a batch of runs (one run is a batch of one).

Each run gets its world: the scenario's organisations and partnerships, or a network
drawn from ``numpy.random.default_rng(seed)``. The worlds are laid out run after
run (:mod:`collabsim.model.runs`), the runs' own values (a design point's rates,
levers and organisation attributes: :class:`~collabsim.model.overrides.RunValues`)
are written into the arrays, and everything that follows from rates (initial faith,
progress and signal, cultural distance, the leaders' styles) is set per run. The
calendar's step-0 events come next (:func:`collabsim.model.schedule.begin`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from collabsim.model.draws import Stream, draw_at, normals
from collabsim.model.entities import (
    ORG_ATTRIBUTES,
    build_layout,
    build_orgs,
    build_pairs,
    build_profs,
)
from collabsim.model.network import World, build_world
from collabsim.model.overrides import RunValues
from collabsim.model.params import LevelRates, pack_runs
from collabsim.model.partnerships import (
    Holders,
    PartnershipState,
    build_figures,
    build_links,
)
from collabsim.model.runs import Level, Runs, run_keys
from collabsim.model.runstate import RunState, no_step_yet
from collabsim.model.ties import TieStore
from collabsim.rules import contexts
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.scenario import Scenario

__all__ = ["build_state", "draw_leaders"]

#: Style draws of a leader: at construction, at a step's start, at its end.
STYLE_OCCASIONS = {"start": 0, "step_start": 3, "step_end": 6}


def _worlds(spec: Scenario, seeds: Sequence[int]) -> list[World]:
    if spec.network is None:
        return [World(spec.organisations, spec.partnerships)] * len(seeds)
    return [build_world(spec, np.random.default_rng(seed)) for seed in seeds]


def _offsets(counts: Sequence[int]) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def build_state(
    spec: Scenario, seeds: Sequence[int], values: RunValues | None = None
) -> RunState:
    """Lay out ``len(seeds)`` runs of ``spec``, each with its own seed and values.

    Args:
        spec: The scenario (validated); its structure is every run's.
        seeds: Each run's seed (non-negative).
        values: Per-run rates, levers and organisation attributes; None: the
            scenario's own.
    """
    values = values if values is not None else RunValues()
    n = len(seeds)
    worlds = _worlds(spec, seeds)
    orgs = build_orgs(
        [w.organisations for w in worlds],
        spec.professionals_per_organisation,
        spec.boundary_spanners,
    )
    org_counts = [len(w.organisations) for w in worlds]
    org_start = _offsets(org_counts)
    for key, column in values.organisations.items():
        position, name = key.split(".", 1)
        target = next(a for a, f in ORG_ATTRIBUTES.items() if f == name)
        getattr(orgs, target)[org_start[:-1] + int(position)] = column
    index = [
        {o.id: int(org_start[r]) + i for i, o in enumerate(w.organisations)}
        for r, w in enumerate(worlds)
    ]
    per_run = [build_links(w.partnerships, index[r]) for r, w in enumerate(worlds)]
    link_counts = [len(links) for links, _ in per_run]
    k = len(worlds[0].partnerships)
    links = np.concatenate([links for links, _ in per_run]).reshape(-1, 2)
    link_start = _offsets(link_counts)
    holder_rows = [
        (int(link_start[r]) + link, r * k + h, h)
        for r, (_, holders) in enumerate(per_run)
        for link, held in enumerate(holders)
        for h in held
    ]
    table = np.array(holder_rows, dtype=np.int64).reshape(-1, 3)
    ties = TieStore.build(links, orgs.prof_start, orgs.prof_count)
    profs = build_profs(orgs, spec.boundary_spanners)
    sectors = tuple(str(o.sector) for w in worlds for o in w.organisations)
    partnerships = PartnershipState.build(
        [w.partnerships for w in worlds], index, values.levers
    )
    figures = build_figures(partnerships, orgs, index)
    pair_start = 2 * link_start
    prof_start = np.append(orgs.prof_start, len(profs.org))[org_start]
    switches = MechanismSwitches.from_names(spec.mechanisms.disabled)
    dt = spec.step_weeks
    params = pack_runs(spec.dynamics, switches, dt, n, values.rates)
    parts = np.array(
        [max(1, math.ceil(a)) for a in np.asarray(params.behaviour.acts_per_week)]
    )
    runs = Runs(
        keys=run_keys(list(seeds)),
        offsets={
            Level.ORG: org_start,
            Level.PROF: prof_start,
            Level.PAIR: pair_start,
            Level.TIE: ties.offsets[pair_start],
            Level.SLOT: pair_start * int(parts.max()),
            Level.PARTNERSHIP: np.arange(n + 1, dtype=np.int64) * k,
            Level.FIGURE: _offsets(
                np.bincount(figures.partnership // max(k, 1), minlength=n).tolist()
            ),
        },
        extra={Level.PARTNERSHIP: 1},
    )
    state = RunState(
        spec=spec,
        switches=switches,
        rates=LevelRates(params, runs),
        runs=runs,
        org_specs=worlds[0].organisations,
        org_ids=tuple(o.id for w in worlds for o in w.organisations),
        org_sectors=sectors,
        resists=np.array([o.resists_change for w in worlds for o in w.organisations]),
        orgs=orgs,
        profs=profs,
        ties=ties,
        pairs=build_pairs(ties, orgs, sectors),
        partnerships=partnerships,
        layout=build_layout(ties, profs),
        figures=figures,
        holders=Holders(link=table[:, 0], row=table[:, 1], local=table[:, 2]),
        dt=dt,
        slot_parts=parts,
        last=no_step_yet(n),
    )
    _initialise(state)
    return state


def _initialise(state: RunState) -> None:
    """Initial values that are rates, per run; every leader's style."""
    orgs, pairs, layout = state.orgs, state.pairs, state.layout
    faith = state.at(Level.ORG, "faith")
    progress = state.at(Level.ORG, "progress")
    orgs.faith[:] = faith.initial
    orgs.progress[:] = progress.initial
    orgs.signal[:] = progress.initial * progress.expected_value
    a, b = layout.pair_src, layout.pair_dst
    pairs.culture_gap[:] = contexts.cultural_distance(
        orgs.culture[a],
        orgs.culture[b],
        pairs.cross_sector,
        gap=state.at(Level.PAIR, "trust").cross_sector_culture_gap,
    )
    draw_leaders(state, np.arange(len(orgs.size), dtype=np.int64), "start")


def _leading_rows(state: RunState) -> np.ndarray:
    """Each organisation's first partnership row (-1 in none): its leaders' model."""
    lead = np.full(len(state.orgs.size), -1, dtype=np.int64)
    for row in range(len(state.partnerships.members) - 1, -1, -1):
        lead[state.partnerships.members[row]] = row
    return lead


def draw_leaders(state: RunState, orgs: np.ndarray, occasion: str) -> None:
    """Draw the leadership style of the organisations' leaders (theory RC-9).

    Each style is the leadership lever of the organisation's first partnership (½
    without one) plus normal noise (sd 0.05), drawn from the run's generator at this
    step and occasion (:data:`STYLE_OCCASIONS`), so that no other draw moves.
    """
    if len(orgs) == 0:
        return
    s = state.partnerships
    row = state.fixed(_leading_rows)[orgs]
    slot = state.orgs.prof_start[orgs]
    base = STYLE_OCCASIONS[occasion]
    profs = state.profs
    for j, (name, target) in enumerate(
        (
            ("vulnerability", profs.vulnerability),
            ("persuasiveness", profs.persuasiveness),
            ("enthusiasm", profs.enthusiasm),
        )
    ):
        mean = np.where(row >= 0, s.nested("leadership", name)[row], 0.5)
        uniforms = draw_at(
            state.runs, Level.ORG, orgs, state.t, Stream.STYLE, block=base + j
        )
        target[slot] = np.minimum(np.maximum(mean + 0.05 * normals(uniforms), 0.0), 1.0)
