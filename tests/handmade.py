"""Hand-made inputs for the tests of the cores and the rules.

Run states: two organisations ``a`` and ``b`` on one link, with one professional
each (their leaders, :func:`two_leaders`) or three (a leader and two frontline
professionals, :func:`two_teams`). Pair 0 is a → b and pair 1 is b → a; the ties of
a pair are row-major (tie ``offsets[k] + i·n_b + j`` joins a's i-th professional to
b's j-th). Tests set the arrays and rates a hand calculation needs, then call a core
with the state's NamedTuples.

Rules: :func:`call` packs a rates group and switches as the phases do, and
:func:`arrays` draws equal-length arrays for the hypothesis properties.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from collabsim.model.build import build_state
from collabsim.model.phases.acts import Acts
from collabsim.model.phases.conflict import Episodes
from collabsim.model.runstate import PairContext, RunState
from collabsim.scenario.fields import Spec
from collabsim.scenario.mechanisms import MECHANISMS, MechanismSwitches
from collabsim.scenario.scenario import parse_scenario

TWO_LEADERS = {
    "name": "two leaders",
    "professionals_per_organisation": 1,
    "boundary_spanners": 0,
    "organisations": [{"id": "a"}, {"id": "b"}],
    "partnerships": [{"id": "p", "members": ["a", "b"]}],
}

#: Three professionals per organisation: the leader (the one senior), then two
#: frontline professionals (a's slots 0, 1, 2; b's 3, 4, 5); pairs of 9 ties.
TWO_TEAMS = {**TWO_LEADERS, "name": "two teams", "professionals_per_organisation": 3}


def two_leaders(**rates: dict[str, float]) -> RunState:
    """The two-leader state, with ``group={name: value}`` packed rates replaced."""
    return _state(TWO_LEADERS, rates)


def two_teams(**rates: dict[str, float]) -> RunState:
    """The two-team state (three professionals each), rates as in two_leaders."""
    return _state(TWO_TEAMS, rates)


def _state(scenario: dict[str, Any], rates: dict[str, dict[str, float]]) -> RunState:
    state = build_state(parse_scenario(scenario), [0])
    profs = state.profs
    for style in (profs.vulnerability, profs.persuasiveness, profs.enthusiasm):
        style[:] = 0.5  # neutral leaders, not drawn ones
    set_rates(state, **rates)
    return state


def set_rates(state: RunState, **groups: dict[str, float]) -> None:
    """Replace packed rates: ``set_rates(state, trust={"gain": 0.1})``."""
    params = state.params
    for group, values in groups.items():
        per_run = {k: np.full(state.n_runs, v) for k, v in values.items()}
        params = params._replace(**{group: getattr(params, group)._replace(**per_run)})
    state.params = params


def switches_off(state: RunState, *names: str) -> None:
    """Switch the named mechanisms off in the state's packed switches."""
    state.params = state.params._replace(on=switched_off(*names))


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


#: Fields of :class:`Acts` with one value per act, and their dtypes.
_PER_ACT = {
    "pair": np.int64,
    "risk": np.float64,
    "collaborative": np.bool_,
    "carried": np.bool_,
    "success": np.bool_,
    "failure": np.bool_,
    "quick": np.bool_,
    "value": np.float64,
}


def acts(n: int = 2, n_profs: int = 2, **values: Any) -> Acts:
    """No acts unless given, with per-pair and per-professional fields ``values``.

    Per-pair tallies default to 0 and the trust products ``keep_room`` and
    ``keep_trust`` to 1 (no event), ``load`` and ``failures`` (per professional)
    to 0; every act is staffed unless ``staffed`` says otherwise.
    """
    per_act = {
        name: np.asarray(values.get(name, np.zeros(0)), dtype)
        for name, dtype in _PER_ACT.items()
    }
    per_pair = {
        name: np.broadcast_to(np.asarray(values.get(name, 0.0), float), n).copy()
        for name in ("n_acts", "n_collab", "n_competitive", "n_failure")
    }
    keeps = {
        name: np.broadcast_to(np.asarray(values.get(name, 1.0), float), n).copy()
        for name in ("keep_room", "keep_trust")
    }
    per_prof = {
        name: np.broadcast_to(np.asarray(values.get(name, 0.0), float), n_profs).copy()
        for name in ("load", "failures")
    }
    staffed = np.asarray(
        values.get("staffed", np.ones(len(per_act["pair"]), bool)), np.bool_
    )
    return Acts(**per_act, staffed=staffed, **per_pair, **keeps, **per_prof)


def episodes(n: int = 2, **values: Any) -> Episodes:
    """Conflict episodes (none unless given), repair and damage (0 unless given)."""
    return Episodes(
        np.broadcast_to(np.asarray(values.get("number", 0.0), float), n).copy(),
        np.broadcast_to(np.asarray(values.get("repair", 0.0), float), n).copy(),
        np.broadcast_to(np.asarray(values.get("damage", 0.0), float), n).copy(),
    )


# --- helpers of the rules' properties -------------------------------------------------

unit = st.floats(0.0, 1.0)
ALL_ON = MechanismSwitches()
switch_sets = st.sets(st.sampled_from(sorted(MECHANISMS))).map(
    MechanismSwitches.from_names
)


def switched_off(*names: str) -> np.ndarray:
    """Packed switches with the named mechanisms off (all others on)."""
    return MechanismSwitches.from_names(names).packed()


def call(
    rule: Callable[..., Any],
    *args: Any,
    rates: Spec,
    switches: MechanismSwitches | None = ALL_ON,
    dt: float = 1.0,
) -> Any:
    """Call a rule with its rates packed for a step of ``dt`` weeks, and switches.

    ``switches=None`` for the rules that read none.
    """
    packed = rates.packed(dt)
    if switches is None:
        return rule(*args, packed)
    return rule(*args, packed, switches.packed())


@st.composite
def arrays(
    draw: st.DrawFn, k: int, low: float = 0.0, high: float = 1.0
) -> list[np.ndarray]:
    """k float arrays of one shared length with elements in [low, high]."""
    n = draw(st.integers(1, 40))
    elems = st.floats(low, high)
    return [draw(hnp.arrays(np.float64, n, elements=elems)) for _ in range(k)]


@st.composite
def unit_rows(draw: st.DrawFn, k: int, n_max: int = 12) -> list[np.ndarray]:
    """k float arrays of one length in [0, 1], cheaply: seeded uniforms, with
    hypothesis placing edge values (0, ½, 1) and choosing the length and seed."""
    n = draw(st.integers(1, n_max))
    rows = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).random((k, n))
    edges = st.tuples(
        st.integers(0, k - 1), st.integers(0, n - 1), st.sampled_from([0.0, 0.5, 1.0])
    )
    for row, col, value in draw(st.lists(edges, max_size=2 * k)):
        rows[row, col] = value
    return list(rows)


def in_unit(x: np.ndarray) -> bool:
    """Whether every element is in [0, 1]."""
    return bool(np.all((x >= 0.0) & (x <= 1.0)))
