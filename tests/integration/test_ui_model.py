"""The UI model survives any order of resets, presets and control changes; levers
keep the preset's values unless set, and their ranges are the schema's."""

from __future__ import annotations

import inspect
import math

import pytest

pytest.importorskip("solara")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabsim.scenario.mechanisms import MECHANISMS
from collabsim.scenario.params import parameter_info
from collabsim.scenario.scenario import load_scenario
from collabsim.viz.frames import TRENDS
from collabsim.viz.levers import (
    LEVERS,
    MECHANISM_SWITCHES,
    lever_value,
    preset_path,
    presets,
    what_to_look_for,
)
from collabsim.viz.setups import Setup
from collabsim.viz.uimodel import COMPARISONS, UIModel

CONTROLS = {"preset", "compare", "rng", "cross_sector"}


def test_every_control_is_a_keyword_of_the_ui_model():
    keywords = inspect.signature(UIModel).parameters
    expected = CONTROLS | {lever.name for lever in LEVERS} | set(MECHANISM_SWITCHES)
    assert set(keywords) == expected
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in keywords.values())
    assert "scenario" not in keywords
    assert set(Setup().model_kwargs()) == expected


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.name)
def test_lever_range_comes_from_the_schema_and_unset_keeps_the_preset(lever):
    spec = load_scenario(preset_path("trust_building_programme"))
    info = parameter_info(spec, f"partnerships.*.{lever.field}")
    assert (lever.info.low, lever.info.high) == (info.low, info.high)
    assert lever.info.choices == info.choices
    assert lever_value(spec, lever) == info.value
    # the keyword's own default (None) keeps the preset's value
    assert inspect.signature(UIModel).parameters[lever.name].default is None
    model = UIModel(preset="trust_building_programme")
    assert lever_value(model.spec, lever) == info.value


def test_mechanism_switches_are_registered_mechanisms():
    for name in MECHANISM_SWITCHES:
        assert name in MECHANISMS
        assert inspect.signature(UIModel).parameters[name].default is True


def test_a_preset_that_is_not_shipped_is_never_read(tmp_path):
    outside = tmp_path / "secret.toml"
    outside.write_text(preset_path("voluntary_baseline").read_text())
    for name in (str(outside), str(outside.with_suffix("")), "../scenarios/x"):
        model = UIModel(preset=name)
        assert model.preset == "voluntary_baseline"
        assert any("not a shipped preset" in note for note in model.notes)


def test_every_preset_loads_and_has_guidance():
    assert presets(), "no scenarios/*.toml found"
    for stem in presets():
        model = UIModel(preset=stem)
        assert model.preset == stem, model.notes
        assert what_to_look_for(stem)


def test_levers_and_side_by_side_change_the_configuration():
    model = UIModel(
        governance="mandated",
        contract_strength=0.8,
        cross_sector=True,
        compare="governance",
    )
    assert not model.notes
    assert {str(p.governance) for p in model.spec.partnerships} == {"mandated"}
    assert {p.contract.strength for p in model.spec.partnerships} == {0.8}
    assert len({o.sector for o in model.spec.organisations}) == 2
    twin = model.sides[1].model
    assert {str(p.governance) for p in twin.spec.partnerships} == {"voluntary"}
    model.step()
    assert model.t == twin.t == 1


def _control_values():
    floats = {
        lever.name: st.floats(-1.0, 2.0, allow_nan=False)
        for lever in LEVERS
        if lever.info.kind == "float"
    }
    choices = {
        lever.name: st.sampled_from([*lever.info.choices, "bogus"])
        for lever in LEVERS
        if lever.info.kind == "choice"
    }
    bools = {
        name: st.one_of(st.none(), st.booleans())
        for name in [lever.name for lever in LEVERS if lever.info.kind == "bool"]
    }
    switches = {name: st.booleans() for name in MECHANISM_SWITCHES}
    return st.fixed_dictionaries(
        {
            "preset": st.sampled_from([*presets(), "missing_preset"]),
            "compare": st.sampled_from([*COMPARISONS, "bogus"]),
            "rng": st.one_of(st.integers(0, 2**31), st.text(max_size=4)),
            **floats,
            "cross_sector": st.one_of(st.none(), st.booleans()),
            **choices,
            **bools,
            **switches,
        }
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_control_values(), st.integers(0, 3)), min_size=1, max_size=3)
)
def test_ui_model_survives_any_sequence_of_resets(actions):
    for params, n_steps in actions:
        model = UIModel(**params)  # what SolaraViz does on Reset
        for _ in range(n_steps):
            model.step()
        assert model.t == min(n_steps, model.spec.n_steps)
        for side in model.sides:
            columns = side.datacollector.model_vars
            assert all(len(columns[name]) == model.t + 1 for name in TRENDS)
            values = [columns[name][-1] for name in TRENDS]
            assert all(math.isnan(v) or math.isfinite(v) for v in values)
