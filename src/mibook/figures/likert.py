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
from mibook.figures.style import NORMAL, PALETTE, SMALL, WIDTH, _wrapped, ink, legend_across
from mibook.published.printing import format_count_percent

# --- Satisfaction and timing (Table 2 of Foldal et al. 2021) --------------------------------

# Diverging Likert colours from the colour-blind palette: vermillion and orange for disagreement,
# grey for neutral, sky blue and blue for agreement (the Okabe–Ito hues seaborn's palette uses).
LIKERT_COLOURS = (PALETTE[3], PALETTE[1], PALETTE[7], PALETTE[9], PALETTE[0])


def likert_diverging(table: pd.DataFrame, questions: dict, labels: dict) -> plt.Figure:
    """Diverging stacked bars of Likert items: disagreement left of zero, agreement right.

    The neutral answer is centred on zero; a segment wide enough for its number (6 % of the
    axis, and at least 6 points) carries its rounded percent, and an item nobody answered says
    so. Each bar has its question above it, across the figure's width, and each answer scale
    its legend above its bars.

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
        One axes per answer scale, each bar under its question, the scale's legend above.

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
    >>> texts = [text.get_text().replace("\\xa0", " ") for text in fig.axes[0].texts]
    >>> len(fig.axes), texts
    (1, ['10%', '30%', '60%', 'How satisfied were you? (n = 10)'])
    >>> plt.close(fig)
    """
    items = list(dict.fromkeys(table["item"]))
    groups: dict[tuple, list[str]] = {}  # items on the same scale share an axes and a legend
    for item in items:
        points = tuple(table.loc[table["item"] == item, "response"])
        groups.setdefault(points, []).append(item)
    if len(groups) == 1:
        groups = {tuple(dict.fromkeys(table["response"])): items}
    layouts = [_item_layout(table, group, questions) for group in groups.values()]
    # Each axes holds its bars and questions, as tall in inches as they need (so that a question
    # keeps its place above its bar), with its legend above and its x axis below.
    content = [layout["height"] for layout in layouts]
    fig, axes = plt.subplots(
        len(groups),
        1,
        figsize=(WIDTH, sum(content) + 1.2 * len(groups)),
        layout="constrained",
        gridspec_kw={"height_ratios": content},
        squeeze=False,
    )
    for ax, layout, (points, group) in zip(axes[:, 0], layouts, groups.items()):
        _diverging(ax, table, group, list(points), layout, labels)
    renderer = fig.canvas.get_renderer()
    legends = sum(ax.get_legend().get_window_extent(renderer).height for ax in axes[:, 0])
    fig.set_figheight(sum(content) + legends / fig.dpi + 0.8 * len(groups) + 0.1)
    return fig


#: Vertical layout of a Likert bar, in inches: a line of its question, the space between the
#: question and its bar, the bar, and the space below it.
LINE, PAD, BAR, GAP = NORMAL * 1.25 / 72, 0.05, 0.34, 0.24
#: Characters per line of a question (the figure's width at the question's font size).
QUESTION_CHARACTERS = 78


def _item_layout(table, items, questions) -> dict:
    """Each item's question (wrapped, with its n) and the centre of its bar, in inches."""
    texts, centres, top = [], [], 0.0
    for item in items:
        part = table[table["item"] == item]
        denominator = int(part["denominator"].fillna(0).iloc[0]) if len(part) else 0
        # the n stays in one piece: no-break spaces
        text = f"{questions.get(item, item)} (n\u00a0=\u00a0{denominator})"
        text = _wrapped(text, QUESTION_CHARACTERS)
        lines = text.count("\n") + 1
        centre = top + lines * LINE + PAD + BAR / 2
        texts.append(text)
        centres.append(centre)
        top = centre + BAR / 2 + GAP
    return {"texts": texts, "centres": centres, "height": top}


def _legend_names(responses, items, labels) -> list[str]:
    """The legend's labels, wrapped: the first item's answer labels."""
    first = items[0] if items else None
    return [_wrapped(labels.get((first, r), r), 20) for r in responses]


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


def _diverging(ax, table, items, responses, layout, labels) -> None:
    """Draw one group of items sharing a scale on ``ax``, each bar under its question, with the
    scale's legend above."""
    colours = likert_colours(len(responses))
    left_extent, right_extent = 0.0, 0.0
    segments = []
    for y, item in zip(layout["centres"], items):
        part = table[table["item"] == item].set_index("response").reindex(responses)
        denominator = int(part["denominator"].fillna(0).iloc[0]) if len(part) else 0
        if denominator == 0:
            ax.text(0, y, "no answers", ha="center", va="center", fontsize=SMALL)
            continue
        percents = part["percent"].fillna(0.0).to_numpy(dtype=float)
        middle = len(percents) // 2
        if len(percents) % 2:  # the neutral point straddles zero
            start = -(percents[:middle].sum() + percents[middle] / 2)
        else:
            start = -percents[:middle].sum()
        left_extent = max(left_extent, -start)
        right_extent = max(right_extent, start + percents.sum())
        for pct, colour in zip(percents, colours):
            ax.barh(
                y,
                pct,
                left=start,
                color=colour,
                edgecolor="white",
                linewidth=0.8,
                height=BAR,
                zorder=2,
            )
            segments.append((start + pct / 2, y, pct, colour))
            start += pct
    low = -max(30.0, 10 * np.ceil((left_extent + 5) / 10))
    high = max(30.0, 10 * np.ceil(right_extent / 10))
    # a segment carries its percent where the number fits inside it
    fits = max(6.0, 0.06 * (high - low))
    for x, y, pct, colour in segments:
        if pct >= fits:
            ax.text(
                x,
                y,
                f"{round_half_up(pct)}%",
                ha="center",
                va="center",
                fontsize=SMALL,
                color=ink(colour),
                zorder=3,
            )
    for text, y in zip(layout["texts"], layout["centres"]):
        ax.annotate(
            text,
            xy=(0, y - BAR / 2),
            xycoords=("axes fraction", "data"),
            xytext=(3, 4),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=NORMAL,
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            zorder=4,
        )
    ax.axvline(0, color="black", linewidth=1.2, zorder=1.5)  # visible between the bars
    ax.set_yticks([])
    ax.set_ylim(layout["height"] - GAP / 2, 0)
    ax.set_xlim(low, high)
    step = 20 if high - low > 100 else 10
    xticks = np.arange(np.ceil(low / step) * step, high + 1, step)
    ax.set_xticks(xticks, [f"{abs(t):g}%" for t in xticks])
    ax.set_xlabel("% of those who answered: disagreement left of zero, agreement right")
    ax.grid(axis="y", visible=False)
    handles = [matplotlib.patches.Patch(color=c) for c in colours[: len(responses)]]
    names = _legend_names(responses, items, labels)
    legend_across(
        ax,
        handles,
        names,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        frameon=False,
        handlelength=1.4,
        columnspacing=1.2,
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
    items = ("timing_appropriate", "preferred_timing")
    parts = [table[table["item"] == item] for item in items]
    fig, axes = plt.subplots(
        1,
        2,
        figsize=(WIDTH, 0.36 * max(max(len(part) for part in parts), 2) + 2.4),
        layout="constrained",
        width_ratios=[1, 1.55],
    )
    for ax, item, part, characters in zip(axes, items, parts, (24, 36)):
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
        ax.barh(y, percents, color=colours, height=0.66)
        ax.set_yticks(y, [_wrapped(labels.get((item, r), r), 16) for r in responses])
        ax.set_ylim(len(responses) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of those who answered")
        ax.grid(axis="y", visible=False)
        for yi, (pct, n, colour) in enumerate(zip(percents, part["n"], colours)):
            text = format_count_percent(int(n), denominator) if denominator else "–"
            inside = pct >= 60  # a long bar carries its count inside, so the text stays in
            ax.text(
                pct - 1.5 if inside else pct + 1.5,
                yi,
                text,
                va="center",
                ha="right" if inside else "left",
                color=ink(colour) if inside else "black",
                fontsize=SMALL,
            )
        if denominator == 0:
            middle = (len(responses) - 1) / 2
            ax.text(50, middle, "no answers", ha="center", va="center", fontsize=NORMAL)
        title = f"{questions.get(item, item)} (n\u00a0=\u00a0{denominator})"
        ax.set_title(_wrapped(title, characters), loc="left", fontsize=NORMAL)
    return fig
