"""A command that needs a missing optional extra names it and exits 2."""

from __future__ import annotations

import sys

import pytest

from collabsim.cli import main
from collabsim.errors import EXTRAS, MissingExtraError, require_extra


def _hide(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    # a None entry makes both find_spec and import fail, as if not installed
    monkeypatch.setitem(sys.modules, module, None)


def test_require_extra_names_the_extra_and_the_install_command(monkeypatch):
    _hide(monkeypatch, "sklearn")
    with pytest.raises(
        MissingExtraError, match=r"pip install 'collabsim\[discovery\]'"
    ):
        require_extra("discovery", feature="collabsim discover")


def test_missing_extra_is_an_import_error(monkeypatch):
    _hide(monkeypatch, "numba")
    with pytest.raises(ImportError):
        require_extra("fast", feature="the compiled engine")


def test_installed_extras_pass():
    require_extra("discovery", feature="test")


def test_every_extra_is_declared_in_pyproject():
    import tomllib

    from tests_paths import REPO

    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert set(EXTRAS) <= set(declared)


@pytest.mark.parametrize(
    ("hidden", "argv", "extra"),
    [
        ("sklearn", ["discover", "DIR", "--outcome", "x", "--below", "1"], "discovery"),
        ("solara", ["ui"], "ui"),
        (
            "distributed",
            ["sweep", "lhs_core_rates", "--out", "OUT", "--dask-local", "2"],
            "dask",
        ),
        (
            "pyabc",
            ["calibrate", "theory", "--box", "uncertain_rates", "--out", "OUT"],
            "calibrate",
        ),
    ],
    ids=["discover", "ui", "sweep-dask", "calibrate"],
)
def test_command_names_the_missing_extra(
    monkeypatch, tmp_path, capsys, hidden, argv, extra
):
    _hide(monkeypatch, hidden)
    argv = [
        a.replace("DIR", str(tmp_path)).replace("OUT", str(tmp_path / "o"))
        for a in argv
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"pip install 'collabsim[{extra}]'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()
