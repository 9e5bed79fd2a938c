"""The look of every figure of the book: a colour-blind-safe palette, sizes for the page, and
deterministic output.

matplotlib with seaborn's styles. Every function returns a :class:`matplotlib.figure.Figure` and
touches no global state other than what :func:`use_book_style` sets once per notebook. PNG output
carries no timestamp, so the same data gives the same bytes.

**Sizes.** The book's theme shows a figure at most :data:`COLUMN_PX` CSS pixels wide in a
1280-pixel browser window (the content column of sphinx-book-theme, minus the figure's padding;
measured in Chromium). Figures are drawn :data:`WIDTH` inches wide, so that one inch is 100 CSS
pixels on the page, and saved at :data:`DPI` dots per inch: the PNG has twice the pixels the
column shows, which keeps text sharp on high-density screens and makes the full-size image
(a click on the figure opens it) twice as large. Text of ``s`` points is then
``s * DPI / 72 * COLUMN_PX / png_width`` CSS pixels tall on the page; every figure keeps that at
:data:`MIN_TEXT_PX` or more (:data:`SMALL` is the smallest size a figure uses), and
:func:`png` records the smallest text size of each image in the PNG itself.

The palette, :data:`PALETTE`, is seaborn's "colorblind" palette written out rather than imported:
importing seaborn (and with it scipy.stats) costs every notebook kernel about 0.6 s, and the
palette and matplotlib's own copies of seaborn's styles are all the book used it for.
"""

from __future__ import annotations

import base64
import io
import sys
import textwrap
from functools import partial

import matplotlib
import matplotlib.pyplot as plt
import PIL
from cycler import cycler
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image
from PIL.PngImagePlugin import PngInfo

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

#: Widest a figure is shown in a 1280-px browser window, in CSS pixels: sphinx-book-theme's
#: content column (752 px with its 32-px padding) minus the 8-px padding of a ``<figure>``.
COLUMN_PX = 672
#: Width of every figure in inches: 100 CSS pixels of the column per inch.
WIDTH = COLUMN_PX / 100
#: Dots per inch of the saved PNG: twice the pixels the column shows.
DPI = 200
#: Smallest text height, in CSS pixels, that a figure may show in the column.
MIN_TEXT_PX = 10
#: Font sizes in points (about 1.39 CSS px each at the column's width): tick labels, legends and
#: annotations use :data:`SMALL`, axis labels :data:`NORMAL`, panel titles :data:`LARGE`.
SMALL, NORMAL, LARGE = 9.5, 10.5, 11.0
#: The PNG text key that holds the smallest text of the image, in pixels of the image itself.
PNG_KEY = "mibook:smallest-text-px"


def use_book_style() -> None:
    """One look for every figure; fixed DPI and metadata so PNGs are byte-stable.

    Sets matplotlib's global settings: the seaborn whitegrid and notebook styles, the colour cycle
    :data:`PALETTE`, font sizes from :data:`SMALL` to :data:`LARGE`, :data:`DPI` dots per inch
    on file, a fixed SVG hash salt and the font DejaVu Sans. In a Jupyter kernel it also makes
    :func:`png` the way a figure is shown (and glued), in place of IPython's default.

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context():  # restores the previous settings afterwards
    ...     use_book_style()
    ...     print(matplotlib.rcParams["savefig.dpi"], matplotlib.rcParams["svg.hashsalt"])
    200.0 mibook
    """
    plt.style.use(["default", "seaborn-v0_8-whitegrid", "seaborn-v0_8-notebook"])
    matplotlib.rcParams["axes.prop_cycle"] = cycler(color=PALETTE)
    matplotlib.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": DPI,
            "svg.hashsalt": "mibook",
            "font.family": "DejaVu Sans",
            "font.size": NORMAL,
            "axes.labelsize": NORMAL,
            "axes.titlesize": LARGE,
            "xtick.labelsize": SMALL,
            "ytick.labelsize": SMALL,
            "legend.fontsize": SMALL,
            "legend.title_fontsize": SMALL,
            "figure.titlesize": LARGE,
            # labels carry user text (item wording, study names): a "$" is a dollar sign,
            # never the start of mathematical text
            "text.parse_math": False,
        }
    )
    _show_figures_as_book_png()


def _show_figures_as_book_png() -> None:
    """In a Jupyter kernel, display (and glue) figures with :func:`png`.

    IPython is imported only by a kernel; outside one there is nothing to set. The backend is
    loaded first: loading the inline backend registers IPython's own PNG printer (once per
    kernel), which would otherwise replace this one at the first figure.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    plt.switch_backend(matplotlib.get_backend())
    formatter = shell.display_formatter.formatters["image/png"]
    previous = formatter.for_type(Figure, partial(png, encode=True))
    _REPLACED_PRINTERS.setdefault(id(formatter), previous)


#: The PNG printer each kernel had for figures before :func:`use_book_style` replaced it.
_REPLACED_PRINTERS: dict[int, object] = {}


def restore_figure_display() -> None:
    """Give figures back the PNG printer the kernel had before :func:`use_book_style`.

    A reused kernel (:func:`mibook.book.kernels.reset_session`) calls this between notebooks,
    so a notebook that does not set the book's style shows figures as in a new kernel. Outside
    a kernel, or when the style was never set, it does nothing.

    Examples
    --------
    >>> restore_figure_display()  # no kernel here: nothing to restore
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    if id(formatter) not in _REPLACED_PRINTERS:
        return
    previous = _REPLACED_PRINTERS.pop(id(formatter))
    if previous is None:
        formatter.type_printers.pop(Figure, None)
    else:
        formatter.for_type(Figure, previous)


class _TextRecorder(RendererAgg):
    """An Agg renderer that notes the size of every text it draws."""

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self.sizes: list[tuple[str, float]] = []

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip():
            self.sizes.append((s, float(prop.get_size_in_points())))

    def draw_tex(self, gc, x, y, s, prop, angle, *, mtext=None):
        self.draw_text(gc, x, y, s, prop, angle)


def drawn_text(fig: Figure) -> list[tuple[str, float]]:
    """Every non-empty text the figure draws, with its size in points.

    The figure is drawn once by a renderer that records each text as it is drawn, so hidden
    panels, invisible labels and ticks outside the axes' limits are left out, and legends,
    annotations, titles and tick labels are all in.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    list of (str, float)
        The text and its font size in points, in drawing order.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Title", fontsize=12)
    >>> ("Title", 12.0) in drawn_text(fig)
    True
    >>> plt.close(fig)
    """
    width, height = fig.get_size_inches() * fig.dpi
    renderer = _TextRecorder(int(width), int(height), fig.dpi)
    fig.draw(renderer)
    return renderer.sizes


def png(fig: Figure, encode: bool = False) -> bytes | str:
    """The figure as the book shows it: a PNG at :data:`DPI`, cropped to what is drawn.

    The image is reduced to a palette of 256 colours (the book's figures use a few flat
    colours, so nothing visible changes and the file is about 60 % smaller); no timestamp is
    written, so the same figure gives the same bytes. The PNG's text chunk :data:`PNG_KEY` holds
    the height in image pixels of the smallest text drawn (points × DPI / 72), so that a page
    can be checked for how large its figures' text is shown.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    encode : bool, default False
        Return base64 text (what IPython's display machinery expects) instead of bytes.

    Returns
    -------
    bytes or str

    Examples
    --------
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> _ = ax.set_title("Title", fontsize=9)
    >>> data = png(fig)
    >>> image = Image.open(io.BytesIO(data))
    >>> image.info[PNG_KEY], image.mode, png(fig) == data
    ('25.00', 'P', True)
    >>> plt.close(fig)
    """
    sizes = [size for _, size in drawn_text(fig)]
    drawn = io.BytesIO()
    fig.savefig(
        drawn, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.04, facecolor="white"
    )
    image = Image.open(drawn).convert("RGB")
    image = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    info = PngInfo()
    info.add_text("Software", f"matplotlib {matplotlib.__version__}, Pillow {PIL.__version__}")
    info.add_text(PNG_KEY, f"{min(sizes) * DPI / 72:.2f}" if sizes else "none")
    saved = io.BytesIO()
    image.save(saved, format="png", optimize=True, pnginfo=info, dpi=(DPI, DPI))
    data = saved.getvalue()
    return base64.b64encode(data).decode("ascii") if encode else data


def integer_ticks(axis) -> None:
    """Ticks on whole numbers only, for an axis that counts (sessions, respondents).

    Parameters
    ----------
    axis : matplotlib.axis.Axis
        ``ax.xaxis`` or ``ax.yaxis``.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_ylim(0, 9)
    >>> integer_ticks(ax.yaxis)
    >>> all(float(t).is_integer() for t in ax.get_yticks())
    True
    >>> plt.close(fig)
    """
    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=2))


def legend_across(holder, handles: list, names: list[str], **kwargs):
    """A legend in as many columns as fit across the figure, its entries read row by row.

    Parameters
    ----------
    holder : matplotlib.axes.Axes or matplotlib.figure.Figure
        Whose ``legend`` method places it.
    handles : list
        The legend's artists.
    names : list of str
        Their labels, in reading order.
    **kwargs
        Passed to ``legend`` (``loc``, ``bbox_to_anchor``, ``frameon`` …).

    Returns
    -------
    matplotlib.legend.Legend

    Examples
    --------
    >>> fig, ax = plt.subplots(figsize=(WIDTH, 2))
    >>> lines = [ax.plot([0, 1])[0] for _ in range(5)]
    >>> legend = legend_across(ax, lines, ["one", "two", "three", "four", "five"])
    >>> legend._ncols, [t.get_text() for t in legend.get_texts()][:2]
    (5, ['one', 'two'])
    >>> legend = legend_across(ax, lines, [f"a rather long label {k}" for k in range(5)])
    >>> legend._ncols < 5
    True
    >>> plt.close(fig)
    """
    fig = holder if isinstance(holder, Figure) else holder.figure
    renderer = fig.canvas.get_renderer()
    for columns in range(max(len(names), 1), 0, -1):
        # matplotlib fills a legend column by column: reorder so that rows read in order
        rows = -(-len(names) // columns)
        order = [
            r * columns + c
            for c in range(columns)
            for r in range(rows)
            if r * columns + c < len(names)
        ]
        legend = holder.legend(
            [handles[i] for i in order], [names[i] for i in order], ncol=columns, **kwargs
        )
        if columns == 1 or legend.get_window_extent(renderer).width <= 0.98 * fig.bbox.width:
            return legend
        legend.remove()
    return legend


def ink(colour) -> str:
    """Black or white, whichever reads better on ``colour`` (the higher WCAG contrast ratio).

    Parameters
    ----------
    colour : str or tuple
        Any colour matplotlib understands (a bar's fill).

    Returns
    -------
    str
        ``"white"`` or ``"black"``.

    Examples
    --------
    >>> ink(PALETTE[0]), ink(PALETTE[1]), ink("#ffffff")
    ('white', 'black', 'black')
    """
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in matplotlib.colors.to_rgb(colour)
    )
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "white" if 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05 else "black"


def _wrapped(text: str, width: int = 40) -> str:
    return textwrap.fill(str(text), width)
