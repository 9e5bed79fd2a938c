"""The comparison chapter's figures: barriers and facilitators by theme, and the timelines.

The matrix is drawn cell by cell (a rectangle and a letter) rather than as a heatmap, so that a
cell says B, F or B+F in words as well as in colour.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mibook.figures.style import PALETTE, SMALL, WIDTH, _wrapped

# --- Sweden–Norway comparison ---------------------------------------------------------------

# Barrier vermillion, facilitator blue, both reddish purple (Okabe–Ito hues); each cell also
# carries a letter so the matrix reads without colour.
MATRIX_KINDS = {
    "barrier": (PALETTE[3], "B"),
    "facilitator": (PALETTE[0], "F"),
    "both": (PALETTE[4], "B+F"),
}


def barrier_facilitator_matrix(matrix: pd.DataFrame, studies: list[str]) -> plt.Figure:
    """Themes × studies: a filled, lettered cell where a study reports a barrier or facilitator.

    A cell says B (barrier), F (facilitator) or B+F (both); themes reported by two or more
    studies come first, in bold, above a dividing line.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`mibook.analysis.comparison.barrier_facilitator_matrix` (``theme``, one
        column per study, ``n_studies``; shared themes first).
    studies : list of str
        Column order.

    Returns
    -------
    matplotlib.figure.Figure
        One axes, with the legend below it.

    Examples
    --------
    >>> matrix = pd.DataFrame(
    ...     {
    ...         "theme": ["workload", "training"],
    ...         "Sweden": ["barrier", "facilitator"],
    ...         "Norway": ["both", ""],
    ...         "n_studies": [2, 1],
    ...     }
    ... )
    >>> fig = barrier_facilitator_matrix(matrix, ["Sweden", "Norway"])
    >>> len(fig.axes), [text.get_text() for text in fig.axes[0].texts]
    (1, ['B', 'B+F', 'F'])
    >>> plt.close(fig)
    """
    n_themes = len(matrix)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.3 * n_themes + 1.5), layout="constrained")
    for y in range(n_themes):
        for x, study in enumerate(studies):
            kind = matrix.iloc[y][study]
            if kind in MATRIX_KINDS:
                colour, letter = MATRIX_KINDS[kind]
                ax.add_patch(
                    matplotlib.patches.Rectangle((x - 0.45, y - 0.4), 0.9, 0.8, color=colour)
                )
                ax.text(
                    x,
                    y,
                    letter,
                    ha="center",
                    va="center",
                    fontsize=SMALL,
                    color="white",
                    fontweight="bold",
                )
    shared = int((matrix["n_studies"] >= 2).sum()) if n_themes else 0
    if 0 < shared < n_themes:
        ax.axhline(shared - 0.5, color="black", linewidth=1)
    ax.set_xlim(-0.5, len(studies) - 0.5)
    ax.set_ylim(n_themes - 0.5, -0.5)
    width = max(12, int(52 / max(len(studies), 1)))  # characters per line of a study's name
    ax.set_xticks(range(len(studies)), [_wrapped(s, width) for s in studies])
    ax.xaxis.tick_top()
    labels = [_wrapped(t.replace("_", " "), 28) for t in matrix["theme"]]
    ax.set_yticks(range(n_themes), labels)
    for i, tick in enumerate(ax.get_yticklabels()):
        if i < shared:
            tick.set_fontweight("bold")
    ax.grid(False)
    handles = [
        matplotlib.patches.Patch(color=c, label=f"{letter} = {k}")
        for k, (c, letter) in MATRIX_KINDS.items()
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False)
    return fig


def implementation_timeline(line: pd.DataFrame) -> plt.Figure:
    """One lane per activity, grouped by study, on a calendar-year axis; assumed spans hatched.

    A span is hatched when its ``basis`` mentions an assumption.

    Parameters
    ----------
    line : pandas.DataFrame
        From :func:`mibook.analysis.comparison.timeline` (``study, activity, start, end, basis``;
        start and end as decimal years).

    Returns
    -------
    matplotlib.figure.Figure
        One axes from the first to the last whole year, with the legend below it.

    Examples
    --------
    >>> line = pd.DataFrame(
    ...     {
    ...         "study": ["A", "B"],
    ...         "activity": ["training", "supervision"],
    ...         "start": [2017.0, 2017.5],
    ...         "end": [2017.5, 2018.25],
    ...         "basis": ["printed", "start assumed"],
    ...     }
    ... )
    >>> fig = implementation_timeline(line)
    >>> len(fig.axes), tuple(float(x) for x in fig.axes[0].get_xlim())
    (1, (2017.0, 2019.0))
    >>> plt.close(fig)
    """
    studies = list(dict.fromkeys(line["study"]))
    # one lane per activity under a heading lane per study, so the study is named in words
    lanes: list[tuple[str, object]] = []
    for study in studies:
        lanes.append((study, None))
        lanes.extend(
            (record.activity, record)
            for record in line.itertuples(index=False)
            if record.study == study
        )
    labels = [_wrapped(name, 34) for name, _ in lanes]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax = plt.subplots(
        figsize=(WIDTH, 0.2 * lines + 0.1 * len(lanes) + 1.4), layout="constrained"
    )
    for y, (_, record) in enumerate(lanes):
        if record is None:
            continue
        colour = PALETTE[studies.index(record.study) % len(PALETTE)]
        assumed = "assumed" in record.basis
        ax.barh(
            y,
            record.end - record.start,
            left=record.start,
            height=0.6,
            color=colour,
            hatch="//" if assumed else None,
            edgecolor="white" if not assumed else "black",
            linewidth=0.5,
        )
    ax.set_yticks(range(len(lanes)), labels)
    for tick, (_, record) in zip(ax.get_yticklabels(), lanes):
        if record is None:
            tick.set_fontweight("bold")
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    low, high = np.floor(line["start"].min()), np.ceil(line["end"].max())
    ax.set_xlim(low, high)
    ax.set_xticks(np.arange(low, high + 1), [f"{int(t)}" for t in np.arange(low, high + 1)])
    ax.set_xlabel("Calendar year (tick = 1 January)")
    ax.grid(axis="y", visible=False)
    handles = [
        matplotlib.patches.Patch(color=PALETTE[i % len(PALETTE)], label=_wrapped(s, 30))
        for i, s in enumerate(studies)
    ]
    handles.append(
        matplotlib.patches.Patch(
            facecolor="white", edgecolor="black", hatch="//", label="span partly assumed"
        )
    )
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=len(handles) if len(handles) <= 3 else 2,
        frameon=False,
    )
    return fig
