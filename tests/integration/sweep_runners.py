"""Runners swapped into sweeps by the tests; importable by worker processes."""

from __future__ import annotations

import os

from collabsim.model.run import RunResult, run_scenario
from collabsim.scenario.scenario import Scenario

#: Runs whose ``dynamics.trust.gain`` exceeds this fail (raise).
THRESHOLD = 0.25
#: Runs whose ``dynamics.trust.gain`` exceeds this kill their worker (fewer: slow).
CRASH_THRESHOLD = 0.35


def failing_runner(spec: Scenario, *, seed: int, run_id: str) -> RunResult:
    """Raise for high trust gain, run normally otherwise."""
    if spec.dynamics.trust.gain > THRESHOLD:
        msg = f"deliberate failure at gain {spec.dynamics.trust.gain:.3f}"
        raise RuntimeError(msg)
    return run_scenario(spec, seed=seed, run_id=run_id)


def crashing_runner(spec: Scenario, *, seed: int, run_id: str) -> RunResult:
    """Kill the worker process for high trust gain (a segfault or OOM kill)."""
    if spec.dynamics.trust.gain > CRASH_THRESHOLD:
        os._exit(17)
    return run_scenario(spec, seed=seed, run_id=run_id)


def per_run_runner(spec: Scenario, *, seed: int, run_id: str) -> RunResult:
    """The per-run engine (a custom runner is never batched)."""
    return run_scenario(spec, seed=seed, run_id=run_id)
