"""The tie phase's core on two one-professional organisations, values by hand."""

from __future__ import annotations

import numpy as np
import pytest
from handmade import acts, context, episodes, switches_off, two_leaders
from numpy.testing import assert_allclose

from collabsim.model.phases.acts import Acts
from collabsim.model.phases.conflict import Episodes
from collabsim.model.phases.ties import (
    pair_terms,
    tie_core,
    tie_update_loop,
    tie_update_numpy,
)
from collabsim.model.runs import Level
from collabsim.model.runstate import PairContext, RunState

#: Rates of the hand calculation, packed (per step): round numbers, not defaults.
RATES = {
    "contact": {
        "frontline_access": 0.5,
        "base_rate": 0.8,  # meetings per step
        "distance_penalty": 0.5,
        "protected_time_boost": 0.5,
        "central_figure_boost": 0.5,
        "opportunity_weight": 0.5,
    },
    "trust": {
        "negative_rate": 0.2,
        "cultural_negative_weight": 0.5,
        "positive_quality": 0.5,
        "relational_boost": 0.5,
        "technical_boost": 0.5,
        "leader_boost": 0.5,
        "gain": 0.1,
        "loss": 0.4,
        "conflict_erosion": 0.5,
        "decay": 0.1,
        "acquaintance_gain": 0.2,
        "acquaintance_decay": 0.1,
    },
}


def _state() -> RunState:
    """Leaders of a and b (vulnerability ½, opportunity ½: full access), baseline 0.3,
    no culture gap or conflict."""
    state = two_leaders(**RATES)
    state.pairs.culture_gap[:] = 0.0
    state.pairs.baseline[:] = 0.3
    state.pairs.conflict[:] = 0.0
    return state


def _call(
    state: RunState,
    draws: list,
    ctx: PairContext | None = None,
    events: tuple[Acts, Episodes] | None = None,
    trust: float = 0.5,
) -> tuple:
    """Tie trust ``trust`` on both ties, acquaintance [0, 0.5] (stored as float32,
    exactly); t = 5.

    ``draws[0][k]`` and ``draws[1][k]`` are the meeting and badness draws of the
    k-th sub-interval, one per tie (the phase gives a tie and its reverse the same).
    """
    step_acts, step_episodes = events or (acts(), episodes())
    p = state.params
    return tie_core(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        ctx or context(),
        (step_acts, step_episodes, np.zeros(2)),
        (np.full(2, trust, np.float32), np.array([0.0, 0.5], np.float32)),
        np.array(draws, dtype=np.float64),
        5.0,
        (  # as the phase gives them: per element, but per run for a run's ties
            state.at(Level.PROF, "contact"),
            state.at(Level.PAIR, "contact"),
            state.at(Level.PAIR, "trust"),
            state.at(Level.TIE, "trust"),
        ),
        p.on,
    )


def test_a_good_and_a_bad_meeting_in_two_sub_intervals() -> None:
    """A step of two sub-intervals: 0.8 meetings per step, chance 0.4 in each.

    Sub-interval 1: 0.1 < 0.4 meet, 0.5 ≥ p_bad 0.2 good; sub-interval 2: 0.3 meet,
    0.1 < 0.2 bad. Both directions of the tie share the draws: meetings are mutual.
    Good: keeps 1 − 0.1·0.5 of the room; bad: keeps 1 − 0.4·0.5 of the trust:
    0.5 → 1 − 0.5·0.95 = 0.525 → 0.525·0.8 = 0.42. Acquaintance keeps 0.8² of its
    room: 0 → 0.36, 0.5 → 1 − 0.5·0.64 = 0.68.
    """
    draws = [[[0.1, 0.1], [0.3, 0.3]], [[0.5, 0.5], [0.1, 0.1]]]
    trust, acquaintance, meetings, bad = _call(_state(), draws)
    assert trust.dtype == np.float64
    assert_allclose(trust, [0.42, 0.42], rtol=1e-12)
    assert_allclose(acquaintance, [0.36, 0.68], rtol=1e-12)
    assert meetings.tolist() == [2.0, 2.0]
    assert bad.tolist() == [1.0, 1.0]


def test_strategies_and_a_vulnerable_leader_make_a_better_meeting() -> None:
    """One sub-interval (chance 0.8), one good meeting.

    q⁺ = (0.5 + 0.5·1 relational + 0.5·0.5 technical)·(1 + 0.5·(0.8 − 0.5)) with
    the leaders' mean vulnerability 0.8: 1.25·1.15 = 1.4375; trust 0.5 →
    1 − 0.5·(1 − 0.1·1.4375) = 0.571875.
    """
    state = _state()
    state.profs.vulnerability[:] = [0.9, 0.7]
    ctx = context(relational=1.0, technical=0.5)
    trust, _, meetings, bad = _call(state, [[[0.5, 0.5]], [[0.5, 0.5]]], ctx)
    assert_allclose(trust, [0.571875, 0.571875], rtol=1e-12)
    assert meetings.tolist() == [1.0, 1.0]
    assert bad.tolist() == [0.0, 0.0]


@pytest.mark.parametrize("vacant_until", [5.0, 9.0])
def test_vacant_post_blocks_contact_and_trust_drifts(vacant_until: float) -> None:
    """A post vacant until t or later has no access: no meeting on either tie.

    Trust drifts to baseline: 0.5 − 0.1·(0.5 − 0.3) = 0.48; acquaintance decays:
    0.5 − 0.1·0.5 = 0.45.
    """
    state = _state()
    state.profs.vacant_until[:] = [-1.0, vacant_until]
    trust, acquaintance, meetings, _ = _call(state, np.zeros((2, 2, 2)))
    assert meetings.tolist() == [0.0, 0.0]
    assert_allclose(trust, [0.48, 0.48], rtol=1e-12)
    assert_allclose(acquaintance, [0.0, 0.45], rtol=1e-12)
    # without the switch the post's absence no longer matters: draws 0 always meet
    switches_off(state, "vacancy_blocks_contact")
    _, _, meetings, _ = _call(state, np.zeros((2, 2, 2)))
    assert meetings.tolist() == [2.0, 2.0]  # two sub-intervals (both bad: 0 < 0.2)


def test_joint_work_repair_damage_and_conflict_move_trust_without_meetings() -> None:
    """No meeting (draws 1); pair 0 has conflict 0.2 and constructive repair 0.5,
    pair 1 destructive damage 0.25; the step's acts kept 0.9 of the room (a success)
    and 0.8 of the trust (a failure) on both pairs.

    Tie 0: room 0.9·(1 − 0.1·0.5) = 0.855 → 1 − 0.5·0.855 = 0.5725, ·0.8 = 0.458,
    ·(1 − 0.5·0.2) (conflict) = 0.4122, + 0.1·(0.3 − 0.4122) (no contact) = 0.40098.
    Tie 1: room 0.9 → 0.55, ·0.8·(1 − 0.4·0.25) = 0.396, − 0.1·0.096 = 0.3864.
    """
    state = _state()
    state.pairs.conflict[:] = [0.2, 0.0]
    events = (
        acts(keep_room=0.9, keep_trust=0.8),
        episodes(repair=[0.5, 0.0], damage=[0.0, 0.25]),
    )
    trust, acquaintance, meetings, _ = _call(state, np.ones((2, 1, 2)), None, events)
    assert meetings.tolist() == [0.0, 0.0]
    assert_allclose(trust, [0.40098, 0.3864], rtol=1e-12)
    assert_allclose(acquaintance, [0.0, 0.45], rtol=1e-12)


def test_inactive_pairs_do_not_meet() -> None:
    trust, _, meetings, _ = _call(
        _state(), np.zeros((2, 1, 2)), context(active=0.0), None, 0.3
    )
    assert meetings.tolist() == [0.0, 0.0]
    # at baseline already (but for storing 0.3 as float32)
    assert_allclose(trust, [0.3, 0.3], rtol=1e-7)


def test_the_loop_and_the_array_forms_agree_bit_for_bit() -> None:
    """The tie update tie by tie (the numba engine's) and array by array (the numpy
    engine's) give the same bits, in a run of a few hundred ties with every event."""
    from collabsim import load_scenario
    from collabsim.model.build import build_state
    from collabsim.model.schedule import advance, begin, plan

    spec = load_scenario("high_turnover", {"n_steps": 12})
    state = build_state(spec, [3, 9])
    calendar = plan(spec, state.partnerships.specs)
    begin(state, calendar)
    for _ in range(10):
        advance(state, calendar)
    gen = np.random.default_rng(1)
    # a tie shares its reverse's draws, as the phase draws them
    draws = gen.random((2, 3, state.ties.n_ties))[:, :, state.ties.mutual]
    ctx = state.pair_context()
    acts_, episodes_ = (
        acts(len(ctx.active), len(state.profs.org)),
        episodes(len(ctx.active), repair=0.2, damage=0.1),
    )
    figures = np.full(len(ctx.active), 0.5)
    reach, terms = pair_terms(
        state.layout,
        state.orgs,
        state.profs,
        state.pairs,
        ctx,
        (acts_, episodes_, figures),
        3,
        10.0,
        (
            state.at(Level.PROF, "contact"),
            state.at(Level.PAIR, "contact"),
            state.at(Level.PAIR, "trust"),
        ),
        state.params.on,
    )
    ties = (state.ties.trust, state.ties.acquaintance)
    pair = state.at(Level.PAIR, "trust")
    records = np.rec.fromarrays(list(pair), names=list(pair._fields))
    loop = tie_update_loop(
        state.layout, reach, terms, ties, draws, records, state.params.on
    )
    arrays = tie_update_numpy(
        state.layout,
        reach,
        terms,
        ties,
        draws,
        state.at(Level.TIE, "trust"),
        state.params.on,
    )
    assert loop[2].sum() > 0  # some meetings happened
    for a, b in zip(loop, arrays, strict=True):
        np.testing.assert_array_equal(a, b)
