"""Tiny hand-made run states for the phase-core tests.

Two organisations ``a`` and ``b`` with one professional each (their leaders) on one
link: pair 0 is a → b and pair 1 is b → a, one tie each (tie 0 is a's leader → b's
leader). Tests set the arrays and rates a hand calculation needs, then call a core
with the state's NamedTuples.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from collabsim.model.phases.acts import Acts
from collabsim.model.phases.conflict import Episodes
from collabsim.model.runstate import PairContext, RunState
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.scenario import parse_scenario

TWO_LEADERS = {
    "name": "two leaders",
    "professionals_per_organisation": 1,
    "boundary_spanners": 0,
    "organisations": [{"id": "a"}, {"id": "b"}],
    "partnerships": [{"id": "p", "members": ["a", "b"]}],
}


def two_leaders(**rates: dict[str, float]) -> RunState:
    """The two-leader state, with ``group={name: value}`` rates replaced."""
    state = RunState.build(parse_scenario(TWO_LEADERS), np.random.default_rng(0))
    set_rates(state, **rates)
    return state


def set_rates(state: RunState, **groups: dict[str, float]) -> None:
    """Replace packed rates: ``set_rates(state, trust={"gain": 0.1})``."""
    params = state.params
    for group, values in groups.items():
        params = params._replace(**{group: getattr(params, group)._replace(**values)})
    state.params = params


def switches_off(state: RunState, *names: str) -> None:
    """Switch the named mechanisms off in the packed switches."""
    on = state.params.on.copy()
    for name in names:
        on[Link[name]] = 0.0
    state.params = state.params._replace(on=on)


def context(n: int = 2, **values: Any) -> PairContext:
    """A pair context: active pairs, levers 0 (connectivity ½), ``values`` set."""
    fields: dict[str, Any] = dict.fromkeys(PairContext._fields, 0.0)
    fields.update(active=1.0, connectivity=0.5)
    fields.update(values)
    return PairContext(
        **{
            k: np.broadcast_to(np.asarray(v, float), n).copy()
            for k, v in fields.items()
        }
    )


def acts(n: int = 2, **values: Any) -> Acts:
    """No acts this step, with per-pair tallies ``values`` (e.g. ``n_failure``)."""
    none_f, none_b = np.zeros(0), np.zeros(0, bool)
    tallies = {
        name: np.asarray(values.get(name, np.zeros(n)), float)
        for name in ("n_collab", "n_competitive", "n_failure", "n_quick")
    }
    return Acts(
        pair=np.asarray(values.get("pair", np.zeros(0, np.int64)), np.int64),
        risk=np.asarray(values.get("risk", none_f), float),
        collaborative=np.asarray(values.get("collaborative", none_b), bool),
        carried=np.asarray(values.get("carried", none_b), bool),
        success=np.asarray(values.get("success", none_b), bool),
        failure=np.asarray(values.get("failure", none_b), bool),
        quick=np.asarray(values.get("quick", none_b), bool),
        failure_stake=np.asarray(values.get("failure_stake", np.zeros(n)), float),
        **tallies,
    )


def episodes(n: int = 2) -> Episodes:
    """No conflict episodes, no repair, no damage."""
    return Episodes(np.zeros(n, bool), np.zeros(n), np.zeros(n))
