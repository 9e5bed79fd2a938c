"""The look of every figure of the book: a colour-blind-safe palette and deterministic output.

matplotlib with seaborn's styles. Every function returns a :class:`matplotlib.figure.Figure` and
touches no global state other than what :func:`use_book_style` sets once per notebook. PNG output
carries no timestamp, so the same data gives the same bytes.

The palette, :data:`PALETTE`, is seaborn's "colorblind" palette written out rather than imported:
importing seaborn (and with it scipy.stats) costs every notebook kernel about 0.6 s, and the
palette and matplotlib's own copies of seaborn's styles are all the book used it for.
"""

from __future__ import annotations

import textwrap

import matplotlib
import matplotlib.pyplot as plt
from cycler import cycler

# seaborn's "colorblind" palette, written out: importing seaborn (and with it scipy.stats) costs
# about 0.6 s in every notebook kernel, and the palette and matplotlib's own seaborn styles are
# all the book used it for.
PALETTE = [
    "#0173b2",
    "#de8f05",
    "#029e73",
    "#d55e00",
    "#cc78bc",
    "#ca9161",
    "#fbafe4",
    "#949494",
    "#ece133",
    "#56b4e9",
]


def use_book_style() -> None:
    """One look for every figure; fixed DPI and metadata so PNGs are byte-stable.

    Sets matplotlib's global settings: the seaborn whitegrid and notebook styles, the colour
    cycle :data:`PALETTE`, 100 DPI on screen and on file, a fixed SVG hash salt and the font
    DejaVu Sans.

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context():  # restores the previous settings afterwards
    ...     use_book_style()
    ...     print(matplotlib.rcParams["savefig.dpi"], matplotlib.rcParams["svg.hashsalt"])
    100.0 mibook
    """
    plt.style.use(["default", "seaborn-v0_8-whitegrid", "seaborn-v0_8-notebook"])
    matplotlib.rcParams["axes.prop_cycle"] = cycler(color=PALETTE)
    matplotlib.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "svg.hashsalt": "mibook",
            "font.family": "DejaVu Sans",
            # labels carry user text (item wording, study names): a "$" is a dollar sign,
            # never the start of mathematical text
            "text.parse_math": False,
        }
    )


def _wrapped(text: str, width: int = 40) -> str:
    return textwrap.fill(text, width)
