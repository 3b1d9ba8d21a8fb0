"""Self-contained HTML: inline CSS, figures as base64 PNG, tables from DataFrames.

A report is one file with no scripts and no external assets, so it opens offline,
can be e-mailed, and renders the same in any browser.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

__all__ = [
    "Section",
    "bullet_list",
    "figure_html",
    "format_number",
    "paragraph",
    "render_page",
    "table_html",
]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
margin:0;color:#1b1b1b;background:#fff;line-height:1.45}
main{max-width:1180px;margin:0 auto;padding:1.5rem 2rem 3rem}
h1{font-size:1.7rem;margin:.2rem 0 .4rem}
h2{font-size:1.25rem;border-bottom:2px solid #0072b2;padding-bottom:.2rem;
margin-top:2.2rem}
h3{font-size:1.05rem;margin-top:1.4rem}
p.lead{font-size:1.05rem;color:#333}
.summary{background:#f3f7fb;border-left:5px solid #0072b2;padding:.6rem 1.2rem;
margin:1rem 0}
.summary li{margin:.35rem 0}
figure{margin:1rem 0}
figure img{max-width:100%;height:auto;border:1px solid #ddd}
figcaption{font-size:.88rem;color:#444;margin-top:.3rem}
table{border-collapse:collapse;font-size:.86rem;margin:.6rem 0}
th,td{border:1px solid #ccc;padding:.25rem .55rem;text-align:left;
vertical-align:top;overflow-wrap:anywhere}
th{background:#eef2f6}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
pre{background:#f6f6f6;padding:.6rem;font-size:.8rem;overflow-x:auto}
nav a{margin-right:1rem}
.muted{color:#666;font-size:.85rem}
"""


@dataclass(frozen=True, slots=True)
class Section:
    """One titled part of a report; ``body`` is trusted HTML built by this module."""

    title: str
    anchor: str
    body: list[str] = field(default_factory=list)


def format_number(value: object, digits: int = 3) -> str:
    """Numbers to ``digits`` significant figures; NaN as an en dash; others as text."""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return f"{int(value):d}"
    if isinstance(value, float | np.floating):
        number = float(value)
        if not np.isfinite(number):
            return "\u2013" if np.isnan(number) else str(number)
        return (
            f"{number:.{digits}g}"
            if abs(number) >= 1e-3 or number == 0
            else (f"{number:.2e}")
        )
    return str(value)


def paragraph(text: str, *, css: str | None = None) -> str:
    """Escape ``text`` into a ``<p>``."""
    klass = f' class="{css}"' if css else ""
    return f"<p{klass}>{html.escape(text)}</p>"


def bullet_list(items: Sequence[str], *, css: str | None = None) -> str:
    """Escape ``items`` into a ``<ul>``."""
    klass = f' class="{css}"' if css else ""
    lines = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return f"<ul{klass}>{lines}</ul>"


def figure_html(figure: Figure, caption: str, *, dpi: int = 110) -> str:
    """Embed ``figure`` as a base64 PNG ``<img>`` with a caption and alt text."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = html.escape(caption, quote=True)
    return (
        f'<figure><img alt="{alt}" src="data:image/png;base64,{data}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def table_html(
    frame: pd.DataFrame,
    *,
    headers: Mapping[str, str] | None = None,
    table_id: str | None = None,
    digits: int = 3,
) -> str:
    """Render ``frame`` as an escaped HTML table; numbers via :func:`format_number`.

    Args:
        frame: Rows to show, in order.
        headers: Column name to header text; others keep their names.
        table_id: ``id`` attribute, so tests and readers can find the table.
        digits: Significant figures of floats.
    """
    names = headers or {}
    head = "".join(f"<th>{html.escape(names.get(str(c), str(c)))}</th>" for c in frame)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for value in record:
            numeric = isinstance(value, int | float | np.number) and not isinstance(
                value, bool | np.bool_
            )
            css = ' class="num"' if numeric else ""
            text = html.escape(format_number(value, digits))
            cells.append(f"<td{css}>{text}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    ident = f' id="{html.escape(table_id, quote=True)}"' if table_id else ""
    return (
        f"<table{ident}><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render_page(title: str, lead: str, sections: Sequence[Section]) -> str:
    """Assemble a complete HTML page with a table of contents."""
    nav = " ".join(
        f'<a href="#{html.escape(s.anchor, quote=True)}">{html.escape(s.title)}</a>'
        for s in sections
    )
    parts = [
        f'<section id="{html.escape(s.anchor, quote=True)}">'
        f"<h2>{html.escape(s.title)}</h2>{''.join(s.body)}</section>"
        for s in sections
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1>"
        f'<p class="lead">{html.escape(lead)}</p><nav>{nav}</nav>'
        f"{''.join(parts)}</main></body></html>\n"
    )
