"""Every public name imports, and the API reads as the README's quick start."""

from __future__ import annotations

import collabsim


def test_every_public_name_imports():
    for name in collabsim.__all__:
        assert getattr(collabsim, name) is not None, name


def test_dir_lists_every_public_name_lazy_or_not():
    assert set(collabsim.__all__) <= set(dir(collabsim))


def test_quick_start(tiny_scenario):
    result = collabsim.run_scenario(tiny_scenario, seed=42)
    assert result.steps["collaboration_rate"].iloc[1:].notna().all()
    assert 0.0 <= result.outcomes["tie_trust_mean_final"] <= 1.0
