"""``collabsim ui`` refuses bad input before any server starts: exit code 2 and one
message naming the file and the step (lessons) or the address (classroom mode)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from tests_paths import REPO

pytest.importorskip("solara")

from collabsim.viz import serve
from collabsim.viz.config import ServerConfig


def _ui(*options: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "collabsim", "ui", "--port", "1", *options],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )


def test_a_bad_lesson_exits_2_naming_the_file_and_the_step(tmp_path):
    path = tmp_path / "bad_lesson.toml"
    good = REPO / "lessons" / "trust_faith_confidence.toml"
    path.write_text(
        good.read_text().replace(
            'preset = "conflict_destructive"', 'preset = "confict"'
        )
    )
    done = _ui("--lesson", str(path))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(
        f"collabsim: error: {path}: step 4 ('Destructive conflict'): "
    )
    assert "'confict' is not a shipped preset" in lines[0]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_missing_lesson_exits_2():
    done = _ui("--lesson", "lessons/no_such_lesson.toml")
    assert done.returncode == 2
    assert "no_such_lesson.toml" in done.stderr
    assert "not found" in done.stderr


def test_classroom_mode_refuses_a_public_address():
    done = _ui("--classroom", "--host", "8.8.8.8")
    assert done.returncode == 2
    assert "private network address" in done.stderr


def test_classroom_mode_warns_and_prints_the_token_and_a_qr_code():
    # 192.0.2.1 (documentation range) counts as private but is no address of this
    # machine: the launcher announces it, then the server cannot bind and exits.
    done = _ui("--classroom", "--host", "192.0.2.1", timeout=240)
    assert "WARNING: classroom mode" in done.stdout
    url = "http://192.0.2.1:1/?token="
    assert url in done.stdout
    token = done.stdout.split(url, 1)[1].split()[0]
    assert len(token) == 8
    assert "\u2588" in done.stdout or "\u2580" in done.stdout  # QR block characters


def test_tokens_are_easy_to_read_and_differ():
    tokens = {serve.make_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(t) == 8 and not set(t) & set("il1o0") for t in tokens)


def test_classroom_binds_only_private_addresses():
    assert serve._classroom_host("192.168.1.20") == "192.168.1.20"
    assert serve._classroom_host("10.1.2.3") == "10.1.2.3"
    for address in ("127.0.0.1", "0.0.0.0", "8.8.8.8", "::1", "localhost", "fe80::1"):
        with pytest.raises(ValueError, match="private"):
            serve._classroom_host(address)
    found = serve.lan_address()
    assert found is None or serve._is_lan(found)


def test_settings_reach_the_page_through_the_environment(tmp_path):
    config = ServerConfig("tok", tmp_path / "l.toml", 7, "http://10.0.0.2:8765/")
    assert ServerConfig.from_environment(config.environment()) == config
    assert ServerConfig.from_environment({}) == ServerConfig()
    assert ServerConfig.from_environment({"COLLABSIM_UI_MAX_SESSIONS": "x"}) == (
        ServerConfig()
    )
