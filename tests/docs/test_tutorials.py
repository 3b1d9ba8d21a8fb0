"""The documentation cannot rot: every tutorial runs, and the generated pages build.

Each tutorial (``docs/tutorials/*.py``, jupytext percent format) runs as a reader
would run it, in a fresh interpreter and an empty folder, with warnings as errors.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest
from tests_paths import REPO

TUTORIALS = sorted((REPO / "docs" / "tutorials").glob("*.py"))
#: Optional extras a tutorial needs, by the modules they bring.
NEEDS = {
    "analyst": ("sklearn", "ema_workbench"),
    "ema": ("ema_workbench",),
    "teacher": ("solara",),
}
_RUN = """
import runpy, sys, warnings
warnings.simplefilter("error")
# third-party noise, filtered by message as in pyproject.toml
warnings.filterwarnings("ignore", message=".*use_state.*", category=UserWarning)
runpy.run_path(sys.argv[1], run_name="__main__")
"""


def _hooks():
    spec = importlib.util.spec_from_file_location(
        "docs_hooks", REPO / "docs" / "hooks.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("script", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_runs(script, tmp_path):
    for module in NEEDS.get(script.stem, ()):
        pytest.importorskip(module)
    env = {**os.environ, "PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_every_tutorial_is_in_the_site_navigation():
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for script in TUTORIALS:
        assert f"tutorials/{script.stem}.md" in nav


def test_percent_scripts_become_markdown_pages():
    hooks = _hooks()
    page = hooks.percent_to_markdown(
        "# %% [markdown]\n# # Title\n#\n# Some *text*.\n\n# %%\nx = 1\nprint(x)\n\n"
        "# %% [markdown]\n# More.\n"
    )
    assert (
        page == "# Title\n\nSome *text*.\n\n```python\nx = 1\nprint(x)\n```\n\nMore.\n"
    )


def test_cli_reference_covers_every_command():
    from collabsim.cli import build_parser
    from collabsim.cli.reference import cli_reference

    text = cli_reference()
    parser = build_parser()
    commands = next(
        a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"
    ).choices
    for name in commands:
        assert f"## `collabsim {name}`" in text
    assert "usage: collabsim run" in text
    assert "--graphml" in text
