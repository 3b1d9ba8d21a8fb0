"""Shared fixtures and hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

from collabsim import Scenario, load_scenario

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"

settings.register_profile("ci", max_examples=150, derandomize=True, deadline=None)
settings.register_profile("default", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def tiny_scenario() -> Scenario:
    """Three organisations (two sectors), 20 steps: fast enough for every unit test."""
    return load_scenario(DATA / "tiny.toml")


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator; tests never touch the global RNG."""
    return np.random.default_rng(20261123)
