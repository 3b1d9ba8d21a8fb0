"""The wheel works for a real user: built, installed into a fresh venv outside the
checkout, run from an empty folder. Marked ``wheel`` (about half a minute, most of
it pip); ``.ci/run`` runs it with ``make wheel-test``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from tests_paths import REPO

pytestmark = pytest.mark.wheel


def _run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the fresh venv's bin folder, an empty working folder), with the wheel in."""
    root = tmp_path_factory.mktemp("wheel")
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(root),
            str(REPO),
        ],
        cwd=root,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = root.glob("collabsim-*.whl")
    venv = root / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], cwd=root)
    assert made.returncode == 0, made.stderr
    pip = _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        cwd=root,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    work = root / "work"
    work.mkdir()
    return venv / "bin", work


def _clean_env() -> dict[str, str]:
    # nothing of the checkout may leak in
    return {
        k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}
    }


def test_help_works_without_any_extra(installed):
    bin_dir, work = installed
    done = _run([str(bin_dir / "collabsim"), "--help"], work, _clean_env())
    assert done.returncode == 0, done.stderr
    assert "scenarios" in done.stdout


def test_discover_names_its_missing_extra(installed):
    bin_dir, work = installed
    done = _run(
        [str(bin_dir / "collabsim"), "discover", "r", "--outcome", "x", "--below", "1"],
        work,
        _clean_env(),
    )
    assert done.returncode == 2
    assert "pip install 'collabsim[discovery]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_shipped_files_run_by_name(installed):
    bin_dir, work = installed
    listed = _run([str(bin_dir / "collabsim"), "scenarios"], work, _clean_env())
    assert listed.returncode == 0, listed.stderr
    assert "voluntary_baseline" in listed.stdout
    assert "lhs_core_rates" in listed.stdout
    assert "site-packages" in listed.stdout  # read from the installed package
    run = _run(
        [
            str(bin_dir / "collabsim"),
            "run",
            "voluntary_baseline",
            "--seeds",
            "2",
            "--out",
            "r",
        ],
        work,
        _clean_env(),
    )
    assert run.returncode == 0, run.stderr
    assert (work / "r" / "manifest.json").is_file()
    # a scenario whose network is read from CSV files shipped beside it
    ics = _run(
        [
            str(bin_dir / "collabsim"),
            "run",
            "ics_partner_map",
            "--steps",
            "3",
            "--out",
            "ics",
        ],
        work,
        _clean_env(),
    )
    assert ics.returncode == 0, ics.stderr
    copied = _run([str(bin_dir / "collabsim"), "init", "study"], work, _clean_env())
    assert copied.returncode == 0, copied.stderr
    assert (work / "study" / "scenarios" / "networks").is_dir()
    assert (work / "study" / "facts" / "scenarios" / "same_sector.toml").is_file()
    # the facts file and its base scenarios ship too: checked by name
    checked = _run(
        [str(bin_dir / "collabsim"), "validate", "theory", "uncertain_rates"],
        work,
        _clean_env(),
    )
    assert checked.returncode == 0, checked.stderr
    assert "facts 'theory'" in checked.stdout


def test_ui_presets_are_found_after_a_wheel_install(installed):
    """The page's preset lookup, imported from the installed wheel (UI extra taken
    from this environment, which has it)."""
    pytest.importorskip("mesa.visualization")
    bin_dir, work = installed
    site = _run(
        [
            str(bin_dir / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
        ],
        work,
        _clean_env(),
    ).stdout.strip()
    assert site != sysconfig.get_path("purelib")
    code = (
        "import warnings; warnings.simplefilter('ignore'); import collabsim; "
        "from collabsim.viz.levers import presets; "
        f"assert collabsim.__file__.startswith({site!r}), collabsim.__file__; "
        "print(len(presets()))"
    )
    done = _run(
        [sys.executable, "-c", code], work, {**_clean_env(), "PYTHONPATH": site}
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.strip()) >= 14
