"""Ablation runs the model: switching a mechanism off cuts its causal link.

For every registered mechanism, ``tests/data/ablation_probes.toml`` names an input,
two values of it and the target metric the link moves. With the mechanism off, the
target must not respond to the input at any step (same seed: identical series);
with it on, it must respond. A mechanism without a probe, or a switch the code reads
that is not registered, fails here.
"""

from __future__ import annotations

import ast
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests_paths import REPO

from collabsim import MECHANISMS, load_scenario, run_scenario

PROBES: dict[str, dict[str, Any]] = tomllib.loads(
    (REPO / "tests" / "data" / "ablation_probes.toml").read_text(encoding="utf-8")
)
DEFAULT = "scenarios/voluntary_baseline.toml"
STEPS = 40


@cache
def _target(name: str, value_index: int, *, on: bool, seed: int) -> np.ndarray:
    probe = PROBES[name]
    disabled = list(probe.get("disabled", []))
    if not on:
        disabled.append(name)
    overrides = {
        **probe.get("set", {}),
        probe["input"]: probe["values"][value_index],
        "mechanisms.disabled": disabled,
        "n_steps": STEPS,
    }
    spec = load_scenario(REPO / probe.get("scenario", DEFAULT), overrides)
    steps = run_scenario(spec, seed=seed, metrics=[probe["target"]]).steps
    return steps[probe["target"]].to_numpy(dtype=float)


def test_every_mechanism_has_a_probe() -> None:
    assert set(PROBES) == set(MECHANISMS)


@pytest.mark.parametrize("name", sorted(MECHANISMS))
def test_switching_a_mechanism_off_cuts_its_link(name: str) -> None:
    low = _target(name, 0, on=False, seed=11)
    high = _target(name, 1, on=False, seed=11)
    np.testing.assert_array_equal(low, high, err_msg=f"{name} off: target still moves")


@pytest.mark.parametrize("name", sorted(MECHANISMS))
def test_with_the_mechanism_on_its_target_responds(name: str) -> None:
    moved = [
        not np.array_equal(
            _target(name, 0, on=True, seed=seed),
            _target(name, 1, on=True, seed=seed),
            equal_nan=True,
        )
        for seed in (11, 12, 13)
    ]
    assert any(moved), f"{name} on: target never responds to {PROBES[name]['input']}"


# --- static: every switch the code reads is registered ------------------------------


def _switch_reads(path: Path) -> set[str]:
    """Names read as ``Link.<name>`` in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Link"
    }


def test_every_switch_the_code_reads_is_registered() -> None:
    read: set[str] = set()
    for path in (REPO / "collabsim").rglob("*.py"):
        read |= _switch_reads(path)
    assert read <= set(MECHANISMS), sorted(read - set(MECHANISMS))


#: Rules that read rates but implement no causal link of the theory: the structure
#: a link acts through (how acts get their risk, how records are kept, how chances
#: combine). Every other rule reads at least one mechanism switch.
STRUCTURAL = {
    "act_risk": "the range of an act's risk, set by ambition and the kind of act",
    "observed_progress": "what counts as progress: effectiveness against ambition",
    "update_signal": "the running record of effectiveness per act",
    "update_acquaintance": "acquaintance as the record of meetings",
    "contact_chance": "a chance from a propensity and the two people's access",
    "external_pressure": "the mean of the organisation's pressures",
    "cultural_distance": "the distance between two cultures",
    "power_asymmetry": "the asymmetry of two organisations' power",
    "presence": "the share of a step a post is filled",
}


def _rule_functions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted((REPO / "collabsim" / "rules").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            (path.stem, node)
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
        ]
    return found


def test_every_rule_reads_a_switch_or_is_declared_structural() -> None:
    """A new causal link added without a registry entry (and its switch) fails."""
    unswitched = []
    for module, function in _rule_functions():
        reads = {
            node.value.id
            for node in ast.walk(function)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        }
        if "Link" not in reads and function.name not in STRUCTURAL:
            unswitched.append(f"{module}.{function.name}")
    assert not unswitched, f"rules with no mechanism switch: {unswitched}"
    names = {f.name for _, f in _rule_functions()}
    assert set(STRUCTURAL) <= names  # the allowlist names real rules
