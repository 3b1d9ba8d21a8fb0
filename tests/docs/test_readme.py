"""The README's Python examples run as written (in order, one namespace).

The ``mesa.batch_run`` example differs between Mesa 3.3 and 3.5 (its comment says
how); ``tests/integration/test_mesa.py`` runs it on the installed Mesa.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 2


def test_the_readme_python_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {}
    ran = 0
    for block in BLOCKS:
        if "mesa.batch_run" in block:
            continue
        exec(compile(block, str(README), "exec"), namespace)
        ran += 1
    assert ran >= 2
    out = capsys.readouterr().out
    assert "tie_trust_mean" in out  # the batched example printed its last values
