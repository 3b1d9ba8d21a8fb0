"""The batched engine: a run gives the same tables alone or in any batch, anywhere.

Every run of a batch is compared with the per-run engine (``run_scenario``, the Mesa
model) for exact equality: steps, outcomes, events and the optional tables. The
30-seed comparison for the stylised scenarios is in
``tests/validation/test_batched_equivalence.py`` (``make validate``).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from collabsim import load_scenario, run_scenario
from collabsim.errors import ScenarioError
from collabsim.model.batched import run_batch
from collabsim.model.overrides import RunValues, split_paths
from collabsim.scenario.scenario import Scenario, with_overrides

STEPS = 12


def _same(single, batch, rid: str, index: int) -> None:
    """Run ``rid`` of ``batch`` is exactly ``single``."""
    for table in ("steps", "events", "organisations", "ties"):
        mine, alone = getattr(batch, table), getattr(single, table)
        if alone is None:
            assert mine is None
            continue
        rows = mine[mine["run_id"] == rid].reset_index(drop=True)
        pd.testing.assert_frame_equal(rows, alone, check_exact=True)
    outcomes = dict(zip(batch.outcome_names, batch.outcomes[index], strict=True))
    assert outcomes.keys() == single.outcomes.keys()
    for name, value in single.outcomes.items():
        assert value == outcomes[name] or (
            math.isnan(value) and math.isnan(outcomes[name])
        )


@pytest.mark.parametrize(
    "name",
    [
        "voluntary_baseline",
        "mandated_baseline",
        "cross_sector_employment",
        "generated_network",
        "coproduction_documented",
        "high_turnover",
    ],
)
def test_every_run_of_a_batch_equals_the_run_alone(name: str) -> None:
    spec = load_scenario(name, {"n_steps": STEPS})
    seeds = [11, 3, 11, 2**40 + 1, 0, 7, 12345]  # a repeated seed, a large one
    ids = [f"r{i}" for i in range(len(seeds))]
    batch = run_batch(spec, seeds, run_ids=ids)
    for i, (seed, rid) in enumerate(zip(seeds, ids, strict=True)):
        _same(run_scenario(spec, seed=seed, run_id=rid), batch, rid, i)


def test_a_run_is_the_same_in_any_position_and_company() -> None:
    spec = load_scenario("generated_network", {"n_steps": STEPS})
    first = run_batch(spec, [5, 6, 7], run_ids=["a", "b", "c"])
    moved = run_batch(spec, [9, 7, 1, 5], run_ids=["x", "c", "y", "a"])
    for rid in ("a", "c"):
        one = first.steps[first.steps["run_id"] == rid].reset_index(drop=True)
        two = moved.steps[moved.steps["run_id"] == rid].reset_index(drop=True)
        pd.testing.assert_frame_equal(one, two, check_exact=True)


#: Factors a batch takes as per-run values: rates (one changes the act slots), levers
#: (one changes the central figures), organisation attributes.
VALUES = {
    "dynamics.trust.gain": [0.05, 0.2, 0.12],
    "dynamics.behaviour.acts_per_week": [0.5, 2.5, 1.0],
    "dynamics.trust.initial": [0.2, 0.6, 0.4],
    "partnerships.0.ambition": [0.25, 0.9, 0.5],
    "partnerships.*.leadership.distributed": [0.0, 1.0, 0.5],
    "partnerships.0.contract.strength": [0.0, 0.9, 0.4],
    "organisations.1.culture": [0.1, 0.9, 0.5],
    "organisations.*.size": [100, 6000, 900],
}


def _values_match(spec: Scenario, columns: dict[str, list[float]]) -> None:
    seeds = [4, 5, 6]
    ids = ["a", "b", "c"]
    batch = run_batch(
        spec, seeds, run_ids=ids, values=RunValues.from_columns(spec, columns)
    )
    for i, rid in enumerate(ids):
        own = with_overrides(spec, {path: v[i] for path, v in columns.items()})
        _same(run_scenario(own, seed=seeds[i], run_id=rid), batch, rid, i)


def test_per_run_values_equal_the_scenario_with_those_values() -> None:
    _values_match(load_scenario("contract_low_trust", {"n_steps": STEPS}), VALUES)


def test_per_run_values_of_a_generated_network() -> None:
    spec = load_scenario("generated_network", {"n_steps": STEPS})
    columns = {
        "network.context.ambition": [0.2, 0.5, 0.8],
        "network.organisation.culture": [0.1, 0.5, 0.9],
        "dynamics.contact.base_rate": [0.2, 0.5, 1.0],
    }
    _values_match(spec, columns)


def test_per_run_values_of_co_production() -> None:
    spec = load_scenario("coproduction_documented", {"n_steps": STEPS})
    columns = {
        "dynamics.coproduction.session_rate": [0.5, 2.5, 1.0],
        "dynamics.coproduction.reflection_rate": [0.1, 3.2, 1.0],
        "partnerships.0.co_production.documentation": [0.0, 0.5, 1.0],
    }
    _values_match(spec, columns)


def test_structural_paths_are_told_apart_from_run_values() -> None:
    spec = load_scenario("voluntary_baseline")
    paths = [
        "dynamics.trust.gain",
        "partnerships.*.ambition",
        "organisations.0.culture",
        "partnerships.0.governance",  # a calendar of mandates
        "partnerships.0.quick_wins",  # on/off: structure
        "n_steps",
        "organisations.0.professionals",
    ]
    values, structural = split_paths(spec, paths)
    assert values == paths[:3]
    assert structural == paths[3:]
    with pytest.raises(ValueError, match="structure"):
        RunValues.from_columns(spec, {"n_steps": [3]})


@pytest.mark.parametrize(
    ("path", "values", "bad"),
    [
        ("dynamics.trust.gain", [0.05, 5.0], "5.0"),
        ("partnerships.*.leadership.distributed", [0.5, -0.1], "-0.1"),
        ("dynamics.trust.initial", [float("nan")], "nan"),
    ],
)
def test_run_values_outside_the_schema_range_are_refused(path, values, bad) -> None:
    spec = load_scenario("voluntary_baseline", {"n_steps": 2})
    with pytest.raises(ScenarioError, match=rf"{re.escape(path)}: .*{bad}.* range"):
        RunValues.from_columns(spec, {path: values})


def test_seeds_beyond_64_bits_and_negative_seeds() -> None:
    spec = load_scenario("voluntary_baseline", {"n_steps": 2})
    big = run_batch(spec, [2**70], run_ids=["big"])
    assert np.isfinite(big.outcomes[:, 0]).all()
    with pytest.raises(ValueError, match="non-negative"):
        run_batch(spec, [-1])


@pytest.mark.parametrize("name", ["mandated_baseline", "high_turnover"])
def test_runs_split_from_a_batch_are_the_runs_alone(name: str) -> None:
    """``BatchResult.runs()`` (what ``collabsim run`` and ``compare`` use)."""
    spec = load_scenario(name, {"n_steps": STEPS})
    seeds, ids = [4, 5, 6], ["a", "b", "c"]
    split = run_batch(spec, seeds, run_ids=ids).runs()
    for got, seed, rid in zip(split, seeds, ids, strict=True):
        alone = run_scenario(spec, seed=seed, run_id=rid)
        assert (got.run_id, got.seed, got.mechanisms) == (rid, seed, alone.mechanisms)
        for table in ("steps", "events", "organisations", "ties"):
            mine, theirs = getattr(got, table), getattr(alone, table)
            if theirs is None:
                assert mine is None
            else:
                pd.testing.assert_frame_equal(mine, theirs, check_exact=True)
        assert got.outcomes.keys() == alone.outcomes.keys()
        for key, value in alone.outcomes.items():
            assert value == got.outcomes[key] or (
                math.isnan(value) and math.isnan(got.outcomes[key])
            )
