"""MITI coder agreement: one coder's global ratings against the other's, session by session."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mibook.figures.style import LARGE, PALETTE, SMALL, WIDTH, _wrapped


def coder_agreement(pairs: pd.DataFrame, labels: dict, coder_a: str, coder_b: str) -> plt.Figure:
    """One panel per global rating: coder A's rating (x) against coder B's (y) per session.

    Sessions with the same pair of ratings are drawn as one disc whose area grows with their
    number, written beside it; the diagonal marks exact agreement and the shaded band ratings at
    most one point apart.

    Parameters
    ----------
    pairs : pandas.DataFrame
        ``measure, a, b`` (from :func:`mibook.analysis.reliability.paired`), the measures to
        draw only; one panel per measure, in order of first appearance.
    labels : dict
        Measure → panel title (the measure's name when missing).
    coder_a, coder_b : str
        The coders, as the axes name them.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> pairs = pd.DataFrame({"measure": ["empathy"] * 3, "a": [4, 4, 2], "b": [4, 3, 2]})
    >>> fig = coder_agreement(pairs, {"empathy": "Empathy"}, "Coder A", "Coder B")
    >>> [ax.get_title() for ax in fig.axes], fig.axes[0].get_xlabel()
    (['Empathy'], 'Coder A')
    >>> plt.close(fig)
    """
    measures = list(dict.fromkeys(pairs["measure"]))
    columns = min(max(len(measures), 1), 2)
    rows = -(-max(len(measures), 1) // columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(WIDTH, 3.0 * rows + 0.2), squeeze=False, layout="constrained"
    )
    grid = np.array([0.5, 5.5])
    for ax, measure in zip(axes.flat, measures):
        part = pairs[pairs["measure"] == measure]
        counts = part.groupby(["a", "b"]).size().reset_index(name="n")
        ax.fill_between(grid, grid - 1, grid + 1, color=PALETTE[7], alpha=0.15, linewidth=0)
        ax.plot(grid, grid, color=PALETTE[7], linewidth=1)
        ax.scatter(
            counts["a"],
            counts["b"],
            s=45 * counts["n"],
            color=PALETTE[0],
            alpha=0.75,
            zorder=3,
        )
        for row in counts.itertuples():
            ax.annotate(
                str(int(row.n)),
                (row.a, row.b),
                textcoords="offset points",
                xytext=(7, 5),
                fontsize=SMALL,
            )
        ax.set_xlim(*grid)
        ax.set_ylim(*grid)
        ax.set_xticks(range(1, 6))
        ax.set_yticks(range(1, 6))
        ax.set_aspect("equal")
        ax.set_title(_wrapped(labels.get(measure, measure), 30), fontsize=LARGE)
        ax.set_xlabel(_wrapped(coder_a, 30))
        ax.set_ylabel(_wrapped(coder_b, 24))
    for ax in list(axes.flat)[len(measures) :]:
        ax.set_visible(False)
    return fig
