"""The command line and the schema start light: no model, no Numba, no heavy extras.

Each case runs in a fresh interpreter under ``python -X importtime`` and reads the
modules it imported from that report. ``make lint`` runs this file.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from tests_paths import REPO

#: Packages that neither ``collabsim --help``, ``collabsim validate`` nor importing
#: the package or its schema may load.
HEAVY = (
    "numba",
    "sklearn",
    "ema_workbench",
    "dask",
    "distributed",
    "solara",
    "collabsim.model",
    "collabsim.rules",
)
SCENARIO = str(REPO / "scenarios" / "voluntary_baseline.toml")
_CLI = "from collabsim.cli import main; "
CASES = {
    "collabsim --help": _CLI + "main(['--help'])",
    "collabsim validate": _CLI + f"raise SystemExit(main(['validate', {SCENARIO!r}]))",
    "import collabsim.scenario": "import collabsim.scenario",
    "import collabsim": "import collabsim; collabsim.load_scenario",
}


_MARK = "--- modules ---"
_WRAPPED = "import sys\ntry:\n    {code}\nfinally:\n    print({mark!r}, *sys.modules)\n"


def imported_modules(code: str) -> tuple[list[str], list[str]]:
    """Run ``code`` in a fresh interpreter under ``-X importtime``.

    Returns:
        Every module loaded when it ended (``sys.modules``), and the import-time
        report (to show which import pulled a module in).

    Raises:
        AssertionError: If the code fails (a broken command is not a light one).
    """
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            _WRAPPED.format(code=code, mark=_MARK),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # sys.modules, not only the report: importlib.import_module (PEP 562 lazy
    # names) loads a module without a report line of its own
    modules = done.stdout.rsplit(_MARK, 1)[1].split()
    report = [
        line for line in done.stderr.splitlines() if line.startswith("import time:")
    ]
    return modules, report


def _is_heavy(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in HEAVY)


@pytest.mark.parametrize("code", CASES.values(), ids=CASES.keys())
def test_starts_without_heavy_imports(code):
    modules, report = imported_modules(code)
    assert "collabsim" in modules
    heavy = sorted(m for m in modules if _is_heavy(m))
    assert heavy == [], "\n".join(
        line for line in report if _is_heavy(line.split()[-1])
    )


def test_the_check_sees_a_heavy_import():
    """The model's names still load on first use, and this check notices."""
    modules, _ = imported_modules("import collabsim; collabsim.run_scenario")
    assert "collabsim.model.run" in modules
    assert _is_heavy("collabsim.model.run")
