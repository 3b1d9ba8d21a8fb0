"""Seeded golden trajectories of every shipped scenario, compared with tolerance.

After a deliberate behaviour change: ``pytest tests/regression --force-regen``, review
the CSV diff, and add a CHANGELOG "Behaviour changes" entry.
"""

from __future__ import annotations

import pytest
from tests_paths import REPO

from collabsim import load_scenario, run_scenario

SCENARIOS = sorted((REPO / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_golden_trajectory(path, dataframe_regression):
    spec = load_scenario(
        path, overrides={"n_steps": min(load_scenario(path).n_steps, 104)}
    )
    steps = run_scenario(spec, seed=20261123).steps
    thinned = steps.drop(columns="run_id").iloc[::5].reset_index(drop=True)
    dataframe_regression.check(
        thinned, basename=path.stem, default_tolerance={"rtol": 1e-9, "atol": 1e-12}
    )
