"""Likert answers as diverging stacked bars, and the timing questions as bars.

matplotlib and seaborn have no diverging stacked bar chart, so the bars are stacked here with
:meth:`matplotlib.axes.Axes.barh`, each segment starting where the previous one ends and the
neutral answer centred on zero.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mibook.checks.rounding import round_half_up
from mibook.figures.style import PALETTE, _wrapped
from mibook.published.printing import format_count_percent

# --- Satisfaction and timing (Table 2 of Foldal et al. 2021) --------------------------------

# Diverging Likert colours from the colour-blind palette: vermillion and orange for disagreement,
# grey for neutral, sky blue and blue for agreement (the Okabe–Ito hues seaborn's palette uses).
LIKERT_COLOURS = (PALETTE[3], PALETTE[1], PALETTE[7], PALETTE[9], PALETTE[0])


def likert_diverging(table: pd.DataFrame, questions: dict, labels: dict) -> plt.Figure:
    """Diverging stacked bars of Likert items: disagreement left of zero, agreement right.

    The neutral answer is centred on zero; a segment of 6 % or more carries its rounded
    percent, and an item nobody answered says so.

    Parameters
    ----------
    table : pandas.DataFrame
        ``satisfaction.csv`` as a frame (``item, response, n, denominator, percent``).
    questions : dict
        Item → question text (the y labels, each followed by its ``n``).
    labels : dict
        (item, response) → response label, for the legend (the response code when missing).

    Returns
    -------
    matplotlib.figure.Figure
        One axes, one bar per item, with the legend below it.

    Examples
    --------
    >>> table = pd.DataFrame(
    ...     {
    ...         "item": "satisfaction",
    ...         "response": ["1", "2", "3", "4", "5"],
    ...         "n": [0, 0, 1, 3, 6],
    ...         "denominator": 10,
    ...         "percent": [0.0, 0.0, 10.0, 30.0, 60.0],
    ...     }
    ... )
    >>> fig = likert_diverging(table, {"satisfaction": "How satisfied were you?"}, {})
    >>> len(fig.axes), [text.get_text() for text in fig.axes[0].texts]
    (1, ['10%', '30%', '60%'])
    >>> plt.close(fig)
    """
    items = list(dict.fromkeys(table["item"]))
    groups: dict[tuple, list[str]] = {}  # items on the same scale share an axes and a legend
    for item in items:
        points = tuple(table.loc[table["item"] == item, "response"])
        groups.setdefault(points, []).append(item)
    if len(groups) == 1:
        responses = list(dict.fromkeys(table["response"]))
        fig, ax = plt.subplots(figsize=(10, 1.25 * len(items) + 1.6), layout="constrained")
        _diverging(ax, fig, table, items, responses, questions, labels)
        return fig
    heights = [1.25 * len(group) + 1.3 for group in groups.values()]
    fig, axes = plt.subplots(
        len(groups),
        1,
        figsize=(10, sum(heights) + 0.6),
        layout="constrained",
        gridspec_kw={"height_ratios": heights},
    )
    for ax, (points, group) in zip(axes, groups.items()):
        _diverging(ax, ax, table, group, list(points), questions, labels)
    return fig


def likert_colours(k: int) -> tuple:
    """Colours for a k-point scale: warm for disagreement, cool for agreement, grey neutral.

    Five points keep the book's palette; other scales interpolate between the same hues.

    Examples
    --------
    >>> likert_colours(5) == LIKERT_COLOURS, len(likert_colours(7)), len(likert_colours(4))
    (True, 7, 4)
    """
    if k == 5:
        return LIKERT_COLOURS
    half = k // 2
    warm = matplotlib.colors.LinearSegmentedColormap.from_list("warm", [PALETTE[3], PALETTE[1]])
    cool = matplotlib.colors.LinearSegmentedColormap.from_list("cool", [PALETTE[9], PALETTE[0]])
    steps = np.linspace(0, 1, half) if half > 1 else np.array([0.0])
    colours = [matplotlib.colors.to_hex(warm(t)) for t in steps]
    if k % 2:
        colours.append(PALETTE[7])
    colours += [matplotlib.colors.to_hex(cool(t)) for t in steps]
    return tuple(colours)


def _diverging(ax, holder, table, items, responses, questions, labels) -> None:
    """Draw one group of items sharing a scale on ``ax``; its legend goes below ``holder``."""
    colours = likert_colours(len(responses))
    left_extent, right_extent = 0.0, 0.0
    ticks = []
    for y, item in enumerate(items):
        part = table[table["item"] == item].set_index("response").reindex(responses)
        denominator = int(part["denominator"].fillna(0).iloc[0]) if len(part) else 0
        ticks.append(f"{_wrapped(questions.get(item, item))}\n(n = {denominator})")
        if denominator == 0:
            ax.text(0, y, "no answers", ha="center", va="center", fontsize=9)
            continue
        percents = part["percent"].fillna(0.0).to_numpy(dtype=float)
        middle = len(percents) // 2
        if len(percents) % 2:  # the neutral point straddles zero
            start = -(percents[:middle].sum() + percents[middle] / 2)
        else:
            start = -percents[:middle].sum()
        left_extent = max(left_extent, -start)
        right_extent = max(right_extent, start + percents.sum())
        for j, (pct, colour) in enumerate(zip(percents, colours)):
            ax.barh(
                y,
                pct,
                left=start,
                color=colour,
                edgecolor="white",
                linewidth=0.8,
                height=0.62,
                zorder=2,
            )
            if pct >= 6:
                dark = j in (0, len(percents) - 1)
                ax.text(
                    start + pct / 2,
                    y,
                    f"{round_half_up(pct)}%",
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color="white" if dark else "black",
                )
            start += pct
    ax.axvline(0, color="black", linewidth=1.2, zorder=1.5)  # visible between the bars
    ax.set_yticks(range(len(items)), ticks, fontsize=9)
    ax.set_ylim(len(items) - 0.5, -0.5)
    low = -max(30.0, 10 * np.ceil((left_extent + 5) / 10))
    high = max(30.0, 10 * np.ceil(right_extent / 10))
    ax.set_xlim(low, high)
    step = 20 if high - low > 100 else 10
    xticks = np.arange(np.ceil(low / step) * step, high + 1, step)
    ax.set_xticks(xticks, [f"{abs(t):g}%" for t in xticks])
    ax.set_xlabel(
        "% of those who answered: disagreement to the left of zero, agreement to the right"
    )
    ax.grid(axis="y", visible=False)
    handles = [matplotlib.patches.Patch(color=c) for c in colours[: len(responses)]]
    first = items[0] if items else None
    names = [labels.get((first, r), r) for r in responses]
    holder.legend(
        handles,
        names,
        loc="outside lower center" if holder is not ax else "upper center",
        bbox_to_anchor=None if holder is not ax else (0.5, -0.32),
        ncol=len(responses),
        frameon=False,
        fontsize=9,
    )


def timing_panels(table: pd.DataFrame, questions: dict, labels: dict) -> plt.Figure:
    """Two panels of percent bars with counts: was the timing appropriate, and when was best.

    The second panel colours earlier answers orange, the actual timing blue and later answers
    green.

    Parameters
    ----------
    table : pandas.DataFrame
        ``timing.csv`` as a frame (``item, response, n, denominator, percent``).
    questions, labels : dict
        As for :func:`likert_diverging`.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: ``timing_appropriate`` and ``preferred_timing``.

    Examples
    --------
    >>> table = pd.DataFrame(
    ...     {
    ...         "item": ["timing_appropriate"] * 2 + ["preferred_timing"] * 2,
    ...         "response": ["yes", "no", "1_month_earlier", "good"],
    ...         "n": [3, 1, 1, 2],
    ...         "denominator": [4, 4, 3, 3],
    ...         "percent": [75.0, 25.0, 100 / 3, 200 / 3],
    ...     }
    ... )
    >>> fig = timing_panels(table, {}, {})
    >>> len(fig.axes), [text.get_text() for text in fig.axes[1].texts]
    (2, ['1 (33%)', '2 (67%)'])
    >>> plt.close(fig)
    """
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained", width_ratios=[1, 1.6])
    for ax, item in zip(axes, ("timing_appropriate", "preferred_timing")):
        part = table[table["item"] == item]
        responses = list(part["response"])
        percents = part["percent"].fillna(0.0).to_numpy(dtype=float)
        denominator = int(part["denominator"].iloc[0]) if len(part) else 0
        if item == "timing_appropriate":
            colours = [PALETTE[0] if r == "yes" else PALETTE[3] for r in responses]
        else:
            colours = [
                PALETTE[1] if "earlier" in r else PALETTE[0] if r == "good" else PALETTE[2]
                for r in responses
            ]
        y = np.arange(len(responses))
        ax.barh(y, percents, color=colours, height=0.62)
        ax.set_yticks(y, [labels.get((item, r), r) for r in responses], fontsize=9)
        ax.set_ylim(len(responses) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of those who answered")
        ax.grid(axis="y", visible=False)
        for yi, (pct, n) in enumerate(zip(percents, part["n"])):
            text = format_count_percent(int(n), denominator) if denominator else "–"
            ax.text(pct + 1.5, yi, text, va="center", fontsize=9)
        if denominator == 0:
            ax.text(
                50, (len(responses) - 1) / 2, "no answers", ha="center", va="center", fontsize=10
            )
        ax.set_title(
            f"{_wrapped(questions.get(item, item), 48)}\n(n = {denominator})",
            loc="left",
            fontsize=10,
        )
    return fig
