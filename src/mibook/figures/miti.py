"""MITI figures: what Table 3's ratings allow, rating by rating."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from mibook.figures.style import LARGE, PALETTE, WIDTH, _wrapped, integer_ticks


def miti_feasible_ranges(distribution: pd.DataFrame, labels: dict) -> plt.Figure:
    """One panel per MITI global rating: how often each value occurs in the agreeing samples.

    For each rating value, the range (bar) and median (marker) of its count over the samples
    that agree with Table 3, for both SD divisors side by side.

    Parameters
    ----------
    distribution : pandas.DataFrame
        From :func:`mibook.analysis.table3.feasible_distribution`; its ``n`` (sessions per
        sample) labels the y axis.
    labels : dict
        Measure → panel title (the measure's name when missing).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per measure, sharing the y axis.

    Examples
    --------
    >>> from mibook.analysis.table3 import feasible_distribution
    >>> fig = miti_feasible_ranges(feasible_distribution(), {"partnership": "Partnership"})
    >>> [ax.get_title() for ax in fig.axes]
    ['cultivating_change_talk', 'softening_sustain_talk', 'Partnership', 'empathy']
    >>> fig.axes[0].get_ylabel().replace("\\n", " ")
    'sessions with this rating (of 20)'
    >>> plt.close(fig)
    """
    measures = list(dict.fromkeys(distribution["measure"]))
    columns = min(len(measures), 2)
    rows = -(-len(measures) // columns)
    fig, axes = plt.subplots(
        rows,
        columns,
        figsize=(WIDTH, 2.9 * rows),
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    styles = {"n-1": (PALETTE[0], -0.15, "o"), "n": (PALETTE[1], 0.15, "s")}
    for ax, measure in zip(axes.flat, measures):
        part = distribution[distribution["measure"] == measure]
        for divisor, (colour, shift, marker) in styles.items():
            d = part[part["divisor"] == divisor]
            x = d["value"].to_numpy() + shift
            kind = d["set"].iloc[0]
            label = (
                f"SD divisor {divisor}: {'feasible' if kind == 'feasible' else 'nearest'} "
                f"({int(d['size'].iloc[0])})"
            )
            ax.vlines(x, d["min"], d["max"], colors=[colour], linewidth=6, alpha=0.55)
            ax.scatter(x, d["median"], color=colour, marker=marker, zorder=3, s=26, label=label)
        ax.set_title(_wrapped(labels.get(measure, measure), 34), fontsize=LARGE)
        ax.set_xticks(range(1, 6))
        ax.set_xlim(0.5, 5.5)
        ax.set_xlabel("rating")
        ax.grid(axis="x", visible=False)
        # below the panel, outside the data, one line per divisor
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=1, frameon=False)
    for ax in list(axes.flat)[len(measures) :]:
        ax.set_visible(False)
    integer_ticks(axes[0, 0].yaxis)
    axes[0, 0].set_ylim(bottom=min(-0.5, axes[0, 0].get_ylim()[0]))
    sizes = sorted({int(n) for n in distribution["n"]}) if "n" in distribution else []
    of = f" (of {sizes[0]})" if len(sizes) == 1 else ""
    for ax in axes[:, 0]:
        ax.set_ylabel(_wrapped(f"sessions with this rating{of}", 22))
    return fig
