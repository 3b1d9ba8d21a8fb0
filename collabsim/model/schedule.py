"""The calendar of scheduled events and the step: one schedule for one run or many.

:func:`advance` is the step of docs/odd.md §1.3, for every run of a state at once:
the step's scheduled events, the context, the act, conflict, tie and organisation
phases, leavers, contracts signed when ready, and the step statistics. The Mesa model
(a batch of one) and the batched runner (:mod:`collabsim.model.batched`) both call
it, and differ only in what they do around it (Mesa agents; outputs).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from collabsim.arrays import FloatArray, IntArray
from collabsim.model import operations
from collabsim.model.phases import acts as act_phase
from collabsim.model.phases import conflict as conflict_phase
from collabsim.model.phases import gate as gate_phase
from collabsim.model.phases import organisations as org_phase
from collabsim.model.phases import ties as tie_phase
from collabsim.model.phases.acts import Acts
from collabsim.model.runs import Level
from collabsim.model.runstate import RunState
from collabsim.scenario.parts import PartnershipSpec, ShockSpec
from collabsim.scenario.scenario import Scenario

__all__ = ["Calendar", "Event", "Step", "advance", "begin", "fire", "plan"]


class Event(NamedTuple):
    """A scheduled event: what, and of which partnership or organisation."""

    kind: str  # start, end, expire, lift, figure_lost, shock, change
    target: int = 0  # partnership (or, for a shock, organisation) in scenario order
    shock: ShockSpec | None = None


#: Scheduled events by step, each step's in the order they fire.
Calendar = dict[int, list[Event]]


def plan(spec: Scenario, partnerships: tuple[PartnershipSpec, ...]) -> Calendar:
    """The calendar of ``spec`` with these (its, or its network's) partnerships.

    Per partnership, in scenario order, its start, end, contract expiry, mandate lift
    and central-figure loss; then shocks; then system change.
    """
    calendar: Calendar = {}

    def at(step: int | None, event: Event) -> None:
        if step is not None:
            calendar.setdefault(step, []).append(event)

    for k, p in enumerate(partnerships):
        at(p.starts_at, Event("start", k))
        at(p.ends_at, Event("end", k))
        at(p.contract.expires_at, Event("expire", k))
        at(p.mandate_lifted_at, Event("lift", k))
        at(p.central_figure_lost_at, Event("figure_lost", k))
    ids = list(spec.organisation_ids)
    for shock in spec.shocks:
        at(shock.at, Event("shock", ids.index(shock.organisation), shock))
    if spec.system_change is not None:
        at(spec.system_change.at, Event("change"))
    return calendar


def fire(state: RunState, calendar: Calendar, step: int) -> IntArray:
    """Fire the events scheduled at ``step``; return the posts they vacated."""
    vacated = [np.zeros(0, dtype=np.int64)]
    for event in calendar.get(step, []):
        if event.kind == "start":
            operations.start_partnership(state, event.target)
        elif event.kind == "end":
            operations.end_partnership(state, event.target)
        elif event.kind == "expire":
            operations.expire_contract(state, event.target)
        elif event.kind == "lift":
            operations.lift_mandate(state, event.target)
        elif event.kind == "figure_lost":
            vacated.append(operations.lose_central_figure(state, event.target))
        elif event.kind == "shock" and event.shock is not None:
            shock = event.shock
            operations.apply_shock(state, event.target, shock.kind, shock.magnitude)
        elif event.kind == "change":
            operations.system_change(state)
    return np.concatenate(vacated)


def begin(state: RunState, calendar: Calendar) -> IntArray:
    """Step 0: its events, then tie trust at baseline and the gate computed.

    Returns the posts vacated at construction.
    """
    vacated = fire(state, calendar, 0)
    operations.initialise_ties(state)
    gate_phase.update_gate(state, state.pair_context())
    return vacated


class Step(NamedTuple):
    """What a step did that the caller may record: its acts and who left."""

    acts: Acts
    departed: IntArray  # posts vacated, in order (scheduled losses, then turnover)


def advance(state: RunState, calendar: Calendar) -> Step:
    """Advance every run by one step (docs/odd.md §1.3)."""
    vacated = fire(state, calendar, state.t) if state.t > 0 else np.zeros(0, np.int64)
    ctx = state.pair_context()
    acts = act_phase.run(state, ctx)
    episodes = conflict_phase.run(state, ctx, acts)
    meetings, bad = tie_phase.run(state, ctx, acts, episodes)
    leavers = org_phase.run(state, ctx, acts)
    operations.depart(state, leavers)
    operations.contracts_when_ready(state)
    runs = state.runs
    stats = act_phase.summarise(
        state,
        acts,
        _per_run(runs.run_of(Level.PAIR), episodes.number, runs.n),
        _per_run(runs.run_of(Level.PROF)[leavers], None, runs.n),
    )
    stats.update(meetings=meetings, bad_meetings=bad)
    state.last = stats
    state.t += 1
    return Step(acts, np.concatenate([vacated, leavers]))


def _per_run(run: IntArray, counts: FloatArray | None, n_runs: int) -> FloatArray:
    """Counts summed per run (whole numbers: exact in any order)."""
    return np.bincount(run, weights=counts, minlength=n_runs).astype(np.float64)
