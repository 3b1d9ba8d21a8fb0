"""The UI model survives any order of resets, presets and control changes, and every
control's range and default is the schema's."""

from __future__ import annotations

import inspect
import math

import pytest

pytest.importorskip("solara")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mesa.visualization import Slider

from collabsim.scenario.mechanisms import MECHANISMS
from collabsim.viz.components import TRENDS
from collabsim.viz.levers import (
    LEVERS,
    MECHANISM_SWITCHES,
    model_params,
    presets,
    what_to_look_for,
)
from collabsim.viz.uimodel import COMPARISONS, UIModel

PARAMS = model_params(list(COMPARISONS))


def test_every_control_is_a_keyword_of_the_ui_model():
    keywords = inspect.signature(UIModel).parameters
    assert set(PARAMS) == set(keywords)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in keywords.values())
    assert "scenario" not in keywords


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.name)
def test_lever_range_and_default_come_from_the_schema(lever):
    info = lever.info
    control = PARAMS[lever.name]
    if info.kind == "float":
        assert isinstance(control, Slider)
        assert (control.min, control.max) == (info.low, info.high)
        assert control.value == info.default
        assert control.is_float_slider
    elif info.kind == "choice":
        assert isinstance(control, dict)
        assert tuple(control["values"]) == info.choices
        assert control["value"] == info.default
    else:
        assert isinstance(control, dict)
        assert control["type"] == "Checkbox"
        assert control["value"] == info.default
    # the keyword's own default (None) means "schema default"
    assert inspect.signature(UIModel).parameters[lever.name].default is None


def test_mechanism_switches_are_registered_mechanisms():
    for name in MECHANISM_SWITCHES:
        assert name in MECHANISMS
        assert PARAMS[name]["value"] is True


def test_every_preset_loads_and_has_guidance():
    assert presets(), "no scenarios/*.toml found"
    for stem in presets():
        model = UIModel(preset=stem)
        assert model.preset == stem, model.notes
        assert what_to_look_for(stem)


def test_levers_and_side_by_side_change_the_configuration():
    model = UIModel(
        apply_levers=True,
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
        name: st.booleans()
        for name in PARAMS
        if isinstance(PARAMS[name], dict) and PARAMS[name]["type"] == "Checkbox"
    }
    return st.fixed_dictionaries(
        {
            "preset": st.sampled_from([*presets(), "missing_preset"]),
            "compare": st.sampled_from([*COMPARISONS, "bogus"]),
            "rng": st.one_of(st.integers(0, 2**31), st.text(max_size=4)),
            **floats,
            **choices,
            **bools,
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
