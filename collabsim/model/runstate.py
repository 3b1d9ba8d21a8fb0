"""The state of one run, and the operations that agents and phases perform on it.

:class:`RunState` holds everything a run changes or reads each step: the arrays
(:mod:`collabsim.model.entities`), the packed parameters, the pair context, the
event log, the step statistics and the random generator. The Mesa model builds it,
the agents act on it through its methods (vacate a post, reset ties, add conflict,
assign pairs, log an event), and the phases, the observer, the metrics and the
D'Amour layer read it: nothing below the model imports the Mesa model.

The arrays are laid out so that a batch of runs could share them (each entity
belongs to one run; pairs and ties index organisations and professionals).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar, cast

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, IntArray, clip01
from collabsim.model.entities import (
    COMB_START,
    Figures,
    Layout,
    OrgArrays,
    PairArrays,
    PartnershipState,
    ProfArrays,
    build_figures,
    build_layout,
    build_links,
    build_orgs,
    build_pairs,
    build_profs,
)
from collabsim.model.network import build_world
from collabsim.model.ties import TieStore
from collabsim.rules import contexts, coproduction
from collabsim.rules.contact import presence
from collabsim.scenario.fields import Time, per_step
from collabsim.scenario.mechanisms import Link, MechanismSwitches
from collabsim.scenario.parts import OrganisationSpec
from collabsim.scenario.rates import (
    BehaviourRates,
    CombRates,
    ConfidenceRates,
    ConflictRates,
    ContactRates,
    CoProductionRates,
    Dynamics,
    FaithRates,
    ProgressRates,
    ThresholdWeights,
    TrustRates,
)
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


def _no_step_yet() -> dict[str, float]:
    """Statistics before the first step: no acts, so no mean risk of one."""
    stats = dict.fromkeys(STATS, 0.0)
    stats["collab_risk"] = math.nan
    return stats


class Params(NamedTuple):
    """Every rate group of the scenario, packed, and the mechanism switches.

    Each field is the packed form (:meth:`collabsim.scenario.fields.Spec.packed`)
    of the group its annotation names: a NamedTuple with the same field names, which
    the compiled cores read (``params.trust.gain``); ``on`` holds the mechanism
    switches (``params.on[Link.latent_distrust]``). Cores receive the groups they
    need, not the whole bundle: handing a compiled function a NamedTuple costs time
    in proportion to its fields.
    """

    contact: ContactRates
    trust: TrustRates
    conflict: ConflictRates
    confidence: ConfidenceRates
    threshold: ThresholdWeights
    behaviour: BehaviourRates
    progress: ProgressRates
    faith: FaithRates
    comb: CombRates
    coproduction: CoProductionRates
    on: FloatArray

    @classmethod
    def pack(cls, dynamics: Dynamics, switches: MechanismSwitches, dt: float) -> Params:
        """Pack a scenario's rates for steps of ``dt`` weeks, and its switches."""
        groups = {
            name: getattr(dynamics, name).packed(dt) for name in Dynamics.model_fields
        }
        return cls(**groups, on=switches.packed())


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
    """Arrays, parameters and bookkeeping of one run (see the module docstring).

    Attributes:
        spec: The scenario.
        switches: Its mechanism switches.
        params: Its rates and switches, packed for the cores.
        rng: The run's random generator (the Mesa model's).
        styles: A stream of its own for leaders' styles, drawn when a leader
            arrives, so that turnover does not shift the draws of the phases.
        org_specs: The organisations (generated ones included).
        org_ids: Scenario id of each organisation.
        org_sectors: Sector of each organisation.
        orgs: Organisation arrays.
        profs: Professional arrays.
        ties: Tie layout and tie state.
        pairs: Directed organisation-pair arrays.
        partnerships: Partnership arrays.
        layout: The fixed network structure, as the cores read it.
        figures: The partnerships' central figures.
        holders: For each undirected link, the partnerships that hold it.
        dt: Length of a step in weeks.
        t: The current step.
        events: Discrete events: (step, event, source, target, magnitude).
        last: Statistics of the last step (:data:`STATS`).
    """

    spec: Scenario
    switches: MechanismSwitches
    params: Params
    rng: np.random.Generator
    styles: np.random.Generator
    org_specs: tuple[OrganisationSpec, ...]
    org_ids: tuple[str, ...]
    org_sectors: tuple[str, ...]
    orgs: OrgArrays
    profs: ProfArrays
    ties: TieStore
    pairs: PairArrays
    partnerships: PartnershipState
    layout: Layout
    figures: Figures
    holders: list[list[int]]
    dt: float
    t: int = 0
    events: list[tuple[int, str, str, str, float]] = field(default_factory=list)
    last: dict[str, float] = field(default_factory=_no_step_yet)
    _fixed: dict[Callable[[RunState], object], object] = field(default_factory=dict)
    _context: tuple[bytes, PairContext] | None = None
    _memo: dict[str, tuple[int, object]] = field(default_factory=dict)
    _worked: BoolArray | None = None  # pairs that have had a partnership

    @classmethod
    def build(cls, spec: Scenario, rng: np.random.Generator) -> RunState:
        """Lay out a scenario's world (drawing a generated network from ``rng``)."""
        switches = MechanismSwitches.from_names(spec.mechanisms.disabled)
        world = build_world(spec, rng)
        sectors = tuple(str(o.sector) for o in world.organisations)
        orgs = build_orgs(spec, world.organisations)
        profs = build_profs(orgs, spec.boundary_spanners)
        links, holders = build_links(world)
        ties = TieStore.build(links, orgs.prof_start, orgs.prof_count)
        org_ids = tuple(o.id for o in world.organisations)
        dt = spec.step_weeks
        return cls(
            spec=spec,
            switches=switches,
            params=Params.pack(spec.dynamics, switches, dt),
            rng=rng,
            styles=rng.spawn(1)[0],
            org_specs=world.organisations,
            org_ids=org_ids,
            org_sectors=sectors,
            orgs=orgs,
            profs=profs,
            ties=ties,
            pairs=build_pairs(ties, orgs, sectors, spec),
            partnerships=PartnershipState.build(world.partnerships),
            layout=build_layout(ties, profs),
            figures=build_figures(world.partnerships, org_ids, orgs),
            holders=holders,
            dt=dt,
        )

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

    # --- operations of agents and events ------------------------------------------
    def log_event(self, event: str, source: str, target: str, magnitude: float) -> None:
        """Record a discrete event at the current step."""
        self.events.append((self.t, event, source, target, float(magnitude)))

    def draw_leader(self, org: int) -> None:
        """Draw the leadership style of the organisation's leader (theory RC-9)."""
        slot = int(self.orgs.prof_start[org])
        specs = self.partnerships.specs
        holders = [k for k, p in enumerate(specs) if self.org_ids[org] in p.members]
        lead = specs[holders[0]].leadership if holders else None
        noise = self.styles.normal(0.0, 0.05, size=3)
        means = (
            (0.5, 0.5, 0.5)
            if lead is None
            else (lead.vulnerability, lead.persuasiveness, lead.enthusiasm)
        )
        profs = self.profs
        (
            profs.vulnerability[slot],
            profs.persuasiveness[slot],
            profs.enthusiasm[slot],
        ) = clip01(np.array(means) + noise)

    def reset_ties(self, professionals: IntArray) -> None:
        """Reset the professionals' ties to baseline trust and no acquaintance."""
        idx = self.ties.ties_of(professionals)
        self.ties.trust[idx] = self.pairs.baseline[self.ties.pair_of(idx)]
        self.ties.acquaintance[idx] = 0.0

    def vacate(self, slot: int, *, at_step_start: bool = False) -> None:
        """Leave a post vacant for the vacancy's weeks; the successor starts fresh.

        ``vacant_until`` is the end of the vacancy less one step, so that
        :func:`~collabsim.rules.contact.presence` at step ``s`` is the share of that
        step the post is filled. Turnover happens at the end of the step (time
        ``t + 1``); a scheduled departure at its start (time ``t``).
        """
        profs = self.profs
        left = self.t if at_step_start else self.t + 1
        profs.vacant_until[slot] = left - 1 + self.params.contact.vacancy_weeks
        profs.joined_at[slot] = profs.vacant_until[slot]
        for values, start in zip(profs.comb, COMB_START, strict=True):
            values[slot] = start

    def add_conflict(self, org: int, amount: float) -> None:
        """Raise conflict on every pair where ``org`` is the source or target."""
        layout = self.layout
        mask = (layout.pair_src == org) | (layout.pair_dst == org)
        self.pairs.conflict[mask] = clip01(self.pairs.conflict[mask] + amount)

    def improper_cessation(self, partnership: int) -> None:
        """Improper ending: conflict up and a sharp loss of trust on ties (IPT-17).

        The loss is that of a failed act at the highest stake, on every tie of the
        partnership's pairs, and it carries over to later partnerships of the same
        organisations (SF8).
        """
        on = self.params.on[Link.improper_ending_lowers_trust]
        mask = self.pairs.partnership == partnership
        rates = self.params
        self.pairs.conflict[mask] = clip01(
            self.pairs.conflict[mask] + on * rates.conflict.episode_severity
        )
        hit = self.ties.expand(mask)
        severity = rates.trust.failure_severity * 1.5  # stake of the riskiest act
        self.ties.trust[hit] *= 1.0 - on * min(rates.trust.loss * severity, 1.0)

    def lose_central_figure(self, partnership: int) -> int | None:
        """The partnership's lead central figure leaves for good; return their slot.

        The role ends (no successor convenes in their place); the professional's
        post is vacated by the caller, like any other leaver. None if the
        partnership has no central figure left.
        """
        held = np.flatnonzero(
            (self.figures.partnership == partnership) & (self.figures.active > 0)
        )
        if len(held) == 0:
            return None
        self.figures.active[held[0]] = 0.0
        return int(self.figures.slot[held[0]])

    def figure_presence(self) -> FloatArray:
        """Share of each partnership's central figures in post (0 without any).

        A figure counts while the role exists and their post is filled; the extra
        inactive row of the partnership arrays has none.
        """
        n = len(self.partnerships.active)
        figures = self.figures
        present = presence(self.profs.vacant_until[figures.slot], float(self.t))
        weight = np.zeros(n)
        weight[: len(self.partnerships.specs)] = [
            p.central_figure for p in self.partnerships.specs
        ]
        count = np.bincount(figures.partnership, minlength=n).astype(np.float64)
        held = np.bincount(
            figures.partnership, weights=figures.active * present, minlength=n
        )
        return np.divide(held, count, out=np.zeros(n), where=count > 0) * (weight > 0)

    def assign_pairs(self) -> None:
        """Give each pair the latest-started active partnership holding it (or none).

        Baselines follow the pair's partnership (its prior history). Ties of a pair
        that never had a partnership start at the new baseline: professionals who
        never worked together bring only that history to the first meeting. A pair
        that worked together before keeps its ties' trust (SF8).
        """
        state = self.partnerships
        if self._worked is None:
            self._worked = np.zeros(len(self.pairs.partnership), dtype=np.bool_)
        for link, holders in enumerate(self.holders):
            live = [k for k in holders if state.active[k] > 0]
            chosen = max(live, key=lambda k: (state.started_at[k], k)) if live else -1
            self.pairs.partnership[2 * link : 2 * link + 2] = chosen
        history = state.lever("prior_history")[self.pairs.partnership]
        self.pairs.baseline[:] = contexts.tie_baseline(
            self.pairs.cross_sector,
            self.pairs.asymmetry,
            history,
            self.params.trust,
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

    def _build_context(self) -> PairContext:
        s = self.partnerships
        k = self.pairs.partnership
        contract = (s.contract > 0).astype(np.float64)
        vision, clarity = coproduction.coproduction_effects(
            s.lever("shared_vision"),
            s.nested("contract", "role_clarity") * contract,
            s.alignment,
            s.agreement,
            self.params.coproduction,
            self.params.on,
        )
        turnover = np.array(
            [per_step(v, Time.SHARE, self.dt) for v in s.lever("turnover_rate")]
        )
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
