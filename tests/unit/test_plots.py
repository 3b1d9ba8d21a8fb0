"""Figure functions over tidy tables: right inputs drawn, wrong inputs refused."""

from pathlib import Path

import pandas as pd
import pytest

from collabsim import plots
from collabsim.scenario.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def steps_table():
    rows = [
        {
            "run_id": run,
            "step": step,
            "tie_trust_mean": 0.1 * step + offset,
            "group": "a" if run == "r1" else "b",
        }
        for run, offset in (("r1", 0.0), ("r2", 0.2))
        for step in range(4)
    ]
    return pd.DataFrame(rows)


def test_trajectory_draws_mean_and_band_per_group():
    ax = plots.plot_trajectories(steps_table(), "tie_trust_mean", hue="group")
    assert len(ax.lines) == 2
    assert ax.get_xlabel() == "Step (week)"
    assert ax.get_ylabel() == "Mean tie trust (0-1)"
    ax = plots.plot_trajectories(steps_table(), "tie_trust_mean")
    (line,) = ax.lines
    assert list(line.get_ydata()) == pytest.approx([0.1, 0.2, 0.3, 0.4])


def test_trajectory_refuses_unknown_metric():
    with pytest.raises(KeyError, match="tie_trust_maen"):
        plots.plot_trajectories(steps_table(), "tie_trust_maen")


def test_scenario_pairs_follow_links_or_all_member_pairs():
    hub = plots.scenario_pairs(
        load_scenario(SCENARIOS / "cancer_network_centralisation.toml")
    )
    assert len(hub) == 5
    assert set(hub["source"]) == {"specialist_centre"}
    full = plots.scenario_pairs(load_scenario(SCENARIOS / "voluntary_baseline.toml"))
    assert len(full) == 6  # 4 members, all pairs
    generated = plots.scenario_pairs(
        load_scenario(SCENARIOS / "generated_network.toml")
    )
    assert generated.empty


def test_final_pairs_keeps_one_run_when_graphs_differ():
    same = pd.DataFrame(
        {
            "run_id": ["r1", "r1", "r2", "r2"],
            "step": [0, 5, 0, 5],
            "source": ["a", "a", "a", "a"],
            "target": ["b", "b", "b", "b"],
            "trust": [0.1, 0.5, 0.1, 0.7],
        }
    )
    assert plots.final_pairs(same)["run_id"].tolist() == ["r1", "r2"]
    differ = same.assign(target=["b", "b", "c", "c"])
    assert plots.final_pairs(differ)["run_id"].tolist() == ["r1"]


def test_partner_network_with_and_without_trust():
    pairs = pd.DataFrame(
        {"source": ["a", "b", "a"], "target": ["b", "a", "c"], "trust": [0.2, 0.4, 0.9]}
    )
    ax = plots.plot_partner_network(pairs, sectors={"a": "health", "b": "private"})
    assert len(ax.figure.axes) == 2  # network and trust colour bar
    assert ax.figure.axes[1].get_ylabel() == "Mean trust between partners (0-1)"
    plain = plots.plot_partner_network(pairs.drop(columns="trust"))
    assert len(plain.figure.axes) == 1


def test_organisation_distributions_refuse_unknown_columns():
    orgs = pd.DataFrame(
        {
            "run_id": ["r1"],
            "step": [0],
            "organisation": ["a"],
            "sector": ["health"],
            "faith": [0.5],
        }
    )
    fig = plots.plot_organisation_distributions(orgs)
    assert fig.axes[0].get_xlabel() == "Faith (0-1)"
    with pytest.raises(KeyError, match="trust"):
        plots.plot_organisation_distributions(orgs, ["trust"])
