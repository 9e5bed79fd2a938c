"""MITI figures: what Table 3's ratings allow, rating by rating."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mibook.figures.style import PALETTE


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
    >>> fig.axes[0].get_ylabel()
    'sessions with this rating (of 20)'
    >>> plt.close(fig)
    """
    measures = list(dict.fromkeys(distribution["measure"]))
    fig, axes = plt.subplots(1, len(measures), figsize=(3.0 * len(measures), 3.4), sharey=True)
    axes = np.atleast_1d(axes)
    styles = {"n-1": (PALETTE[0], -0.15, "o"), "n": (PALETTE[1], 0.15, "s")}
    for ax, measure in zip(axes, measures):
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
            ax.scatter(x, d["median"], color=colour, marker=marker, zorder=3, s=22, label=label)
        ax.set_title(labels.get(measure, measure), fontsize=10)
        ax.set_xticks(range(1, 6))
        ax.set_xlabel("rating")
        ax.legend(fontsize=7, loc="upper left", frameon=False)
    sizes = sorted({int(n) for n in distribution["n"]}) if "n" in distribution else []
    of = f" (of {sizes[0]})" if len(sizes) == 1 else ""
    axes[0].set_ylabel(f"sessions with this rating{of}")
    fig.tight_layout()
    return fig
