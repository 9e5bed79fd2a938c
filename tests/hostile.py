"""A corpus of hostile strings (issue 17): user text that would be markup if it were not escaped.

Each string must end up on a page as the characters written, never as HTML, a MyST role or
directive, a link, an image or mathematics. :data:`CORPUS` is used by ``tests/test_markup.py``
(unit tests of :mod:`mibook.markup`) and by ``tests/browser/test_hostile_report.py`` (one
``mibook run`` whose title, codebook and comparison file hold these strings, opened in headless
Chromium). :func:`includes` adds the directives that would copy a local canary file into a page.

Strings that would *act* if they leaked set ``window.__pwned``, set ``document.title`` to
``PWNED``, open a dialog (``alert``) or link to ``javascript:``; the browser test watches for
each of those.
"""

from __future__ import annotations

#: The long string: 5,000 characters of markup-looking text.
LONG = ("<b>long</b> {x} `y` [z](javascript:window.__pwned=1) " * 100)[:5000]

CORPUS: dict[str, str] = {
    # HTML that runs a script or an event handler
    "script_title": '<script>document.title="PWNED"</script>',
    "script_flag": "<script>window.__pwned=1</script>",
    "img_onerror": '<img src=x onerror="window.__pwned=1">',
    "img_unquoted": "<img src=x onerror=window.__pwned=1>",
    "img_alert": "<img src=x onerror=alert(1)>",
    "svg_onload": "<svg onload=window.__pwned=1>",
    "svg_alert": "<svg/onload=alert(1)>",
    "iframe": '<iframe src="javascript:window.__pwned=1"></iframe>',
    "html_comment": "a <!-- hidden --> b",
    "entity": "&amp; &lt;b&gt; &#60;i&#62; &copy;",
    # links and images, Markdown and raw
    "javascript_link": "[x](javascript:window.__pwned=1)",
    "javascript_autolink": "<javascript:window.__pwned=1>",
    "markdown_link": "[a link](http://example.com/)",
    "reference_link": "[ref]\n\n[ref]: javascript:window.__pwned=1",
    "markdown_image": "![an image](x.png)",
    "image_onerror": '![x](x.png "t" onerror=alert(1))',
    "bare_url": "see http://example.com/ and www.example.com",
    # MyST roles, directives and substitutions
    "glue_role": "{glue:text}`n_rows`",
    "glue_figure": "{glue:figure}`fig_timeline`",
    "doc_role": "{doc}`index` and {ref}`genindex`",
    "math_role": "{math}`x^2`",
    "raw_html": "```{raw} html\n<script>window.__pwned=1</script>\n```",
    "eval_rst": "```{eval-rst}\n.. raw:: html\n\n   <script>window.__pwned=1</script>\n```",
    "colon_fence": ":::{raw} html\n<svg onload=window.__pwned=1>\n:::",
    "admonition": "```{warning}\nnot a warning\n```",
    "substitution": "{{ braces }} and {{ '<b>' }}",
    "jinja": "{% if true %}x{% endif %}",
    "target": "(label)=\n# heading",
    "html_block": "<div>\n<script>window.__pwned=1</script>\n</div>",
    # Markdown blocks that must not start inside a string
    "heading": "# not a heading",
    "list": "- not a list\n1. nor this",
    "quote": "> not a quote",
    "table_row": "| a | b |\n|---|---|",
    "rule": "---",
    "task": "- [ ] not a task",
    "definition": "term\n: not a definition",
    "front_matter": "---\ntitle: x\n---",
    # code and math
    "backticks": "`one` ``two`` ```three```",
    "lone_backtick": "`",
    "tilde_fence": "~~~\nnot code\n~~~",
    "math": "$x^2$",
    "display_math": "$$x^2$$ and \\(x\\) \\[y\\]",
    "backslashes": "C:\\path\\to\\file \\* \\\\",
    "emphasis": "*em* _em_ **strong** ~~del~~",
    # typography Sphinx would "improve": straight quotes, dashes, ellipsis
    "typography": 'He said "hi" -- it\'s 1...2 --- ok',
    # awkward characters
    "right_to_left": "abc\u202edef\u202c ghi",
    "zero_width": "zero\u200bwidth\u200c\u200djoin\ufeff",
    "multi_line": "line one\nline two\r\nline three\rline four",
    "long": LONG,
}


def includes(canary_name: str, depths: range = range(0, 6)) -> dict[str, str]:
    """Directives that would copy ``canary_name`` into a page, climbing ``depths`` folders.

    Parameters
    ----------
    canary_name : str
        The canary file's name; it lives in the folder above the report (``out``'s parent).
    depths : range
        How many ``../`` to try: the report's sources and notebooks sit one or two folders
        below the canary's folder, the HTML build three.

    Returns
    -------
    dict
        Name -> hostile string: ``{literalinclude}``, ``{include}``, an ``eval-rst`` include, a
        colon-fenced include and a ``{download}`` role for every depth.
    """
    found = {}
    for depth in depths:
        path = "../" * depth + canary_name
        found[f"literalinclude_{depth}"] = f"```{{literalinclude}} {path}\n```"
        found[f"include_{depth}"] = f"```{{include}} {path}\n```"
        found[f"eval_rst_include_{depth}"] = f"```{{eval-rst}}\n.. literalinclude:: {path}\n```"
        found[f"colon_include_{depth}"] = f":::{{include}} {path}\n:::"
        found[f"download_{depth}"] = f"{{download}}`{path}`"
    return found
