"""Query strings and lesson files: only shipped presets and declared levers get in,
and a bad lesson names its file and step."""

from __future__ import annotations

from dataclasses import replace

import pytest

pytest.importorskip("solara")

from hypothesis import given
from hypothesis import strategies as st
from tests_paths import REPO

from collabsim.viz.lesson import LessonError, load_lesson
from collabsim.viz.levers import LEVERS, MECHANISM_SWITCHES, preset_path, presets
from collabsim.viz.setups import PageState, Setup, parse_query, to_query
from collabsim.viz.uimodel import COMPARISONS

LESSON = REPO / "lessons" / "trust_faith_confidence.toml"


@pytest.mark.parametrize(
    "value",
    [
        "/etc/passwd",
        "../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "scenarios/voluntary_baseline.toml",
        str(preset_path("voluntary_baseline")),
        "voluntary_baseline.toml",
        "file:///etc/passwd",
    ],
)
def test_a_path_in_the_query_is_refused(value):
    state, notes = parse_query(f"preset={value}&seed=3")
    assert state.setup.preset == "voluntary_baseline"
    assert state.setup.seed == 3
    assert len(notes) == 1
    assert "not a shipped preset" in notes[0]


def test_unknown_settings_and_bad_values_are_refused_with_a_note():
    state, notes = parse_query(
        "scenario=/tmp/x.toml&governance=anarchy&contract_strength=7"
        "&compare=nothing&off=no_such_link&seed=abc&speed=3&token=secret"
    )
    assert state == PageState()
    assert len(notes) == 7  # the token is read elsewhere, not refused
    assert any("unknown setting 'scenario'" in note for note in notes)


def test_a_shared_setup_survives_the_address():
    setup = Setup(
        preset="conflict_destructive",
        compare="resolution_style",
        seed=7,
        cross_sector=True,
        levers={"governance": "mandated", "contract_strength": 0.8, "evaluation": True},
        off=frozenset({"faith_drives_behaviour"}),
    )
    state = PageState(setup=setup, speed=5, projector=True, step=2)
    query = to_query(state, extra={"token": "abc"})
    assert query.startswith("token=abc&preset=conflict_destructive")
    back, notes = parse_query(query)
    assert notes == []
    assert back == state


def _lever_values():
    values = {}
    for lever in LEVERS:
        info = lever.info
        if info.kind == "choice":
            values[lever.name] = st.sampled_from(info.choices)
        elif info.kind == "bool":
            values[lever.name] = st.booleans()
        else:
            values[lever.name] = st.floats(info.low, info.high).map(
                lambda x: round(x, 3)
            )
    return st.fixed_dictionaries({}, optional=values)


@given(
    preset=st.sampled_from(presets()),
    compare=st.sampled_from(list(COMPARISONS)),
    seed=st.integers(0, 2**32 - 1),
    levers=_lever_values(),
    off=st.sets(st.sampled_from(MECHANISM_SWITCHES)),
)
def test_any_setup_round_trips_through_the_address(preset, compare, seed, levers, off):
    setup = Setup(preset, compare, seed, None, levers, frozenset(off))
    back, notes = parse_query(to_query(PageState(setup=setup)))
    assert notes == []
    assert back.setup == setup


def test_the_shipped_lesson_builds_each_step():
    lesson = load_lesson(LESSON)
    setups = lesson.setups()
    assert 4 <= len(setups) <= 7
    assert setups[0].preset == "voluntary_baseline"
    assert setups[1].levers == {"governance": "mandated"}
    assert setups[1].preset == "voluntary_baseline"  # carried forward
    assert "destructive" in setups[3].preset
    assert setups[4].levers["resolution_style"] == "constructive"
    for step in lesson.steps:
        assert step.question.strip()
        assert step.look_for.strip()


GOOD_STEP = (
    'title = "One"\npreset = "voluntary_baseline"\nquestion = "q"\nlook_for = "l"\n'
)


@pytest.mark.parametrize(
    ("second_step", "expected"),
    [
        ('preset = "voluntary_baselin"', "did you mean 'voluntary_baseline'"),
        ('preset = "../scenarios/voluntary_baseline.toml"', "not a shipped preset"),
        ('levers = { governance = "anarchy" }', "governance must be one of"),
        ("levers = { contract_strength = 3.0 }", "contract_strength must be between"),
        ("levers = { trust_gain = 0.1 }", "'trust_gain' is not a lever"),
        ('compare = "everything"', "not a side-by-side choice"),
        ('mechanisms_off = ["no_link"]', "not a mechanism switch"),
        ('questoin = "typo"', "unknown key"),
        ("seed = -1", "seed"),
    ],
)
def test_a_bad_lesson_names_the_file_and_the_step(tmp_path, second_step, expected):
    path = tmp_path / "bad.toml"
    second = 'title = "Two"\nquestion = "q"\nlook_for = "l"\n' + second_step + "\n"
    path.write_text(f'title = "L"\n[[steps]]\n{GOOD_STEP}[[steps]]\n{second}')
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    message = str(info.value)
    assert message.startswith(f"{path}: step 2 ('Two'): ")
    assert expected in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "file is empty"),
        ('title = "L"\nsteps = []', "steps"),
        (
            'title = "L"\n[[steps]]\ntitle = "x"\nquestion = "q"\nlook_for = "l"\n',
            "step 1",
        ),
        ("title = [", "malformed TOML"),
    ],
)
def test_a_bad_lesson_file_is_refused(tmp_path, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(LessonError, match=expected):
        load_lesson(path)
    with pytest.raises(LessonError, match="not found"):
        load_lesson(tmp_path / "missing.toml")


def test_a_step_builds_on_the_one_before():
    lesson = load_lesson(LESSON)
    first = lesson.setups()[0]
    assert (
        replace(first, compare="governance", levers={"governance": "mandated"})
        == (lesson.setups()[1])
    )
