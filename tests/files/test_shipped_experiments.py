"""Every shipped experiment validates, expands, and names outcomes the model reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from collabsim.experiment.spec import expand_design, load_experiment, n_runs_planned
from collabsim.model.run import run_scenario
from collabsim.scenario.scenario import load_scenario, with_overrides

EXPERIMENTS = Path(__file__).resolve().parents[2] / "experiments"
PATHS = sorted(EXPERIMENTS.glob("*.toml"))


def test_the_issue_five_experiments_are_shipped():
    names = {path.stem for path in PATHS}
    assert {
        "mandate_cross_sector_factorial",
        "lhs_core_rates",
        "network_configurations",
    } <= names


def test_readme_lists_every_experiment():
    readme = (EXPERIMENTS / "README.md").read_text(encoding="utf-8")
    missing = [path.name for path in PATHS if f"`{path.name}`" not in readme]
    assert not missing


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_shipped_experiment_validates_expands_and_runs(path):
    spec = load_experiment(path)
    assert spec.scenario.is_relative_to(EXPERIMENTS.parent / "scenarios")
    runs = expand_design(spec)
    assert len(runs) == n_runs_planned(spec)
    assert runs["run_id"].is_unique
    first = runs.iloc[0]
    overrides = {p: first[p].item() if hasattr(first[p], "item") else first[p]
                 for p in spec.factor_paths}  # fmt: skip
    scenario = with_overrides(load_scenario(spec.scenario), {**overrides, "n_steps": 3})
    result = run_scenario(
        scenario, seed=int(first["seed"]), run_id=str(first["run_id"])
    )
    assert set(spec.outcomes) <= set(result.outcomes)
    assert set(spec.steps.metrics) <= set(result.steps.columns)
