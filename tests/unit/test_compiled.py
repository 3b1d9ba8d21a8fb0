"""The compiled-engine primitives: both forms agree, engine selection is strict."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from tests_paths import REPO

from collabsim.model.collaboration import CollaborationModel
from collabsim.rules import engine as compiled
from collabsim.scenario.scenario import load_scenario

finite = st.floats(-5.0, 5.0, allow_nan=False)


@st.composite
def grouped(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int]:
    n = draw(st.integers(1, 6))
    size = draw(st.integers(0, 20))
    index = draw(hnp.arrays(np.int64, size, elements=st.integers(0, n - 1)))
    values = draw(hnp.arrays(np.float64, size, elements=finite))
    return index, values, n


@given(grouped())
def test_group_max_forms_agree(case):
    index, values, n = case
    loop = compiled._group_max_loop(index, values, n)
    np.testing.assert_array_equal(compiled._group_max_numpy(index, values, n), loop)
    np.testing.assert_array_equal(compiled.group_max(index, values, n), loop)


@given(grouped(), finite)
def test_ratio_forms_agree(case, fill):
    index, values, _ = case
    num, den = values, (0.5 + np.abs(values[::-1])) * (index % 2)
    loop = compiled._ratio_loop(num, den, fill)
    np.testing.assert_array_equal(compiled._ratio_numpy(num, den, fill), loop)
    np.testing.assert_array_equal(compiled.ratio(num, den, fill), loop)


def test_group_mean_by_hand():
    mean = compiled.group_mean(
        np.array([0, 0, 2]), np.array([1.0, 3.0, 4.0]), 4, np.array([1.0, 3.0, 2.0])
    )
    np.testing.assert_array_equal(mean, [2.5, 0.5, 4.0, 0.5])  # 0.5 where empty


def test_clip01_core_keeps_nan_and_clamps():
    out = compiled.clip01_core(np.array([-1.0, 0.25, 2.0, np.nan]))
    np.testing.assert_array_equal(out, [0.0, 0.25, 1.0, np.nan])


@pytest.mark.parametrize("value", ["cuda", "fortran"])
def test_unknown_engine_is_refused(monkeypatch, value):
    monkeypatch.setenv(compiled.ENGINE_ENV, value)
    with pytest.raises(ValueError, match="expected one of numba, numpy"):
        compiled._select()


def test_numpy_engine_can_be_forced(monkeypatch):
    monkeypatch.setenv(compiled.ENGINE_ENV, "numpy")
    assert compiled._select() == "numpy"


def test_pair_context_is_rebuilt_after_an_event_and_read_only():
    model = CollaborationModel(
        load_scenario(REPO / "scenarios" / "voluntary_baseline.toml"), rng=1
    )
    first = model.state.pair_context()
    assert model.state.pair_context() is first  # nothing changed: cached
    with pytest.raises(ValueError, match="read-only"):
        first.contract[0] = 1.0
    model.state.partnerships.contract[0] = 0.8  # as a signed contract does
    second = model.state.pair_context()
    assert second is not first
    assert float(second.contract.max()) == 0.8
