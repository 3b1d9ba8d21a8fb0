"""The mechanism registry, its code locations and docs/odd.md agree."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest
from tests_paths import REPO

from collabsim import MECHANISMS, ScenarioError, load_scenario
from collabsim.scenario.mechanisms import MechanismSwitches


def _resolve(location: str) -> object:
    module_name, _, attr = location.rpartition(".")
    try:
        obj: object = importlib.import_module(module_name)
    except ModuleNotFoundError:  # a method: module.Class.method
        module_name, _, cls = module_name.rpartition(".")
        obj = getattr(importlib.import_module(module_name), cls)
    return getattr(obj, attr)


@pytest.mark.parametrize("name", sorted(MECHANISMS))
def test_mechanism_location_implements_its_switch(name):
    """Each mechanism's function exists and reads that mechanism's switch."""
    function = _resolve(MECHANISMS[name].location)
    source = inspect.getsource(getattr(function, "py_func", function))  # type: ignore[arg-type]
    reads = f"Link.{name}" in source or f'"{name}"' in source
    assert reads, f"{MECHANISMS[name].location} never checks {name!r}"


def test_odd_table_matches_registry():
    text = (REPO / "docs" / "odd.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([a-z_]+)` \| (.+?) \| (.+?) \| `([a-z_.A-Z]+)` \|$", text, re.M
    )
    documented = {name: (theory.strip(), loc) for name, _, theory, loc in rows}
    assert set(documented) == set(MECHANISMS)
    for name, (theory, location) in documented.items():
        assert theory == MECHANISMS[name].theory, name
        assert location == MECHANISMS[name].location, name


def test_unknown_mechanism_is_refused_with_suggestion(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "x"\n[[organisations]]\nid = "a"\n[[organisations]]\nid = "b"\n'
        '[[partnerships]]\nid = "p"\nmembers = ["a", "b"]\n'
        '[mechanisms]\ndisabled = ["faith_drives_behavior"]\n'
    )
    with pytest.raises(ScenarioError, match="did you mean 'faith_drives_behaviour'"):
        load_scenario(path)
    with pytest.raises(KeyError):
        MechanismSwitches().on("no_such_mechanism")
