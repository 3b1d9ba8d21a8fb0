"""Mesa conventions: ``mesa.batch_run`` runs the model, ``model.datacollector`` holds
the step metrics, and the constructor takes what batch_run varies as keywords."""

from __future__ import annotations

import inspect
import multiprocessing
from collections.abc import Iterator
from typing import Any

import mesa
import numpy as np
import pandas as pd
import pytest

from collabsim import load_scenario, run_scenario
from collabsim.errors import ScenarioError
from collabsim.model.collaboration import CollaborationModel
from collabsim.model.observe import METRICS
from collabsim.scenario.scenario import with_overrides

GAIN = "dynamics.trust.gain"


@pytest.fixture(autouse=True)
def _start_method() -> Iterator[None]:
    """Mesa 3.5's batch_run sets the global start method; put it back."""
    before = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def _batch_run(parameters: dict[str, Any], seeds: list[int], **options: Any) -> Any:
    """What the Mesa tutorial of the installed version shows: seeds as ``rng=[...]``
    from Mesa 3.5, as a varied ``rng`` parameter before."""
    if "rng" in inspect.signature(mesa.batch_run).parameters:
        return mesa.batch_run(CollaborationModel, parameters, rng=seeds, **options)
    return mesa.batch_run(
        CollaborationModel, {**parameters, "rng": seeds}, iterations=1, **options
    )


def test_batch_run_as_in_the_issue():
    spec = load_scenario("voluntary_baseline")
    results = _batch_run({"spec": [spec]}, [1, 2], max_steps=20, display_progress=False)
    frame = pd.DataFrame(results)
    assert len(frame) == 2  # the last step of each run
    assert set(METRICS) <= set(frame.columns)
    assert frame["Step"].max() >= 19
    assert frame["tie_trust_mean"].between(0, 1).all()


def test_batch_run_varies_scenario_and_dotted_overrides_like_a_tutorial():
    results = _batch_run(
        {"scenario": "voluntary_baseline", "n_steps": 6, GAIN: [0.05, 0.3]},
        [7],
        max_steps=100,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert sorted(frame[GAIN].unique()) == [0.05, 0.3]
    # the model stops itself at the scenario's n_steps (model.running), not at
    # max_steps; Mesa 3.3 reports up to step 5 of 6, Mesa 3.5 up to 6
    assert frame.groupby(GAIN)["Step"].max().isin([5, 6]).all()
    # the collected numbers are the headless run's, step by step
    high = frame[frame[GAIN] == 0.3].sort_values("Step")
    spec = with_overrides(load_scenario("voluntary_baseline"), {GAIN: 0.3})
    steps = run_scenario(spec, seed=7, n_steps=6).steps.set_index("step")
    for name in ("tie_trust_mean", "org_faith_mean", "collaboration_rate"):
        np.testing.assert_allclose(
            high[name].to_numpy(dtype=float),
            steps.loc[high["Step"], name].to_numpy(dtype=float),
        )


def test_datacollector_holds_every_step(tiny_scenario):
    model = CollaborationModel(tiny_scenario, rng=3)
    for _ in range(5):
        model.step()
    collected = model.datacollector.get_model_vars_dataframe()
    observed = model.observer.steps_frame("r").drop(columns=["run_id", "step"])
    assert list(collected.columns) == list(METRICS)
    assert len(collected) == 6  # the initial state and five steps
    np.testing.assert_allclose(
        collected.to_numpy(dtype=float), observed.to_numpy(dtype=float)
    )


def test_lean_models_keep_no_collector(tiny_scenario):
    model = CollaborationModel(tiny_scenario, rng=3, collect=False)
    assert not hasattr(model, "datacollector")
    lean = CollaborationModel(tiny_scenario, rng=3, metrics=["org_faith_mean"])
    lean.step()
    frame = lean.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == ["org_faith_mean"]


def test_keywords_build_the_same_model_as_a_spec():
    spec = with_overrides(load_scenario("mandated_baseline"), {GAIN: 0.2})
    by_spec = CollaborationModel(spec, rng=5)
    by_name = CollaborationModel(scenario="mandated_baseline", rng=5, **{GAIN: 0.2})
    by_dict = CollaborationModel(
        scenario="mandated_baseline", rng=5, overrides={GAIN: 0.2}
    )
    assert by_spec.spec == by_name.spec == by_dict.spec


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({}, "give the scenario once"),
        ({"spec": "x", "scenario": "voluntary_baseline"}, "give the scenario once"),
        ({"scenario": "no_such_scenario"}, "file not found"),
        ({"scenario": 42}, "scenario= takes"),
        (
            {"scenario": "voluntary_baseline", "dynamics.trust.gian": 0.1},
            "no parameter",
        ),
    ],
)
def test_bad_keywords_are_scenario_errors(arguments, match):
    with pytest.raises(ScenarioError, match=match):
        CollaborationModel(**arguments)
