"""Both engines reproduce the goldens: the NumPy engine is checked in a subprocess.

The suite itself runs on the default engine (Numba when installed); this test runs
the golden trajectories again with ``COLLABSIM_ENGINE=numpy``, so a core that only
works compiled, or only as NumPy, fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from tests_paths import REPO

from collabsim.rules.engine import ENGINE_ENV, engine_name


@pytest.mark.skipif(engine_name() != "numba", reason="the suite already runs on NumPy")
def test_numpy_engine_reproduces_the_goldens():
    env = {**os.environ, ENGINE_ENV: "numpy"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            str(REPO / "tests" / "regression" / "test_golden.py"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    n_goldens = len(list((REPO / "scenarios").glob("*.toml")))
    assert f"{n_goldens} passed" in done.stdout, done.stdout[-3000:]
