"""Rough edges a new user hit (issue 17), one test each."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from matplotlib.figure import Figure
from tests_paths import REPO

from collabsim import load_scenario, plots
from collabsim.cli import main
from collabsim.report.narrative import comparison_sentences
from collabsim.results.lock import LOCK_FILE


def test_negative_seed_is_refused_before_anything_is_written(tmp_path, capsys):
    out = tmp_path / "r"
    with pytest.raises(SystemExit) as stop:
        main(["run", "voluntary_baseline", "--seed", "-1", "--out", str(out)])
    assert stop.value.code == 2
    assert "argument --seed" in capsys.readouterr().err
    assert not out.exists()


_HOLD = """
import sys
from pathlib import Path
from collabsim.results.lock import writer_lock
out = Path(sys.argv[1])
out.mkdir()
with writer_lock(out, ["collabsim", "sweep", "first"]):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def test_second_sweep_on_a_folder_is_refused_while_the_first_runs(tmp_path, capsys):
    out = tmp_path / "sweep"
    first = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_HOLD), str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "locked"
        for argv in (
            ["sweep", "lhs_core_rates", "--out", str(out), "--workers", "1"],
            [
                "sweep",
                "lhs_core_rates",
                "--out",
                str(out),
                "--resume",
                "--workers",
                "1",
            ],
        ):
            assert main(argv) == 2
            err = capsys.readouterr().err
            assert "another collabsim process is writing" in err
            assert "collabsim sweep first" in err  # names the holder
        assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE]
    finally:
        first.communicate("\n", timeout=30)
    assert first.returncode == 0


def test_lock_is_released_when_its_holder_ends(tmp_path):
    from collabsim.results.lock import check_unlocked, writer_lock

    with writer_lock(tmp_path):
        pass
    check_unlocked(tmp_path)  # the file is left behind, but nobody holds it


_URL = re.compile(r"https?://[^\s)>\"']+")
#: Hosts of addresses that exist (no repository of collabsim is public yet).
_REAL_HOSTS = {"doi.org", "mesa.readthedocs.io", "keepachangelog.com"}


@pytest.mark.parametrize("name", ["README.md", "CITATION.cff"])
def test_citation_gives_only_real_addresses(name):
    text = (REPO / name).read_text(encoding="utf-8")
    hosts = {url.split("/")[2] for url in _URL.findall(text)}
    # this machine's own address (where `collabsim ui` serves) cites nothing
    hosts = {h for h in hosts if h.split(":")[0] not in {"127.0.0.1", "localhost"}}
    assert hosts <= _REAL_HOSTS, hosts - _REAL_HOSTS
    assert "github.com/collabsim" not in text


def _declared_networks() -> list[str]:
    return [
        path.stem
        for path in sorted((REPO / "scenarios").glob("*.toml"))
        if not plots.scenario_pairs(load_scenario(path)).empty
    ]


@pytest.mark.parametrize("name", _declared_networks())
def test_network_legend_covers_no_node(name):
    spec = load_scenario(name)
    pairs = plots.scenario_pairs(spec).assign(trust=0.5)
    sectors = {org.id: str(org.sector) for org in spec.organisations}
    ax = plots.plot_partner_network(pairs, sectors=sectors, seed=0)
    figure = ax.get_figure()
    assert isinstance(figure, Figure)
    figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    radius = 8.0  # pixels: about a node marker's radius
    nodes = [c for c in ax.collections if c.get_label() in set(sectors.values())]
    assert nodes
    for collection in nodes:
        x, y = ax.transData.transform(collection.get_offsets()).T
        inside = (
            (x > legend.x0 - radius)
            & (x < legend.x1 + radius)
            & (y > legend.y0 - radius)
            & (y < legend.y1 + radius)
        )
        assert not inside.any()


def _differences(effects: list[tuple[str, float, float, str]]) -> pd.DataFrame:
    rows = [
        {
            "configuration": "mandated",
            "reference": "voluntary",
            "outcome": outcome,
            "difference": diff,
            "conf_low": diff - 0.02,
            "conf_high": diff + 0.02,
            "excludes_zero": True,
            "effect_size": d,
            "effect_label": label,
            "n_pairs": 50,
        }
        for outcome, diff, d, label in effects
    ]
    return pd.DataFrame(rows)


def test_headline_says_only_when_the_second_effect_is_smaller():
    both_large = _differences(
        [
            ("org_confidence_mean_final", 0.3, 3.0, "large"),
            ("org_faith_mean_final", 0.175, 1.2, "large"),
        ]
    )
    head = comparison_sentences(both_large)[0]
    assert "only" not in head
    assert "raised confidence at the end by 0.3" in head
    assert " and raised faith at the end by 0.175" in head

    opposite = _differences(
        [
            ("org_confidence_mean_final", 0.3, 3.0, "large"),
            ("org_faith_mean_final", -0.175, -1.2, "large"),
        ]
    )
    head = comparison_sentences(opposite)[0]
    assert " but lowered faith at the end by 0.175" in head
    assert "only" not in head

    smaller = _differences(
        [
            ("org_confidence_mean_final", 0.3, 3.0, "large"),
            ("org_faith_mean_final", 0.03, 0.3, "small"),
        ]
    )
    assert (
        " but raised faith at the end by only 0.03" in comparison_sentences(smaller)[0]
    )


def test_ui_seed_that_only_looks_numeric_falls_back():
    """``"²".isdigit()`` is True but ``int("²")`` fails (found by hypothesis)."""
    pytest.importorskip("mesa.visualization")
    from collabsim.viz.levers import DEFAULT_SEED
    from collabsim.viz.uimodel import UIModel

    model = UIModel(rng="²")
    assert any(str(DEFAULT_SEED) in note for note in model.notes)
