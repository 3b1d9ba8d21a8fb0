"""Fuzz the scenario loader: any input gives a Scenario or a ScenarioError, only."""

import math
import tempfile
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabsim.errors import ScenarioError
from collabsim.scenario.scenario import (
    Scenario,
    load_scenario,
    parse_scenario,
    with_overrides,
)

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "voluntary_baseline.toml"
BASE = tomllib.loads(BASELINE.read_text(encoding="utf-8"))

# keys the schema knows, so that generated dicts reach deep validators, plus noise
KEYS = st.sampled_from(
    [
        "name",
        "n_steps",
        "organisations",
        "partnerships",
        "network",
        "id",
        "members",
        "sector",
        "governance",
        "contract",
        "strength",
        "dynamics",
        "trust",
        "gain",
        "generator",
        "n_organisations",
        "links",
        "shocks",
        "system_change",
        "hubs",
        "losing",
        "at",
        "outputs",
        "ties",
        "mechanisms",
        "disabled",
        "step_unit",
        "professionals_per_organisation",
        "degree",
        "edge_probability",
        "schema_version",
    ]
) | st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        ["acute_trust", "gp_federation", "mandated", "health", "complete"]
    )
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5)
    ),
    max_leaves=20,
)


def _outcome_of(call, *args, **kwargs):
    """Return the Scenario, or None after a ScenarioError; anything else fails."""
    error = None
    try:
        result = call(*args, **kwargs)
    except ScenarioError as exc:
        error = exc
    if error is not None:
        assert str(error), "an error must say what is wrong"
        return None
    assert isinstance(result, Scenario)
    return result


def _leaf_paths(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaf_paths(value, f"{prefix}{key}.")
    elif isinstance(data, list) and data:
        for i, value in enumerate(data):
            yield from _leaf_paths(value, f"{prefix}{i}.")
    else:
        yield prefix.rstrip(".")


LEAVES = sorted(_leaf_paths(BASE))


def _write(text_or_bytes):
    with tempfile.NamedTemporaryFile("wb", suffix=".toml", delete=False) as handle:
        data = (
            text_or_bytes
            if isinstance(text_or_bytes, bytes)
            else (text_or_bytes.encode("utf-8", "surrogatepass"))
        )
        handle.write(data)
    return Path(handle.name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300) | st.binary(max_size=200))
def test_arbitrary_file_content_is_a_scenario_or_a_clear_error(content):
    path = _write(content)
    try:
        _outcome_of(load_scenario, path)
    finally:
        path.unlink()


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=8))
def test_arbitrary_mappings_are_a_scenario_or_a_clear_error(data):
    _outcome_of(parse_scenario, data, source="fuzz")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LEAVES), VALUES), min_size=1, max_size=3))
def test_mutated_valid_scenarios_are_a_scenario_or_a_clear_error(changes):
    data = tomllib.loads(BASELINE.read_text(encoding="utf-8"))
    for path, value in changes:
        *parents, leaf = path.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(leaf)] = value
        else:
            node[leaf] = value
    spec = _outcome_of(parse_scenario, data, source="fuzz")
    if spec is not None:
        assert spec.estimated_ties() >= 0


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(st.sampled_from(LEAVES) | st.text(max_size=20), VALUES, max_size=3)
)
def test_arbitrary_overrides_are_a_scenario_or_a_clear_error(overrides):
    base = load_scenario(BASELINE)
    _outcome_of(with_overrides, base, overrides)


def test_non_finite_values_never_pass():
    for value in (math.nan, math.inf, -math.inf):
        assert (
            _outcome_of(
                with_overrides,
                load_scenario(BASELINE),
                {"partnerships.0.shared_vision": value},
            )
            is None
        )
