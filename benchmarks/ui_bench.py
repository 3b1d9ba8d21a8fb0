"""Teaching page: server CPU per rendered frame and steps per second, on this machine.

Two parts, both at the page's default settings (``voluntary_baseline``, 20 steps per
second) unless said otherwise:

* **components**: the page's components rendered in this process without a browser
  (a Solara kernel, the real :class:`~collabsim.viz.board.BoardWidget` and session;
  a stand-in browser acknowledges each frame). Reports the steps per second of one
  session, the process CPU time per rendered frame (simulation, frame and its JSON
  message included), and four sessions at once.
* **browser**: ``collabsim ui`` in a subprocess, driven by headless Chromium
  (Playwright): steps per second with 1 and 4 pages, the server's CPU time per frame
  drawn, and its CPU use 10 s after the last page closed. Skipped without Chromium.

``--app-dir DIR`` runs the browser part against another checkout (e.g. the page
before this one) and reads its progress from the "Week N of M" text, so the same
figures can be taken before and after a change.

Usage: ``python benchmarks/ui_bench.py [--quick] [--no-browser] [--app-dir DIR]``.
Writes ``benchmarks/results-ui.json``; no time is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUT = ROOT / "benchmarks" / "results-ui.json"


# -- components, no browser -----------------------------------------------------------
def _render_page(kernel_id: str) -> tuple[Any, Any, Any]:
    """Render the page in a fresh Solara kernel; returns (context, board, play)."""
    import ipyvuetify as v
    import solara
    from solara.server import kernel
    from solara.server.kernel_context import VirtualKernelContext

    from collabsim.viz.app import Page
    from collabsim.viz.board import BoardWidget

    context = VirtualKernelContext(
        id=kernel_id, kernel=kernel.Kernel(), session_id=f"bench-{kernel_id}"
    )
    with context:
        _, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
        board = rc.find(BoardWidget).widget
        play = rc.find(v.Btn, children=["▶"]).widget

        def browser(change: dict[str, Any]) -> None:  # acknowledges every frame
            frame = change["new"]
            if frame:
                board.vue_ack({"run": frame["run"], "seq": frame["seq"]})

        board.observe(browser, "frame")
        browser({"new": board.frame})  # a frame sent before the stand-in was there
    return context, board, play


def _sessions() -> list[Any]:
    from collabsim.viz.app import REGISTRY

    return REGISTRY.sessions()


def components(n_sessions: int, *, speed: int | None = None) -> dict[str, Any]:
    """Play ``n_sessions`` pages to the end at once; CPU and rates of this process."""
    pages = [
        _render_page(f"{n_sessions}-{i}-{time.monotonic_ns()}")
        for i in range(n_sessions)
    ]
    sessions = _sessions()[-n_sessions:]
    for session in sessions:
        if speed is not None:
            session.set_speed(speed)
        _wait(lambda s=session: s.frames > 0, 60)  # the first frame (week 0)
    steps0 = [s.steps for s in sessions]
    frames0 = [s.frames for s in sessions]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for context, _, play in pages:
        with context:
            play.click()
    _wait(lambda: all(s.status.finished for s in sessions), 600)
    wall = time.perf_counter() - wall0
    _wait(lambda: all(s.caught_up for s in sessions), 30)
    cpu = time.process_time() - cpu0
    steps = sum(s.steps - a for s, a in zip(sessions, steps0, strict=True))
    frames = sum(s.frames - a for s, a in zip(sessions, frames0, strict=True))
    for session in sessions:  # what closing the page's kernel does
        session.close()
    return {
        "sessions": n_sessions,
        "speed": "max" if speed == 0 else (speed or 20),
        "steps_per_second_each": steps / n_sessions / wall,
        "frames_per_second_each": frames / n_sessions / wall,
        "cpu_ms_per_rendered_frame": 1e3 * cpu / frames,
        "cpu_ms_per_step": 1e3 * cpu / steps,
        "cpu_share": cpu / wall,
    }


def frame_cost(repeats: int) -> dict[str, float]:
    """Build one frame and its JSON message alone (the render part of a frame)."""
    from collabsim.viz.frames import FrameBuilder
    from collabsim.viz.setups import Setup, build_model

    model = build_model(Setup(compare="governance"))
    builder = FrameBuilder(model, 1)
    builder.frame(0)
    times = []
    for seq in range(repeats):
        for _ in range(2):  # two steps per frame at 20 steps/s and 10 frames/s
            model.step()
        started = time.perf_counter()
        json.dumps(builder.frame(seq + 1, status="x"), allow_nan=False)
        times.append(time.perf_counter() - started)
        if not model.running:
            model = build_model(Setup(compare="governance"))
            builder = FrameBuilder(model, 1)
    times.sort()
    return {"median_ms": 1e3 * times[len(times) // 2], "max_ms": 1e3 * times[-1]}


def _wait(condition: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            msg = "benchmark timed out"
            raise TimeoutError(msg)
        time.sleep(0.01)


# -- browser ---------------------------------------------------------------------------
def _start_server(app_dir: Path, log: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONPATH": str(app_dir)}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "collabsim", "ui", "--port", str(port)]
            + (
                ["--max-sessions", "10"]
                if (app_dir / "collabsim/viz/serve.py").exists()
                else []
            ),
            cwd=app_dir,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.5)
    raise TimeoutError(log.read_text())


_PROGRESS = """() => {
  const s = document.querySelector('.collabsim-step');
  const b = document.querySelector('.collabsim-board');
  const m = s ? s.textContent.match(/(\\d+) of (\\d+)/) : null;
  if (!m) return null;
  const week = Number(m[1]);
  return [week, Number(m[2]), b ? Number(b.dataset.frames) : week];
}"""


def _progress(page: Any) -> tuple[int, int, int]:
    value = page.evaluate(_PROGRESS)
    return (0, 1, 0) if value is None else tuple(value)


def _play_pages(pages: list[Any], server: Any) -> dict[str, Any]:
    """Press play on every page; rates from the weeks each page shows over time."""
    start = [_progress(p) for p in pages]
    cpu0 = sum(server.cpu_times()[:2])
    t0 = time.perf_counter()
    for page in pages:
        page.get_by_role("button", name="▶", exact=True).click()
    firsts: list[tuple[float, int] | None] = [None] * len(pages)
    lasts: list[tuple[float, int]] = [(t0, s[0]) for s in start]
    while True:
        now = time.perf_counter()
        done = True
        for i, page in enumerate(pages):
            week, total, _ = _progress(page)
            if week > start[i][0] and firsts[i] is None:
                firsts[i] = (now, week)
            if week != lasts[i][1]:
                lasts[i] = (now, week)
            done &= week >= total
        if done or now - t0 > 400:
            break
        time.sleep(0.05)
    cpu = sum(server.cpu_times()[:2]) - cpu0
    frames = sum(_progress(p)[2] - s[2] for p, s in zip(pages, start, strict=True))
    rates = []
    for first, last in zip(firsts, lasts, strict=True):
        if first is not None and last[0] > first[0]:
            rates.append((last[1] - first[1]) / (last[0] - first[0]))
    return {
        "pages": len(pages),
        "steps_per_second_each": rates,
        "frames_drawn": frames,
        "server_cpu_seconds": cpu,
        "server_cpu_ms_per_frame": 1e3 * cpu / max(frames, 1),
    }


def browser(app_dir: Path) -> dict[str, Any] | None:
    """The browser figures, or ``None`` without Chromium or Playwright."""
    try:
        import psutil
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    results: dict[str, Any] = {"app_dir": str(app_dir)}
    with tempfile.TemporaryDirectory() as tmp:
        process = _start_server(app_dir, Path(tmp) / "server.log", port)
        server = psutil.Process(process.pid)
        try:
            with sync_playwright() as pw:
                chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
                for n in (1, 4):
                    pages = [chromium.new_page() for _ in range(n)]
                    for page in pages:
                        page.set_default_timeout(300_000)
                        page.goto(url)
                        page.wait_for_function(_PROGRESS)
                    time.sleep(1.0)
                    results[f"pages_{n}"] = _play_pages(pages, server)
                    for page in pages:
                        page.close()
                    rates = results[f"pages_{n}"]["steps_per_second_each"]
                    print(f"browser, {n} page(s): {rates} steps/s", flush=True)
                # pages that keep playing while the browser goes away
                pages = [chromium.new_page() for _ in range(4)]
                for page in pages:
                    page.set_default_timeout(300_000)
                    page.goto(
                        url + ("?speed=2" if "viz/serve" in _files(app_dir) else "")
                    )
                    page.wait_for_function(_PROGRESS)
                    page.get_by_role("button", name="▶", exact=True).click()
                time.sleep(3.0)
                chromium.close()
            closed = time.perf_counter()
            time.sleep(10.0)
            results["cpu_percent_10s_after_close"] = server.cpu_percent(interval=3.0)
            results["seconds_after_close"] = time.perf_counter() - closed
            results["rss_mib_after_close"] = server.memory_info().rss / 2**20
        finally:
            process.terminate()
            process.wait(timeout=20)
    return results


def _files(app_dir: Path) -> str:
    return "viz/serve" if (app_dir / "collabsim" / "viz" / "serve.py").exists() else ""


# -- report ----------------------------------------------------------------------------
def run(
    *, quick: bool = False, with_browser: bool = True, app_dir: Path = ROOT
) -> dict[str, Any]:
    """Run the benchmark and write :data:`OUT` (only for this checkout)."""
    import psutil

    results: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "memory_gib": psutil.virtual_memory().total / 2**30,
    }
    if app_dir == ROOT:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results["frame_cost"] = frame_cost(50 if quick else 200)
            results["components_default"] = components(1)
            results["components_max_speed"] = components(1, speed=0)
            results["components_4_sessions"] = components(4)
    results["browser"] = browser(app_dir) if with_browser else None
    print(table(results))
    if app_dir == ROOT:
        OUT.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nwrote {OUT}")
    else:
        print(json.dumps(results, indent=2))
    return results


def table(results: dict[str, Any]) -> str:
    rows = ["", "teaching page (collabsim ui)"]
    keys = ("components_default", "components_max_speed", "components_4_sessions")
    for r in (results.get(key) for key in keys):
        if not r:
            continue
        head = f"  components, {r['sessions']} session(s) at speed {r['speed']}: "
        if r["speed"] == "max":  # the run lasts a fraction of a second: no frame rate
            rows.append(
                f"{head}{r['steps_per_second_each']:.0f} steps/s, "
                f"server CPU {r['cpu_ms_per_step']:.2f} ms per step"
            )
            continue
        rows.append(
            f"{head}{r['steps_per_second_each']:.1f} steps/s each, "
            f"{r['frames_per_second_each']:.1f} frames/s each, server CPU "
            f"{r['cpu_ms_per_rendered_frame']:.2f} ms per rendered frame"
        )
    if r := results.get("frame_cost"):
        rows.append(
            f"  one frame built and serialised: {r['median_ms']:.2f} ms (median)"
        )
    if b := results.get("browser"):
        for n in (1, 4):
            p = b[f"pages_{n}"]
            each = ", ".join(f"{x:.1f}" for x in p["steps_per_second_each"])
            rows.append(
                f"  Chromium, {n} page(s): {each} steps/s; server CPU "
                f"{p['server_cpu_ms_per_frame']:.1f} ms per frame drawn"
            )
        rows.append(
            f"  server CPU {b['cpu_percent_10s_after_close']:.1f}% "
            f"{b['seconds_after_close']:.0f} s after the browser closed, "
            f"RSS {b['rss_mib_after_close']:.0f} MiB"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--app-dir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    run(
        quick=args.quick,
        with_browser=not args.no_browser,
        app_dir=args.app_dir.resolve(),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
