"""Every shipped scenario validates, loads, runs 3 steps and is documented."""

import tomllib
from pathlib import Path

import pytest

from collabsim.model.run import run_scenario
from collabsim.scenario.network_files import names_network_file
from collabsim.scenario.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
FILES = sorted(SCENARIOS.glob("*.toml"))
REQUIRED = {
    "voluntary_baseline",
    "mandated_baseline",
    "contract_low_trust",
    "cross_sector_employment",
    "history_of_success",
    "conflict_constructive",
    "conflict_destructive",
    "high_turnover",
    "cancer_network_centralisation",
    "coproduction_documented",
    "coproduction_undocumented",
    "trust_building_programme",
}


def test_required_scenarios_are_shipped():
    shipped = {path.stem for path in FILES}
    assert not REQUIRED - shipped, sorted(REQUIRED - shipped)
    generated = [p for p in FILES if load_scenario(p).network is not None]
    assert generated, "ship at least one generated-network scenario"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_shipped_scenario_validates_and_runs(path):
    spec = load_scenario(path, overrides={"n_steps": 3})
    assert spec.name == path.stem
    result = run_scenario(spec, seed=0)
    assert result.steps["step"].tolist() == [0, 1, 2, 3]
    assert set(result.steps["run_id"]) == {result.run_id}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_shipped_scenario_states_question_and_sources(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    assert header, f"{path.name} must open with a comment"
    assert header[0].startswith("# Question:")
    assert any("Theory:" in line for line in header)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_explicit_scenarios_keep_to_teaching_size(path):
    spec = load_scenario(path)
    assert 104 <= spec.n_steps <= 260
    # a partner map read from files is a realistic network, not a teaching example
    from_files = names_network_file(tomllib.loads(path.read_text(encoding="utf-8")))
    if spec.network is None and not from_files:
        assert 2 <= len(spec.organisations) <= 8


def test_readme_lists_every_scenario_once():
    readme = (SCENARIOS / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    listed = [row.split("`")[1] for row in rows]
    assert sorted(listed) == [path.name for path in FILES]
