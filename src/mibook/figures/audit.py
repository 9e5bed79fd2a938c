"""The GRIM picture of the audit chapter: which means n integer ratings can produce.

The possible means come from :func:`mibook.checks.grim_possible_means` and each reported mean's
verdict from :func:`mibook.checks.grim`, so the picture shows exactly what the audit tests.
"""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mibook import checks
from mibook.figures.style import PALETTE, SMALL, WIDTH


def grim_strip(
    reported: pd.DataFrame, n: int, low: float = 3.0, high: float = 3.6, rounding: str = "either"
) -> plt.Figure:
    """GRIM picture: which two-decimal means n integer ratings can produce, reported means marked.

    The means between ``low`` and ``high`` that n integer ratings can produce are drawn as
    grey ticks, in two strips (top: one rating per session; bottom: the average of two
    ratings). A reported mean is a filled circle when possible and a cross when not (shape and
    colour both carry the verdict).

    Parameters
    ----------
    reported : pandas.DataFrame
        Columns ``label``, ``mean`` (the printed string) and ``items`` (1 or 2).
    n : int
        Number of sessions.
    low, high : float, default 3.0 and 3.6
        The range of means shown.
    rounding : str, default "either"
        A rule of :data:`mibook.checks.ROUNDING_RULES`.

    Returns
    -------
    matplotlib.figure.Figure
        One axes.

    Examples
    --------
    >>> import pandas as pd
    >>> reported = pd.DataFrame({"label": ["a", "b"], "mean": ["3.25", "3.33"], "items": [1, 1]})
    >>> fig = grim_strip(reported, n=20)  # 3.25 = 65/20; no k/20 rounds to 3.33
    >>> len(fig.axes)
    1
    >>> [text.get_text() for text in fig.legends[0].get_texts()]
    ['reported, possible', 'reported, impossible']
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(WIDTH, 3.3), layout="constrained")
    strips = {1: 1.0, 2: 0.0}
    names = {
        1: f"one rating\nper session\n(mean = k/{n})",
        2: f"average of\ntwo ratings\n(mean = k/{2 * n})",
    }
    for items, y in strips.items():
        possible = [
            float(Decimal(v)) + whole
            for whole in range(int(low), int(high) + 1)
            for v in checks.grim_possible_means(n, 2, items=items, rounding=rounding)
        ]
        possible = sorted({round(v, 2) for v in possible if low - 1e-9 <= v <= high + 1e-9})
        ax.vlines(possible, y - 0.18, y + 0.18, color="0.55", linewidth=1.2)
    ok_colour, bad_colour = PALETTE[0], PALETTE[3]
    shown_ok = shown_bad = False
    placed: dict[int, list[float]] = {1: [], 2: []}
    for row in reported.itertuples():
        ok = bool(checks.grim(row.mean, n, items=int(row.items), rounding=rounding).consistent)
        y = strips[int(row.items)]
        x = float(row.mean)
        if ok:
            ax.plot(
                x,
                y,
                "o",
                color=ok_colour,
                markersize=9,
                label=None if shown_ok else "reported, possible",
            )
            shown_ok = True
        else:
            ax.plot(
                x,
                y,
                "X",
                color=bad_colour,
                markersize=11,
                label=None if shown_bad else "reported, impossible",
            )
            shown_bad = True
        crowded = any(abs(x - other) < 0.04 for other in placed[int(row.items)])
        placed[int(row.items)].append(x)
        ax.annotate(
            f"{row.label}\n{row.mean}",
            (x, y),
            xytext=(0, -36 if crowded else 12),
            textcoords="offset points",
            ha="center",
            fontsize=SMALL,
        )
    ax.set_yticks(list(strips.values()), [names[1], names[2]])
    ax.set_ylim(-0.8, 1.8)
    ax.set_xlim(low - 0.01, high + 0.01)
    ax.set_xticks(np.round(np.arange(low, high + 0.001, 0.05), 2))
    ax.set_xlabel(f"two-decimal mean; grey ticks: possible with n = {n} sessions, 1–5 scale")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2, frameon=False)
    return fig
