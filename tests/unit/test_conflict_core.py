"""The conflict phase's core on two organisations and one link, values by hand."""

from __future__ import annotations

import numpy as np
import pytest
from handmade import acts, context, switches_off, two_leaders

from collabsim.model.entities import PairArrays
from collabsim.model.phases.conflict import conflict_core
from collabsim.model.runstate import RunState

RATES = {
    "conflict": {
        "episode_rate": 0.5,
        "cultural": 1.0,
        "competition": 0.0,
        "asymmetry": 0.0,
        "slow_progress": 0.0,
        "vision_damping": 0.0,
        "accountability_damping": 0.5,
        "episode_severity": 0.4,
        "task_failure": 0.1,
        "constructive_resolution": 0.5,
        "destructive_resolution": 0.25,
        "constructive_repair": 0.2,
        "destructive_damage": 0.3,
        "competitive_act": 0.05,
    },
    "faith": {"destructive_loss": 0.1},
}


def _state() -> RunState:
    """Pair 0 is org a -> org b (destructive style, contract), pair 1 the reverse."""
    state = two_leaders(**RATES)
    pairs, orgs = state.pairs, state.orgs
    pairs.culture_gap[:] = 0.5
    pairs.asymmetry[:] = [0.3, -0.3]
    pairs.conflict[:] = [0.0, 0.5]
    pairs.breaches[:] = 0.0
    orgs.competition[:] = [0.8, 0.6]
    orgs.resisting[:] = [0.5, 0.0]
    orgs.progress[:] = [0.05, 0.6]
    orgs.faith[:] = [0.5, 0.5]
    return state


def _call(state: RunState, n: int = 2) -> tuple:
    ctx = context(
        n,
        shared_vision=0.7,
        accountability=[0.0, 1.0][:n],
        constructive=[0.0, 1.0][:n],
        contract=[1.0, 0.0][:n],
    )
    events = acts(n, n_failure=[1.0, 0.0][:n], n_competitive=[0.0, 2.0][:n])
    draws = np.array([[0.5, 0.9][:n]])  # one sub-interval (dt = 1)
    params = state.params
    return conflict_core(
        state.layout,
        state.orgs,
        state.pairs,
        ctx,
        events,
        draws,
        params.conflict,
        params.faith,
        params.on,
    )


def _resolved(conflict: float, added: float, rate: float) -> tuple[float, float]:
    """(conflict at the end, conflict resolved): half a step of resolution leaves
    √(1 − rate); new conflict arrives in the middle, then the other half."""
    keep = (1 - rate) ** 0.5
    middle = conflict * keep
    risen = min(added, 1.0) * (1 - middle)
    end = (middle + risen) * keep
    return end, conflict + risen - end


def test_episode_resolution_breaches_and_destructive_loss() -> None:
    state = _state()
    outcome, n_episodes = _call(state)
    count, severity, repair, damage = outcome
    # expected episodes = 0.5 * (1 + 1.0 * 0.5) = 0.75 (vision damping 0): draw 0.5
    # hits, 0.9 does not
    assert count.tolist() == [1.0, 0.0]
    assert n_episodes == 1
    # held = 1 - 0.5 * accountability = [1, 0.5]
    assert severity == pytest.approx([0.4, 0.2])
    # added = [0.4 + (1 + 0) * 0.1 + 2 * 0.05, 0 + (0 + 1) * 0.05 + 0] = [0.6, 0.05]
    # pair 0 (destructive, rate 0.25) starts without conflict, pair 1
    # (constructive, rate 0.5) at 0.5
    end_0, _ = _resolved(0.0, 0.6, 0.25)
    end_1, resolved_1 = _resolved(0.5, 0.05, 0.5)
    assert state.pairs.conflict == pytest.approx([end_0, end_1], rel=1e-12)
    assert repair == pytest.approx([0.0, 0.2 * resolved_1], rel=1e-12)
    assert damage == pytest.approx([0.3, 0.0])  # 0.3 per destructive episode
    # competitive acts of the reverse pair break the contract of pair 0
    assert state.pairs.breaches.tolist() == [2.0, 0.0]
    # one destructive episode at org a: faith and progress lose 0.1 (floor 0)
    assert state.orgs.faith == pytest.approx([0.4, 0.5])
    assert state.orgs.progress == pytest.approx([0.0, 0.6])


def test_without_resolution_style_rate_is_neutral_and_nothing_is_lost() -> None:
    state = _state()
    switches_off(state, "resolution_style_decides_recovery")
    outcome, _ = _call(state)
    repair, damage = outcome[2], outcome[3]
    # both pairs resolve at the neutral rate 0.375
    expected = [_resolved(0.0, 0.6, 0.375)[0], _resolved(0.5, 0.05, 0.375)[0]]
    assert state.pairs.conflict == pytest.approx(expected, rel=1e-12)
    assert repair.tolist() == [0.0, 0.0]
    assert damage.tolist() == [0.0, 0.0]
    assert state.orgs.faith.tolist() == [0.5, 0.5]
    assert state.orgs.progress.tolist() == [0.05, 0.6]


def test_competitive_acts_breed_conflict_only_with_their_switch() -> None:
    state = _state()
    switches_off(state, "competitive_acts_breed_conflict")
    outcome, _ = _call(state)
    assert outcome[0].tolist() == [1.0, 0.0]
    # pair 0 loses the 2·0.05 of b's competitive acts: added 0.4 + 0.1 = 0.5;
    # pair 1 had none to lose (as before)
    expected = [_resolved(0.0, 0.5, 0.25)[0], _resolved(0.5, 0.05, 0.5)[0]]
    assert state.pairs.conflict == pytest.approx(expected, rel=1e-12)
    # the breach of the contract is still recorded: confidence, not conflict
    assert state.pairs.breaches.tolist() == [2.0, 0.0]


def test_inactive_pairs_have_no_episodes() -> None:
    state = _state()
    ctx = context(2, active=0.0, shared_vision=0.7)
    params = state.params
    outcome, n_episodes = conflict_core(
        state.layout,
        state.orgs,
        state.pairs,
        ctx,
        acts(2),
        np.zeros((1, 2)),  # every draw below any chance
        params.conflict,
        params.faith,
        params.on,
    )
    assert outcome[0].tolist() == [0.0, 0.0]
    assert n_episodes == 0
    # no episode, failure or act: conflict is only resolved, at the destructive
    # rate 0.25 (style 0 in this context): [0, 0.5·0.75]
    assert state.pairs.conflict == pytest.approx([0.0, 0.375])
    assert outcome[3].tolist() == [0.0, 0.0]  # no damage


def test_no_pairs() -> None:
    state = _state()
    none = np.zeros(0, np.int64)
    state.layout = state.layout._replace(pair_src=none, pair_reverse=none)
    state.pairs = PairArrays(none, *(np.zeros(0) for _ in PairArrays._fields[1:]))
    outcome, n_episodes = _call(state, n=0)
    assert outcome.shape == (4, 0)
    assert n_episodes == 0
    assert state.orgs.faith.tolist() == [0.5, 0.5]
