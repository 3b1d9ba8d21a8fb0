"""Posts, quick-win plans and late starts: behaviour found in review of the rework.

Each test runs the model: a quick win needs a quick-win plan; a central figure
already gone by turnover is not made to leave twice; absent actors count only
active partners; a vacancy costs the same weeks in weekly and monthly steps; a
partnership that starts late brings its prior history to ties that never worked
together, while a pair that worked together keeps what happened (SF8).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from collabsim import CollaborationModel, run_scenario
from collabsim.model import operations
from collabsim.model.phases import organisations as org_phase
from collabsim.rules.contact import presence
from collabsim.scenario.scenario import parse_scenario


def _pair(**partnership: object) -> dict[str, object]:
    return {
        "name": "pair",
        "n_steps": 30,
        "organisations": [{"id": "a"}, {"id": "b"}],
        "partnerships": [{"id": "p", "members": ["a", "b"], **partnership}],
    }


def test_quick_wins_happen_only_under_a_quick_win_plan() -> None:
    spec = _pair(quick_wins=False)
    spec["dynamics"] = {"behaviour": {"acts_per_week": 3.0}}
    unplanned = run_scenario(parse_scenario(spec), seed=3).steps
    assert unplanned["quick_wins"].sum() == 0
    spec["partnerships"][0]["quick_wins"] = True  # type: ignore[index]
    planned = run_scenario(parse_scenario(spec), seed=3).steps
    assert planned["quick_wins"].sum() > 0
    # only in the plan's first 12 weeks
    assert planned["quick_wins"].iloc[14:].sum() == 0


def test_first_step_reports_no_mean_risk_of_collaborative_acts() -> None:
    steps = run_scenario(parse_scenario(_pair()), seed=1).steps
    assert math.isnan(steps["collab_act_risk_mean"].iloc[0])


def test_a_central_figure_gone_by_turnover_is_not_made_to_leave_again() -> None:
    spec = _pair(central_figure=True, central_figure_lost_at=10)
    model = CollaborationModel(parse_scenario(spec), rng=2)
    state = model.state
    for _ in range(10):  # the event fires as the step from t = 10 begins
        model.step()
    slot = int(state.figures.slot[0])
    # the figure has just left by turnover
    operations.vacate(state, np.array([slot]), at_step_start=True)
    vacant_until = state.profs.vacant_until[slot]
    before = sum(event == "staff_turnover" for _, event, *_ in state.events.rows())
    model.step()
    assert state.figures.active[0] == 0.0  # the role has ended
    assert state.profs.vacant_until[slot] == vacant_until  # the vacancy runs on
    after = sum(event == "staff_turnover" for _, event, *_ in state.events.rows())
    assert after == before


def test_absent_actors_count_only_active_partners() -> None:
    spec = {
        "name": "three",
        "n_steps": 5,
        "organisations": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        "partnerships": [
            {"id": "ab", "members": ["a", "b"]},
            {"id": "ac", "members": ["a", "c"], "starts_at": 100},
        ],
    }
    model = CollaborationModel(parse_scenario(spec), rng=0)
    state = model.state
    c = state.org_ids.index("c")
    start, count = state.orgs.prof_start[c], state.orgs.prof_count[c]
    state.profs.vacant_until[start : start + count] = 50.0  # c's posts all vacant
    present = presence(state.profs.vacant_until, float(state.t))
    _, absent = org_phase._strains(
        state.layout, state.orgs, state.profs, present, state.pair_context().active
    )
    assert absent[state.org_ids.index("a")] == 0.0  # c is not yet a partner of a


@pytest.mark.parametrize(("t", "expected"), [(9.0, 0.0), (10.0, 0.0), (10.4, 0.4)])
def test_presence_is_the_share_of_the_step_a_post_is_filled(t, expected) -> None:
    filled = presence(np.array([10.0, -1.0]), t)
    assert filled == pytest.approx([expected, 1.0])


def test_a_vacancy_costs_the_same_weeks_in_weekly_and_monthly_steps() -> None:
    weeks_per_month = 365.25 / 12 / 7
    vacancy = 6.0  # weeks: 1.38 months
    months = vacancy / weeks_per_month
    filled = [float(presence(np.array([months]), float(t))[0]) for t in range(1, 4)]
    assert sum(1 - f for f in filled) * weeks_per_month == pytest.approx(vacancy)
    weekly = [float(presence(np.array([vacancy]), float(t))[0]) for t in range(1, 9)]
    assert sum(1 - f for f in weekly) == pytest.approx(vacancy)


def _late_start(history: float, first: bool) -> dict[str, object]:
    spec = _pair()
    spec["n_steps"] = 32
    later = {"id": "later", "members": ["a", "b"], "starts_at": 30}
    later["prior_history"] = history
    spec["partnerships"] = [later]
    if first:
        spec["partnerships"].insert(  # type: ignore[attr-defined]
            0, {"id": "first", "members": ["a", "b"], "ends_at": 10}
        )
    return spec


def test_a_late_partnership_brings_its_history_to_ties_that_never_met() -> None:
    def started(history: float) -> CollaborationModel:
        model = CollaborationModel(
            parse_scenario(_late_start(history, first=False)), rng=4
        )
        model.step()
        assert np.all(model.state.ties.trust == 0)  # no partnership, no baseline
        for _ in range(30):  # the start fires as the step from t = 30 begins
            model.step()
        return model

    keen, plain = started(1.0).state, started(0.0).state
    boost = keen.spec.dynamics.trust.history_boost
    assert keen.pairs.baseline.min() - plain.pairs.baseline.max() == pytest.approx(
        boost
    )
    # one step after the start, ties are at their baseline but for that step (at
    # most a bad meeting or a failure moved one), not at 0 where they were
    for state in (keen, plain):
        moved = np.abs(state.ties.trust - state.ties.expand(state.pairs.baseline))
        assert np.median(moved) < 0.05
        assert moved.max() < 0.25
    assert keen.ties.trust.mean() - plain.ties.trust.mean() > 0.5 * boost


def test_a_pair_that_worked_together_keeps_its_ties_trust_at_a_late_start() -> None:
    model = CollaborationModel(parse_scenario(_late_start(1.0, first=True)), rng=4)
    for _ in range(29):
        model.step()
    state = model.state
    before = state.ties.trust.copy()
    model.step()  # the later partnership starts
    baseline = state.ties.expand(state.pairs.baseline)
    assert not np.allclose(before, baseline)
    # trust moved only by the step's own events, not reset to the new baseline
    assert np.abs(state.ties.trust - baseline).max() > 0.01
