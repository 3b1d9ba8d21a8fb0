"""facts/theory.toml agrees with docs/odd.md: the role split (§4), the classes (§4.1).

The facts live only in the facts file; the ODD records the split made before the
model-fidelity rework and why each fact is emergent or holds by construction. These
tests keep the two from drifting apart.
"""

from __future__ import annotations

import re

from tests_paths import REPO

from collabsim.experiment.facts import load_facts

THEORY = load_facts(REPO / "facts" / "theory.toml")
ODD = (REPO / "docs" / "odd.md").read_text(encoding="utf-8")
#: Facts of §D that are not paired runs, checked elsewhere (see the file's header).
ELSEWHERE = {"SF17"}


def _section(title: str) -> str:
    start = ODD.index(title)
    return ODD[start : ODD.index("\n### ", start + 1)]


def _ids(text: str) -> set[str]:
    """Fact ids in ``text``: ranges (SF6a to SF6e) expanded; SF14 and SF8 as filed."""
    ids: set[str] = set()
    for number, a, b in re.findall(r"SF(\d+)([a-z])\u2013SF\1([a-z])", text):
        ids |= {f"SF{number}{chr(c)}" for c in range(ord(a), ord(b) + 1)}
    ids |= set(re.findall(r"\b(SF\d+[a-z]*|MAND|TURN|DIST)\b", text))
    if "SF14" in ids:
        ids = (ids - {"SF14"}) | {"SF14faith", "SF14trust"}
    if "SF8" in ids:
        ids = (ids - {"SF8"}) | {"SF8b"}
    return ids


def test_roles_are_the_split_recorded_in_odd_section_4():
    split = _section("## 4. Calibration and validation")
    start = split.index("**Calibration facts**")
    calibration = re.split(r"These\s+are", split[start:])[0]
    validation = split[split.index("**Validation facts**") :].split("\n\n")[0]
    facts = [f for f in THEORY.facts if f.kind == "fact"]
    roles = {
        role: {f.id for f in facts if f.role == role}
        for role in ("calibration", "validation")
    }
    assert roles["calibration"] == _ids(calibration)
    assert roles["validation"] == _ids(validation) - ELSEWHERE
    # ablation checks are mechanism checks: never used to tune, so never calibration
    assert all(f.role == "validation" for f in THEORY.facts if f.kind == "ablation")


def test_construction_is_the_class_of_odd_section_4_1():
    table = _section("### 4.1 Which facts are emergent")
    classes = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith(("SF", "MAND", "TURN", "DIST")):
            continue
        kind = cells[2].split(";")[0].strip().replace(" ", "_")
        for fact in (
            cells[0].replace(" faith", "faith").replace(" trust", "trust").split(", ")
        ):
            classes[fact.strip()] = kind
    classes["SF8b"] = classes.pop("SF8")
    for fact in THEORY.facts:
        if fact.kind == "fact":
            assert fact.construction == classes[fact.id], fact.id
    assert set(classes) - {f.id for f in THEORY.facts} == ELSEWHERE
