"""The state of one run or of a batch of runs that step together.

:class:`RunState` holds everything the runs change or read each step: the arrays
(:mod:`collabsim.model.entities`), the runs they belong to
(:mod:`collabsim.model.runs`), the rates per run and per element
(:mod:`collabsim.model.params`), the pair context, the event log and the step
statistics. A single run (the Mesa model's) is a batch of one: the phases, the
events (:mod:`collabsim.model.operations`) and the observer run the same code for
one run and for thousands, so a run gives the same numbers either way.

Nothing below the model imports the Mesa model; the agents act on the state through
its operations.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar, cast

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, IntArray
from collabsim.model.entities import (
    Figures,
    Layout,
    OrgArrays,
    PairArrays,
    ProfArrays,
)
from collabsim.model.eventlog import EventLog
from collabsim.model.params import LevelRates, Params
from collabsim.model.partnerships import Holders, PartnershipState
from collabsim.model.runs import Level, Runs
from collabsim.model.ties import TieStore
from collabsim.rules import contexts, coproduction
from collabsim.rules.contact import presence
from collabsim.scenario.fields import Time, per_step
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.parts import OrganisationSpec
from collabsim.scenario.scenario import Scenario

__all__ = ["STATS", "PairContext", "Params", "RunState"]

_T = TypeVar("_T")

#: Keys of the step statistics (``RunState.last``), in the order the act phase
#: computes them.
STATS = (
    *("acts", "collaborative", "low_acts", "low_collab", "high_acts", "high_collab"),
    *("carried", "failures", "quick_wins", "episodes", "turnover", "collab_risk"),
    *("meetings", "bad_meetings"),
)


def no_step_yet(n_runs: int) -> dict[str, FloatArray]:
    """Statistics before the first step: no acts, so no mean risk of one."""
    stats = {key: np.zeros(n_runs) for key in STATS}
    stats["collab_risk"] = np.full(n_runs, math.nan)
    return stats


class PairContext(NamedTuple):
    """Partnership levers gathered per directed pair (read-only arrays)."""

    active: FloatArray
    connectivity: FloatArray
    distance: FloatArray
    protected_time: FloatArray
    relational: FloatArray
    technical: FloatArray
    shared_vision: FloatArray
    ambition: FloatArray
    accountability: FloatArray  # of a contract in force (0 without one)
    role_clarity: FloatArray  # of a contract in force, plus co-production's
    contract: FloatArray
    mandate: FloatArray
    constructive: FloatArray
    evaluation: FloatArray
    quick_wins: FloatArray
    started_at: FloatArray
    turnover_rate: FloatArray  # chance per professional per step
    innovation_support: FloatArray


@dataclass(slots=True)
class RunState:
    """Arrays, rates and bookkeeping of a batch of runs (see the module docstring).

    Attributes:
        spec: The scenario the runs share (their structure and calendar; each
            run's own rates and levers are in ``rates`` and ``partnerships``).
        switches: The mechanism switches.
        rates: The rates per run (``rates.params``) and per element.
        runs: Each run's seed and elements.
        org_specs: The organisations of run 0 (generated ones included).
        org_ids: Scenario id of each organisation of the batch.
        org_sectors: Sector of each organisation of the batch.
        resists: Whether each organisation resists change.
        orgs: Organisation arrays.
        profs: Professional arrays.
        ties: Tie layout and tie state.
        pairs: Directed organisation-pair arrays.
        partnerships: Partnership arrays and levers.
        layout: The fixed network structure, as the cores read it.
        figures: The partnerships' central figures.
        holders: For each undirected link, the partnerships that hold it.
        dt: Length of a step in weeks.
        slot_parts: Sub-intervals of the step in which each run's pairs may act
            (its acts per step, rounded up); the act slots of a pair are as many as
            the largest of these.
        t: The current step.
        events: The event log.
        last: Statistics of the last step per run (:data:`STATS`).
    """

    spec: Scenario
    switches: MechanismSwitches
    rates: LevelRates
    runs: Runs
    org_specs: tuple[OrganisationSpec, ...]
    org_ids: tuple[str, ...]
    org_sectors: tuple[str, ...]
    resists: BoolArray
    orgs: OrgArrays
    profs: ProfArrays
    ties: TieStore
    pairs: PairArrays
    partnerships: PartnershipState
    layout: Layout
    figures: Figures
    holders: Holders
    dt: float
    slot_parts: IntArray
    t: int = 0
    events: EventLog = field(default_factory=EventLog)
    last: dict[str, FloatArray] = field(default_factory=dict)
    _fixed: dict[Callable[[RunState], object], object] = field(default_factory=dict)
    _context: tuple[bytes, PairContext] | None = None
    _memo: dict[str, tuple[int, object]] = field(default_factory=dict)
    _worked: BoolArray | None = None  # pairs that have had a partnership

    @property
    def params(self) -> Params:
        """The rates per run and the switches."""
        return self.rates.params

    @params.setter
    def params(self, value: Params) -> None:
        self.rates.replace(value)

    @property
    def n_runs(self) -> int:
        """Number of runs in the state."""
        return self.runs.n

    @property
    def slots_per_pair(self) -> int:
        """Act slots per directed pair: the most sub-intervals any run acts in."""
        return int(self.slot_parts.max())

    def at(self, level: Level, group: str) -> Any:
        """The rates group ``group`` per element of ``level``."""
        return self.rates.at(level, group)

    # --- memos ---------------------------------------------------------------------
    def fixed(self, build: Callable[[RunState], _T]) -> _T:
        """``build(self)``, computed on first use and kept for the rest of the run.

        For values that depend only on the scenario and the switches, which never
        change during a run.
        """
        if (value := self._fixed.get(build)) is None:
            value = self._fixed[build] = build(self)
        return cast("_T", value)

    def per_step(self, key: str, build: Callable[[RunState], _T]) -> _T:
        """``build(self)``, computed once per step (e.g. D'Amour scores)."""
        cached = self._memo.get(key)
        if cached is None or cached[0] != self.t:
            cached = self._memo[key] = (self.t, build(self))
        return cast("_T", cached[1])

    def all_runs(self) -> IntArray:
        """Every run's index."""
        return np.arange(self.n_runs, dtype=np.int64)

    # --- derived per-pair and per-partnership quantities ---------------------------
    def figure_presence(self) -> FloatArray:
        """Share of each partnership's central figures in post (0 without any).

        A figure counts while the role exists and their post is filled; the extra
        inactive row of the partnership arrays has none.
        """
        s = self.partnerships
        n = len(s.active)
        figures = self.figures
        present = presence(self.profs.vacant_until[figures.slot], float(self.t))
        count = np.bincount(figures.partnership, minlength=n).astype(np.float64)
        held = np.bincount(
            figures.partnership, weights=figures.active * present, minlength=n
        )
        share = np.divide(held, count, out=np.zeros(n), where=count > 0)
        out: FloatArray = share * (s.lever("central_figure") > 0)
        return out

    def assign_pairs(self) -> None:
        """Give each pair the latest-started active partnership holding it (or none).

        Baselines follow the pair's partnership (its prior history). Ties of a pair
        that never had a partnership start at the new baseline: professionals who
        never worked together bring only that history to the first meeting. A pair
        that worked together before keeps its ties' trust (SF8).
        """
        state, holders = self.partnerships, self.holders
        if self._worked is None:
            self._worked = np.zeros(len(self.pairs.partnership), dtype=np.bool_)
        n_links = len(self.pairs.partnership) // 2
        live = state.active[holders.row] > 0
        # latest start first, then the later partnership of the scenario
        order = np.lexsort((-holders.local, -state.started_at[holders.row], ~live))
        order = order[np.argsort(holders.link[order], kind="stable")]
        first = np.ones(len(order), dtype=np.bool_)
        first[1:] = holders.link[order][1:] != holders.link[order][:-1]
        picked = order[first]
        chosen = np.full(n_links, -1, dtype=np.int64)
        chosen[holders.link[picked]] = np.where(live[picked], holders.row[picked], -1)
        self.pairs.partnership[0::2] = chosen
        self.pairs.partnership[1::2] = chosen
        history = state.lever("prior_history")[self.pairs.partnership]
        self.pairs.baseline[:] = contexts.tie_baseline(
            self.pairs.cross_sector,
            self.pairs.asymmetry,
            history,
            self.at(Level.PAIR, "trust"),
            self.params.on,
        )
        starting = ~self._worked & (self.pairs.partnership >= 0)
        if starting.any():
            fresh = self.ties.expand(starting)
            self.ties.trust[fresh] = self.ties.expand(self.pairs.baseline)[fresh]
            self._worked |= starting

    # --- the pair context ------------------------------------------------------------
    def pair_context(self) -> PairContext:
        """Gather partnership levers per directed pair.

        The context changes only when an event does (a partnership starts or ends, a
        contract is signed, ...) or co-production moves alignment or agreement, so it
        is rebuilt only when those state arrays differ from the last build; the
        cached arrays are read-only.
        """
        s = self.partnerships
        k = self.pairs.partnership
        key = b"".join(
            a.tobytes()
            for a in (
                k,
                s.active,
                s.contract,
                s.mandate,
                s.started_at,
                s.alignment,
                s.agreement,
            )
        )
        if self._context is None or self._context[0] != key:
            self._context = (key, self._build_context())
        return self._context[1]

    def _turnover(self) -> FloatArray:
        """Each partnership's turnover rate as a chance per professional per step."""
        rates = self.partnerships.lever("turnover_rate")
        return np.array([per_step(float(v), Time.SHARE, self.dt) for v in rates])

    def _build_context(self) -> PairContext:
        s = self.partnerships
        k = self.pairs.partnership
        contract = (s.contract > 0).astype(np.float64)
        vision, clarity = coproduction.coproduction_effects(
            s.lever("shared_vision"),
            s.nested("contract", "role_clarity") * contract,
            s.alignment,
            s.agreement,
            self.at(Level.PARTNERSHIP, "coproduction"),
            self.params.on,
        )
        turnover = self.fixed(RunState._turnover)
        context = PairContext(
            active=s.active[k],
            connectivity=s.lever("connectivity")[k],
            distance=s.lever("distance")[k],
            protected_time=s.lever("protected_time")[k],
            relational=s.lever("relational_strategies")[k],
            technical=s.lever("technical_strategies")[k],
            shared_vision=vision[k],
            ambition=s.lever("ambition")[k],
            accountability=(s.nested("contract", "accountability") * contract)[k],
            role_clarity=clarity[k],
            contract=s.contract[k],
            mandate=s.mandate[k],
            constructive=s.constructive()[k],
            evaluation=s.lever("evaluation")[k],
            quick_wins=s.lever("quick_wins")[k],
            started_at=s.started_at[k],
            turnover_rate=turnover[k],
            innovation_support=s.lever("innovation_support")[k],
        )
        for values in context:
            values.flags.writeable = False
        return context
