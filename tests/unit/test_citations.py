"""The theory the project cites lives in the repository (docs/theory.md).

Every citation of a theory file names ``docs/theory.md`` (no file outside the
repository), and every theory id the code cites (RF-n, IPT-n, RC-n, FB-n, SFn) is
defined there.
"""

from __future__ import annotations

import re

import pytest
from tests_paths import REPO

from collabsim.scenario.mechanisms import MECHANISMS
from collabsim.scenario.params import parameter_table
from collabsim.scenario.scenario import parse_scenario

THEORY = (REPO / "docs" / "theory.md").read_text(encoding="utf-8")
_IDS = re.compile(r"\b(?:RF|IPT|RC|FB)-\d+\b|\bSF\d+[a-z]?\b")
_SOURCES = [
    path
    for folder in ("collabsim", "scenarios", "experiments", "docs")
    for path in sorted((REPO / folder).rglob("*"))
    if path.suffix in {".py", ".toml", ".md"} and path.name != "theory.md"
] + [REPO / "README.md"]


@pytest.mark.parametrize("path", _SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_theory_is_cited_from_the_repository(path):
    text = path.read_text(encoding="utf-8")
    in_docs = path.parent == REPO / "docs"  # a relative link there is docs/theory.md
    outside = [
        text[max(m.start() - 30, 0) : m.end()]
        for m in re.finditer(r"theory\.md", text)
        if not text[: m.start()].endswith("docs/")
        and not (in_docs and text[: m.start()].endswith("]("))
    ]
    assert not outside, f"{path.name} cites a theory file outside docs/: {outside}"
    assert "../shared" not in text


def _cited_ids() -> set[str]:
    spec = parse_scenario(
        {
            "name": "x",
            "organisations": [{"id": "a"}, {"id": "b"}],
            "partnerships": [{"id": "p", "members": ["a", "b"]}],
        }
    )
    texts = [m.theory for m in MECHANISMS.values()]
    texts += [p.theory or "" for p in parameter_table(spec)]
    return {i for text in texts for i in _IDS.findall(text)}


def test_every_theory_id_the_model_cites_is_defined():
    defined = set(_IDS.findall(THEORY))
    missing = sorted(_cited_ids() - defined)
    assert not missing, f"cited but not in docs/theory.md: {missing}"
