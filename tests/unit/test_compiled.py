"""The compiled-engine primitives: both forms agree, engine selection is strict."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from tests_paths import REPO

from collabsim.model.collaboration import CollaborationModel
from collabsim.rules.engine import choice
from collabsim.rules.engine import primitives as compiled
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
    monkeypatch.setenv(choice.ENGINE_ENV, value)
    with pytest.raises(ValueError, match="expected one of numba, numpy"):
        choice._select()


def test_numpy_engine_can_be_forced(monkeypatch):
    monkeypatch.setenv(choice.ENGINE_ENV, "numpy")
    assert choice._select() == "numpy"


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_importing_the_engine_does_no_work():
    """The engine is chosen on first use; Numba waits for the first compiled core."""
    done = _python(
        "import sys, collabsim.rules.engine as engine\n"
        "assert engine.engine_name.cache_info().currsize == 0, 'chosen at import'\n"
        "assert 'numba' not in sys.modules, 'numba at import'\n"
        "assert engine.ENGINE in engine.ENGINES\n"
        "assert 'numba' not in sys.modules, 'numba before any core'\n"
        "engine.group_sum\n"
        "assert ('numba' in sys.modules) == (engine.ENGINE == 'numba')\n"
    )
    assert done.returncode == 0, done.stderr


def test_a_bad_engine_name_fails_on_first_use_not_on_import():
    bad = {choice.ENGINE_ENV: "cuda"}
    assert _python("import collabsim.rules.engine", **bad).returncode == 0
    done = _python("import collabsim.rules.engine as e; e.ENGINE", **bad)
    assert "expected one of numba, numpy" in done.stderr


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


def test_the_compiled_cache_key_follows_only_what_compiled_code_reaches(tmp_path):
    """An edit to the UI or the command line recompiles nothing; one to a rule does."""
    from collabsim.rules.engine import choice

    package = tmp_path / "collabsim"
    for part in ("rules", "model", "scenario", "viz", "cli"):
        (package / part).mkdir(parents=True)
        (package / part / "a.py").write_text("x = 1\n")
    (package / "arrays.py").write_text("y = 1\n")
    original = choice._PACKAGE
    try:
        choice._PACKAGE = package
        key = choice._source_digest()
        (package / "viz" / "a.py").write_text("x = 2\n")
        (package / "cli" / "a.py").write_text("x = 2\n")
        assert choice._source_digest() == key
        (package / "rules" / "a.py").write_text("x = 2\n")
        assert choice._source_digest() != key
    finally:
        choice._PACKAGE = original
