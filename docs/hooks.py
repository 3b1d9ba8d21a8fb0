"""MkDocs hooks: pages generated at build time (not a part of the package).

- ``tutorials/<name>.md`` from the executable tutorial ``tutorials/<name>.py``
  (jupytext "percent" format: ``# %% [markdown]`` cells become text, ``# %%`` cells
  become code blocks), so the page shows exactly what the tests run;
- ``reference/cli.md`` from the argument parser (:mod:`collabsim.cli.reference`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_CELL = re.compile(r"^# %%(?P<markdown> \[markdown\])?.*$")


def percent_to_markdown(source: str) -> str:
    """Turn a jupytext percent-format script into Markdown."""
    blocks: list[tuple[bool, list[str]]] = []
    for line in source.splitlines():
        match = _CELL.match(line)
        if match:
            blocks.append((bool(match.group("markdown")), []))
        elif blocks:
            blocks[-1][1].append(line)
    parts = []
    for is_markdown, lines in blocks:
        if is_markdown:
            text = [ln[2:] if ln.startswith("# ") else ln.lstrip("#") for ln in lines]
            parts.append("\n".join(text).strip())
        elif code := "\n".join(lines).strip():
            parts.append(f"```python\n{code}\n```")
    return "\n\n".join(p for p in parts if p) + "\n"


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages to the site."""
    from mkdocs.structure.files import File

    from collabsim.cli.reference import cli_reference

    docs = Path(config["docs_dir"])
    for script in sorted((docs / "tutorials").glob("*.py")):
        page = percent_to_markdown(script.read_text(encoding="utf-8"))
        note = (
            f"\n\n---\n*This page is the executable script "
            f"`docs/tutorials/{script.name}` (jupytext percent format: open it as a "
            "notebook with jupytext, or run it with python); the test suite runs it.*\n"
        )
        files.append(
            File.generated(config, f"tutorials/{script.stem}.md", content=page + note)
        )
    files.append(File.generated(config, "reference/cli.md", content=cli_reference()))
    return files
