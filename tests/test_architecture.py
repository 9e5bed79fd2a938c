"""The package's structure: no import cycles, and every glue key a template uses is produced.

1. No two modules of ``src/mibook`` import each other, directly or through others; imports
   inside functions count. grimp builds the import graph from the source (it reads every import
   statement, at module level and in function bodies, without importing anything); a search for
   strongly connected components finds every cycle. grimp records what a statement names: a
   package's ``__init__`` that imports its submodules gives edges package -> submodule only, and
   becomes part of a cycle only when a submodule imports the package (or something that imports
   it) back, which is also when Python would run into a half-initialised module.
2. Every ``{glue:...}`` key in the markdown of ``notebooks/*.ipynb`` is glued by the template's
   code: either a number of the chapter (the template glues ``chapter.numbers`` or
   ``result["numbers"]`` in a loop), a finding of the chapter's opening (the template glues
   ``opening.glued`` in a loop, ``opening`` made by a function of ``mibook.chapters.findings``;
   the book's first page pastes them, tests/book/test_findings_page.py) or a key glued by name
   (figures, ``pub_n``). The chapter function the template calls is found in the template
   itself and run with its default parameters into a temporary folder.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp
import matplotlib
import pytest

from mibook import paths

matplotlib.use("Agg")

TEMPLATES = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
# The book's chapters glue their numbers into static prose; a report chapter
# (notebooks/report_*.ipynb) makes every data-dependent sentence in code and glues nothing.
GLUED_TEMPLATES = [t for t in TEMPLATES if not t.stem.startswith("report_")]
REPORT_TEMPLATES = [t for t in TEMPLATES if t.stem.startswith("report_")]


# ----------------------------------------------------------------------------- import cycles


def import_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every import cycle of ``graph`` (module -> modules it imports), one per strongly
    connected component of more than one module (or of one module importing itself), each as
    a closed path ``[a, b, ..., a]`` through that component, in sorted order."""
    edges = {m: sorted(set(targets)) for m, targets in graph.items()}
    for targets in list(edges.values()):
        for t in targets:
            edges.setdefault(t, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(edges):  # Tarjan's algorithm, iterative (no recursion limit)
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    components.append(sorted(component))
    return sorted(_closed_path(c, edges) for c in components)


def _closed_path(component: list[str], edges: Mapping[str, list[str]]) -> list[str]:
    """The shortest path from the component's first module back to itself, inside it."""
    start, members = component[0], set(component)
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in edges[node]:
            if child not in members:
                continue
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start] if node != start else [start, start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover - a component has one


def package_graph(package: str) -> dict[str, set[str]]:
    """Module -> modules of ``package`` it imports (function-level imports included)."""
    graph = grimp.build_graph(package, cache_dir=None)  # no cache folder written into the repo
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def describe(cycles: list[list[str]]) -> str:
    return "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_no_import_cycle_in_mibook():
    graph = package_graph("mibook")
    assert "mibook.cli" in graph and len(graph) > 40, sorted(graph)
    cycles = import_cycles(graph)
    assert not cycles, "import cycles in src/mibook:\n" + describe(cycles)


def test_import_cycles_are_found_and_named():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    # a package importing its submodules, which import only each other downwards: no cycle
    assert import_cycles({"p": {"p.x", "p.y"}, "p.x": {"p.y"}, "p.y": set()}) == []
    assert import_cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]
    # a submodule importing its package back
    assert import_cycles({"p": {"p.x"}, "p.x": {"p"}}) == [["p", "p.x", "p"]]
    assert import_cycles({"self": {"self"}}) == [["self", "self"]]
    two = import_cycles(
        {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": {"d"}, "f": {"a"}}
    )
    assert two == [["a", "b", "c", "a"], ["d", "e", "d"]]
    assert describe(two) == "a -> b -> c -> a\nd -> e -> d"


def test_grimp_sees_a_cycle_through_an_import_inside_a_function(tmp_path, monkeypatch):
    """The check on the real package would catch a back-import hidden in a function body."""
    package = tmp_path / "cycleprobe"
    package.mkdir()
    (package / "__init__.py").write_text("from cycleprobe.low import base\n")
    (package / "low.py").write_text(
        "def base():\n    from cycleprobe.high import top\n\n    return top\n"
    )
    (package / "high.py").write_text("from cycleprobe.low import base\n\ntop = base\n")
    (package / "clean.py").write_text("import cycleprobe.low\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = package_graph("cycleprobe")
    assert graph["cycleprobe"] == {"cycleprobe.low"}  # __init__ -> submodule, and no edge back
    assert import_cycles(graph) == [["cycleprobe.high", "cycleprobe.low", "cycleprobe.high"]]


# ----------------------------------------------------------------------------- glue keys

# {glue}`key`, {glue:}`key`, {glue:any}`key`, {glue:text}`key:format`, {glue:md}`key:myst`, ...
GLUE_ROLE = re.compile(r"\{glue(?::\w*)?\}`([^`]+)`")
# ```{glue:figure} key, :::{glue} key, ```{glue:md} key, ...
GLUE_DIRECTIVE = re.compile(r"^[ \t]*(?:`{3,}|:{3,})\{glue(?::\w*)?\}[ \t]+(\S+)", re.M)


def glue_keys_used(markdown: str) -> set[str]:
    """The glue keys a markdown text pastes (a role's ``:format`` suffix dropped)."""
    roles = {m.group(1).split(":", 1)[0].strip() for m in GLUE_ROLE.finditer(markdown)}
    return roles | {m.group(1) for m in GLUE_DIRECTIVE.finditer(markdown)}


def _is_glue(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and (
        isinstance(node.func, ast.Name)
        and node.func.id == "glue"
        or isinstance(node.func, ast.Attribute)
        and node.func.attr == "glue"
    )


def _numbers_loop(loop: ast.For) -> tuple[str, str] | None:
    """For ``for key, value in X.numbers.items()`` or ``X["numbers"].items()``: (the key's
    name, how the numbers are read: "attribute" or "item"); for ``X.glued.items()`` (the
    findings of a chapter's opening): (the key's name, "glued"); else None."""
    it = loop.iter
    if not (
        isinstance(it, ast.Call)
        and isinstance(it.func, ast.Attribute)
        and it.func.attr == "items"
        and isinstance(loop.target, ast.Tuple)
        and isinstance(loop.target.elts[0], ast.Name)
    ):
        return None
    source = it.func.value
    key = loop.target.elts[0].id
    if isinstance(source, ast.Attribute) and source.attr == "numbers":
        return key, "attribute"
    if isinstance(source, ast.Attribute) and source.attr == "glued":
        return key, "glued"
    if (
        isinstance(source, ast.Subscript)
        and isinstance(source.slice, ast.Constant)
        and source.slice.value == "numbers"
    ):
        return key, "item"
    return None


def glue_sources(code: str, chapter: str) -> dict:
    """What the code cells of a chapter's template glue.

    Returns ``{"explicit": keys glued by name, "numbers": "attribute"/"item"/None (how the loop
    reads the chapter's numbers), "call": the name of the ``mibook.chapters.<chapter>`` function
    the template calls, "findings": the ``mibook.chapters.findings`` function whose opening's
    findings it glues, or None}``. Raises AssertionError for a glue call whose keys cannot be
    known.
    """
    tree = ast.parse(code)
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "mibook.chapters":
            for name in node.names:
                aliases[name.asname or name.name] = name.name
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and aliases.get(node.func.value.id) == chapter
        and node.func.attr in ("run", "chapter")
    }
    openings = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and aliases.get(node.func.value.id) == "findings"
    }
    explicit, numbers, findings, seen = set(), None, None, set()
    for loop in (n for n in ast.walk(tree) if isinstance(n, ast.For)):
        found = _numbers_loop(loop)
        for node in (n for n in ast.walk(loop) if _is_glue(n)):
            if found and isinstance(node.args[0], ast.Name) and node.args[0].id == found[0]:
                if found[1] == "glued":
                    assert len(openings) == 1, f"{chapter}: glues an opening of {openings}"
                    findings = next(iter(openings))
                else:
                    numbers = found[1]
                seen.add(id(node))
    for node in (n for n in ast.walk(tree) if _is_glue(n)):
        if id(node) in seen:
            continue
        first = node.args[0] if node.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            raise AssertionError(
                f"{chapter}: cannot tell which keys `{ast.unparse(node)}` glues "
                "(glue by name, or loop over the chapter's numbers)"
            )
        explicit.add(first.value)
    assert len(calls) <= 1, f"{chapter}: calls {sorted(calls)}"
    return {
        "explicit": explicit,
        "numbers": numbers,
        "call": next(iter(calls), None),
        "findings": findings,
    }


def _template(path: Path) -> tuple[str, str]:
    """(markdown, code) of a template, each cell's source joined."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    join = "\n\n".join
    markdown = join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    code = join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return markdown, code


def chapter_numbers(chapter: str, sources: dict, output_dir: Path) -> set[str]:
    """The keys of the numbers the chapter function returns with its default parameters, and of
    the findings its opening glues."""
    if sources["numbers"] is None and sources.get("findings") is None:
        return set()
    assert sources["call"], f"{chapter}: the template glues numbers but calls no chapter function"
    module = importlib.import_module(f"mibook.chapters.{chapter}")
    result = getattr(module, sources["call"])(output_dir=str(output_dir))
    keys = set()
    if sources["numbers"] is not None:
        numbers = result.numbers if sources["numbers"] == "attribute" else result["numbers"]
        keys |= set(numbers)
    if sources.get("findings") is not None:
        findings = importlib.import_module("mibook.chapters.findings")
        keys |= set(getattr(findings, sources["findings"])(result).glued)
    return keys


@pytest.fixture
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.mark.usefixtures("_close_figures")
@pytest.mark.parametrize("template", GLUED_TEMPLATES, ids=lambda p: p.stem)
def test_every_glue_key_a_template_uses_is_glued(template, tmp_path):
    markdown, code = _template(template)
    used = glue_keys_used(markdown)
    assert used, f"{template.name}: no glue keys found (is the pattern out of date?)"
    sources = glue_sources(code, template.stem)
    produced = sources["explicit"] | chapter_numbers(template.stem, sources, tmp_path / "tables")
    missing = sorted(used - produced)
    assert not missing, f"{template.name} uses glue keys nobody glues: {missing}"


@pytest.mark.parametrize("template", REPORT_TEMPLATES, ids=lambda p: p.stem)
def test_report_templates_glue_nothing(template):
    """A report chapter's sentences depend on the user's data, so they come from code (true for
    any data, tested on unlike data); a glue role in its markdown would be a number typed around
    prose that cannot change with the data."""
    markdown, code = _template(template)
    assert not glue_keys_used(markdown), template.name
    assert "glue(" not in code, template.name


def test_glue_keys_are_read_from_roles_and_directives():
    text = (
        "A {glue:text}`n_total` and {glue:text}`pct:.1f` %, {glue}`plain`, {glue:}`empty_kind`,\n"
        "{glue:any}`anything`, {glue:md}`note:myst`; {term}`glue` is not one.\n"
        "```{glue:figure} fig_one\n:name: fig-one\n```\n"
        ":::{glue} fenced\n:::\n"
    )
    assert glue_keys_used(text) == {
        "n_total",
        "pct",
        "plain",
        "empty_kind",
        "anything",
        "note",
        "fig_one",
        "fenced",
    }


def test_glue_check_fails_on_a_key_nobody_glues(tmp_path):
    code = (
        "from myst_nb import glue\n"
        "from mibook.chapters import sample_characteristics as sample\n"
        "chapter = sample.run(respondents_csv, output_dir, data_kind)\n"
        "for key, number in chapter.numbers.items():\n"
        "    glue(key, number, display=False)\n"
        'glue("fig_sample_profile", chapter.figure, display=False)\n'
    )
    sources = glue_sources(code, "sample_characteristics")
    assert sources == {
        "explicit": {"fig_sample_profile"},
        "numbers": "attribute",
        "call": "run",
        "findings": None,
    }
    produced = sources["explicit"] | chapter_numbers("sample_characteristics", sources, tmp_path)
    used = glue_keys_used("{glue:text}`age_n` and {glue:text}`no_such_number:.1f`")
    assert sorted(used - produced) == ["no_such_number"]
    audit = glue_sources(
        "from mibook.chapters import audit\nresult = audit.chapter(output_dir)\n"
        'for key, number in result["numbers"].items():\n    glue(key, number)\n',
        "audit",
    )
    assert audit == {"explicit": set(), "numbers": "item", "call": "chapter", "findings": None}
    opening = glue_sources(
        "from mibook.chapters import audit, findings\nresult = audit.chapter(output_dir)\n"
        'for key, number in result["numbers"].items():\n    glue(key, number)\n'
        "opening = findings.audit(result)\n"
        "for key, sentence in opening.glued.items():\n    glue(key, sentence)\n",
        "audit",
    )
    assert opening == {"explicit": set(), "numbers": "item", "call": "chapter", "findings": "audit"}
    produced = chapter_numbers("audit", opening, tmp_path / "audit")
    assert {"n_checks", "finding_problems"} <= produced
    with pytest.raises(AssertionError, match="cannot tell which keys"):
        glue_sources("for k in names:\n    glue(k, 1)\n", "audit")
