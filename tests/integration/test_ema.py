"""EMA Workbench interoperability: perform_experiments through the adapter, and a
collabsim sweep loaded for EMA's PRIM (EMA Workbench 2.5 and 3.0)."""

from __future__ import annotations

import importlib
import inspect
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests_paths import REPO

pytest.importorskip("ema_workbench")

from collabsim import ema
from collabsim.errors import (
    CollabsimError,
    MissingExtraError,
    ResultsError,
    ScenarioError,
)
from collabsim.experiment.spec import parse_experiment
from collabsim.scenario.scenario import load_scenario, with_overrides
from collabsim.sweep.executors import SerialBackend
from collabsim.sweep.runner import run_experiment

TINY = REPO / "tests" / "data" / "tiny.toml"
OUTCOMES = ["collaboration_rate_final", "org_faith_mean_time_mean"]


def _quiet(function, *args, **kwargs):
    """Call into EMA, silencing its own deprecation and progress-bar noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        return function(*args, **kwargs)


def test_perform_experiments_runs_eight_experiments_through_the_adapter():
    from ema_workbench import SequentialEvaluator, perform_experiments

    spec = with_overrides(load_scenario(TINY), {"n_steps": 8})
    model = ema.scenario_model(spec, outcomes=OUTCOMES, seed=3)
    names = [u.name for u in model.uncertainties]
    assert "dynamics__trust__gain" in names  # schema ranges by default
    assert all(n.startswith("dynamics__") for n in names)
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = _quiet(
            perform_experiments, model, 8, evaluator=evaluator
        )
    assert len(experiments) == 8
    assert set(outcomes) == set(OUTCOMES)
    for values in outcomes.values():
        assert values.shape == (8,)
    # EMA samples the whole schema box from its own (unseeded) generator: a point
    # where no act happens in the last step has no collaboration rate (NaN, not 0)
    assert np.isfinite(outcomes["org_faith_mean_time_mean"]).all()
    assert not np.isinf(outcomes["collaboration_rate_final"]).any()
    # the values EMA sampled are the ones the runs used: rerun one by hand
    first = experiments.iloc[0]
    again = model.function(**{n: first[n] for n in names})
    np.testing.assert_equal(
        again["collaboration_rate_final"], outcomes["collaboration_rate_final"][0]
    )


def test_named_uncertainties_take_schema_ranges_or_given_bounds():
    spec = load_scenario(TINY)
    model = ema.scenario_model(
        spec,
        uncertainties=[
            "dynamics.trust.gain",
            "partnerships.0.governance",
            "partnerships.0.evaluation",
            "professionals_per_organisation",
        ],
    )
    gain, governance, evaluation, staff = model.uncertainties
    assert type(gain).__name__ == "RealParameter"
    assert (gain.lower_bound, gain.upper_bound) == (0.0, 1.0)
    assert [c.name for c in governance.categories] == ["mandated", "voluntary"]
    assert type(evaluation).__name__ == "BooleanParameter"
    assert (staff.lower_bound, staff.upper_bound) == (1, 200)
    bounded = ema.scenario_model(
        spec, uncertainties={"dynamics.trust.gain": (0.1, 0.2)}
    )
    only = bounded.uncertainties[0]
    assert (only.lower_bound, only.upper_bound) == (0.1, 0.2)
    with pytest.raises(ScenarioError, match="no parameter"):
        ema.scenario_model(spec, uncertainties=["dynamics.trust.gian"])
    with pytest.raises(CollabsimError, match="unknown outcome"):
        ema.scenario_model(spec, outcomes=["trust_at_the_end"])


def test_names_round_trip():
    path = "partnerships.0.contract.strength"
    assert ema.ema_name(path).isidentifier()
    assert ema.scenario_path(ema.ema_name(path)) == path


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ema")
    scenario = root / "tiny.toml"
    scenario.write_text(TINY.read_text().replace("n_steps = 20", "n_steps = 6"))
    spec = parse_experiment(
        {
            "name": "tiny_ema",
            "scenario": scenario,
            "seed": 11,
            "replicates": 2,
            "outcomes": OUTCOMES,
            "design": {"method": "factorial", "levels": 3},
            "factors": [
                {
                    "path": "partnerships.0.governance",
                    "levels": ["voluntary", "mandated"],
                },
                {"path": "partnerships.0.shared_vision", "bounds": [0.1, 0.9]},
            ],
        }
    )
    run_experiment(spec, root / "out", backend=SerialBackend())
    return root / "out"


def test_load_sweep_feeds_prim(sweep_folder):
    from ema_workbench.analysis import prim

    experiments, outcomes = ema.load_sweep(sweep_folder)
    assert len(experiments) == 12
    assert list(experiments.columns) == [
        "partnerships__0__governance",
        "partnerships__0__shared_vision",
        "scenario",
        "policy",
        "model",
    ]
    assert isinstance(
        experiments["partnerships__0__governance"].dtype, pd.CategoricalDtype
    )
    assert set(outcomes) == set(OUTCOMES)
    y = outcomes["collaboration_rate_final"]
    cases = y < np.median(y)
    x = experiments.drop(columns=["scenario", "policy", "model"])
    # each EMA version as its users call it: 2.5 wants a threshold, 3.0 has none
    extra = (
        {"threshold": 0.5}
        if "threshold" in inspect.signature(prim.Prim).parameters
        else {}
    )
    search = _quiet(prim.Prim, x, cases, **extra)
    box = _quiet(search.find_box)
    assert len(box.peeling_trajectory) >= 1
    assert float(box.peeling_trajectory["density"].max()) >= cases.mean()


def test_load_sweep_refuses_an_unknown_outcome(sweep_folder):
    with pytest.raises(ResultsError, match="no outcome"):
        ema.load_sweep(sweep_folder, ["trust_final"])


def test_without_the_extra_the_import_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ema_workbench", None)
    monkeypatch.delitem(sys.modules, "collabsim.ema")
    with pytest.raises(MissingExtraError, match=r"collabsim\[ema\]"):
        importlib.import_module("collabsim.ema")
