"""MITI fidelity over time: each caseworker's session scores by date, against the thresholds."""

from __future__ import annotations

import math

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mibook.figures.style import LARGE, PALETTE, SMALL, WIDTH, _wrapped

#: Most caseworkers named in the legend; beyond it the lines are drawn in one colour.
MAX_LEGEND = len(PALETTE)


def fidelity_over_time(long: pd.DataFrame, thresholds: dict, labels: dict) -> plt.Figure:
    """One panel per score: each caseworker's sessions by date, with the fair and good levels.

    Parameters
    ----------
    long : pandas.DataFrame
        ``caseworker_id, date, measure, value`` (from
        :func:`mibook.analysis.fidelity_trend.over_time`); one panel per measure, in order of
        first appearance, one line per caseworker.
    thresholds : dict
        Measure → ``{"fair": x, "good": y}``; drawn as a dashed (fair) and a dotted (good)
        line where given.
    labels : dict
        Measure → panel title (the measure's name when missing).

    Returns
    -------
    matplotlib.figure.Figure
        With up to :data:`MAX_LEGEND` caseworkers a legend below the panels names them; with
        more, every line is grey and the first panel's title counts them.

    Examples
    --------
    >>> long = pd.DataFrame({
    ...     "caseworker_id": ["Caseworker A"] * 2, "measure": ["technical"] * 2,
    ...     "date": pd.to_datetime(["2025-01-10", "2025-03-01"]), "value": [3.0, 3.5]})
    >>> fig = fidelity_over_time(long, {"technical": {"fair": 3, "good": 4}}, {})
    >>> [ax.get_title() for ax in fig.axes]
    ['technical']
    >>> plt.close(fig)
    """
    measures = list(dict.fromkeys(long["measure"]))
    columns = 1 if len(measures) == 1 else 2
    rows = max(1, math.ceil(len(measures) / columns))
    fig, axes = plt.subplots(
        rows,
        columns,
        figsize=(WIDTH, 2.6 * rows + (0.9 if columns == 2 else 1.6)),
        squeeze=False,
        sharex=True,
        layout="constrained",
    )
    caseworkers = list(dict.fromkeys(long["caseworker_id"]))
    named = len(caseworkers) <= MAX_LEGEND
    colour = {
        c: (PALETTE[k % len(PALETTE)] if named else PALETTE[7]) for k, c in enumerate(caseworkers)
    }
    for ax, measure in zip(axes.flat, measures):
        part = long[long["measure"] == measure]
        for caseworker, line in part.groupby("caseworker_id", sort=False):
            ax.plot(
                line["date"],
                line["value"],
                marker="o",
                markersize=4,
                linewidth=1.2,
                color=colour[caseworker],
                alpha=1.0 if named else 0.5,
                label=str(caseworker),
            )
        levels = thresholds.get(measure, {})
        for level, style in (("fair", "--"), ("good", ":")):
            if level in levels and np.isfinite(levels[level]):
                ax.axhline(levels[level], color="black", linestyle=style, linewidth=1)
                ax.annotate(
                    f"{level} {levels[level]:g}",
                    (1.0, levels[level]),
                    xycoords=("axes fraction", "data"),
                    xytext=(-2, 2),
                    textcoords="offset points",
                    ha="right",
                    fontsize=SMALL,
                    bbox={
                        "boxstyle": "square,pad=0.1",
                        "facecolor": "white",
                        "alpha": 0.8,
                        "edgecolor": "none",
                    },
                )
        ax.set_title(_wrapped(labels.get(measure, measure), 34), fontsize=LARGE)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    for ax in list(axes.flat)[len(measures) :]:
        ax.set_visible(False)
    first = axes.flat[0]
    if named and caseworkers:  # below the panels, not over the lines
        shown = {}
        for ax in axes.flat:
            for handle, name in zip(*ax.get_legend_handles_labels()):
                shown.setdefault(name, handle)
        names = [name for name in map(str, caseworkers) if name in shown]
        fig.legend(
            [shown[name] for name in names],
            [_wrapped(name, 24) for name in names],
            loc="outside lower center",
            ncol=min(len(names), 3),
            frameon=False,
        )
    elif caseworkers:
        first.set_title(f"{first.get_title()} ({len(caseworkers)} caseworkers)", fontsize=LARGE)
    return fig
