"""The book as a teaching resource: exercises, glossary, citations, the table of contents, citation
metadata, licences and the site's configuration. (The generated rerun guide, data dictionary and
download templates: tests/book/test_rerun_guide.py.)"""

import json
import re

import pytest
import yaml

from mibook import paths
from mibook.book.build import generated_pages
from mibook.book.registry import CHAPTERS
from mibook.book.sphinx_bibliography import author_year

ROOT = paths.ROOT
TEMPLATES = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
ANALYSIS = [c.name for c in CHAPTERS]


def _markdown_sources():
    """(where, text) of every markdown source a reader sees: pages in book/ and template cells."""
    for path in sorted(paths.BOOK.rglob("*.md")):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for template in TEMPLATES:
        nb = json.loads(template.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                yield f"{template.name}#{cell.get('id')}", "".join(cell["source"])


def _glossary_terms() -> set[str]:
    text = (paths.BOOK / "glossary.md").read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)\n```", text, re.S).group(1)
    return {
        line.strip().lower() for line in block.splitlines() if line and not line.startswith(" ")
    }


def _term_target(role_text: str) -> str:
    match = re.fullmatch(r"(?s).*<(.+)>", role_text)  # {term}`shown text <target>`
    return (match.group(1) if match else role_text).strip().lower()


GUIDE = paths.BOOK / "teaching_guide.md"
SOLUTION = re.compile(r"```\{solution\} ([\w-]+)\n((?::\w+:[^\n]*\n)*)(.*?)```", re.S)


def _teaching_tail(nb: dict) -> list[str]:
    """The sources of the trailing run of cells tagged ``teaching``."""
    tail = []
    for cell in reversed(nb["cells"]):
        if "teaching" not in cell["metadata"].get("tags", []):
            break
        tail.append("".join(cell["source"]))
    return list(reversed(tail))


def _exercise_labels() -> dict[str, str]:
    """Every exercise label of the templates -> the template's name."""
    labels = {}
    for template in TEMPLATES:
        for cell in json.loads(template.read_text(encoding="utf-8"))["cells"]:
            for label in re.findall(r"```\{exercise\}\n:label: ([\w-]+)", "".join(cell["source"])):
                labels[label] = template.stem
    return labels


def _guide_solutions() -> list[tuple[str, str, str]]:
    """(exercise label, option lines, body) of every solution in the teaching guide."""
    return SOLUTION.findall(GUIDE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ANALYSIS)
def test_every_analysis_template_ends_with_exercises_that_link_their_solution(name):
    nb = json.loads((paths.NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    tail = _teaching_tail(nb)
    assert tail, f"{name}: no cells tagged 'teaching' at the end"
    text = "\n".join(tail)
    exercises = re.findall(r"```\{exercise\}\n:label: ([\w-]+)", text)
    assert exercises, f"{name}: no exercise"
    for label in exercises:
        target = "sol-" + label.removeprefix("ex-")
        assert re.search(rf"\{{ref\}}`[^`<]*<{target}>`", text), (
            f"{name}: exercise {label} does not link its solution {target}"
        )
    ids = [c.get("id") for c in nb["cells"]]
    assert len(ids) == len(set(ids)) and None not in ids


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_no_template_holds_a_solution(template):
    """Solutions are spoilers: a template opened in Jupyter, or an executed out.ipynb, shows every
    markdown cell as plain text, so the solutions live folded in the teaching guide."""
    for cell in json.loads(template.read_text(encoding="utf-8"))["cells"]:
        assert "{solution}" not in "".join(cell["source"]), (
            f"{template.name}#{cell.get('id')}: move the solution to {GUIDE.name}"
        )


def test_every_exercise_has_one_folded_solution_in_the_teaching_guide():
    exercises = _exercise_labels()
    solutions = _guide_solutions()
    assert exercises and solutions
    targets = [label for label, _, _ in solutions]
    assert sorted(targets) == sorted(exercises), "one solution per exercise, none for unknown ones"
    for label, options, _ in solutions:
        assert ":class: dropdown" in options, f"solution of {label} is not folded"
        assert f":label: sol-{label.removeprefix('ex-')}\n" in options, label
    guide = GUIDE.read_text(encoding="utf-8")
    warning = guide.index("Spoilers.")
    assert warning < guide.index("```{solution}"), "the spoiler warning comes first"


def test_exercise_labels_are_unique_across_the_book():
    labels = []
    for template in TEMPLATES:
        for cell in json.loads(template.read_text(encoding="utf-8"))["cells"]:
            labels += re.findall(r":label: (ex-[\w-]+)", "".join(cell["source"]))
    assert labels and len(labels) == len(set(labels))


def test_solutions_type_no_decimal_numbers():
    """Solutions describe results qualitatively or say where to look; they type no computed
    values."""
    bodies = [body for _, _, body in _guide_solutions()]
    for template in TEMPLATES:
        for cell in json.loads(template.read_text(encoding="utf-8"))["cells"]:
            bodies += [body for _, _, body in SOLUTION.findall("".join(cell["source"]))]
    assert bodies
    for body in bodies:
        assert not re.search(r"\d+\.\d+|\d+\s?%", body), f"number in a solution: {body[:80]}"


def _minutes(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"(\d+)–(\d+)", text)]


def test_the_lesson_plan_adds_up_to_its_title():
    guide = GUIDE.read_text(encoding="utf-8")
    total = int(re.search(r"^# Teaching guide: a (\d+)-minute session$", guide, re.M).group(1))
    plan = guide[guide.index("## Plan") : guide.index("**In 90 minutes.**")]
    rows = [line for line in plan.splitlines() if re.match(r"\| \d+–\d+ \|", line)]
    blocks = _minutes("\n".join(line.split("|")[1] for line in rows))
    assert blocks[0][0] == 0 and blocks[-1][1] == total
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:], strict=False)), blocks
    short = guide[guide.index("**In 90 minutes.**") :].split("\n\n")[0]
    parts = _minutes(short.split("The plan then runs:")[1])
    assert parts[0][0] == 0 and parts[-1][1] == 90
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False)), parts


def test_every_exercise_says_how_to_see_its_result():
    """No exercise leaves the reader with an executed out.ipynb alone: its glue placeholders are
    not filled in outside the book. Each names a table, a report, or a command that prints."""
    for template in TEMPLATES:
        for cell in json.loads(template.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            for body in re.findall(r"```\{exercise\}\n(.*?)```", text, re.S):
                readable = re.search(r"\.csv`|/html/index\.html|print\(|mibook feasible", body)
                assert readable, f"{template.name}: an exercise with nothing readable: {body[:80]}"


def test_every_term_used_has_a_glossary_entry():
    terms = _glossary_terms()
    used = {}
    for where, text in _markdown_sources():
        for role in re.findall(r"\{term\}`([^`]+)`", text):
            used.setdefault(_term_target(role), where)
    assert used, "no {term} links at all"
    missing = {t: w for t, w in used.items() if t not in terms}
    assert not missing, f"terms without glossary entry: {missing}"


def test_glossary_has_the_required_terms():
    required = {
        "motivational interviewing",
        "change talk",
        "sustain talk",
        "oars",
        "miti",
        "global rating",
        "technical global",
        "relational global",
        "beginning proficiency",
        "re-aim",
        "reach",
        "effectiveness",
        "adoption",
        "implementation",
        "maintenance",
        "fidelity",
        "grim",
        "grimmer",
        "debit",
        "sprite",
        "closure",
        "reconstruction",
        "marginal",
        "feasible set",
        "sd divisor",
        "wilson interval",
        "papermill",
        "glue",
        "half-even rounding",
        "cronbach's alpha",
        "wilcoxon signed-rank test",
        "rank-biserial correlation",
        "noncentral t distribution",
        "cohen's d",
        "nearest sample",
    }
    assert required <= _glossary_terms()


def test_glossary_is_sorted():
    text = (paths.BOOK / "glossary.md").read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)\n```", text, re.S).group(1)
    assert block.startswith(":sorted:\n")
    terms = [line for line in block.splitlines()[1:] if line and not line.startswith(" ")]
    assert terms == sorted(terms, key=str.lower)


def test_the_miti_page_defines_every_behaviour_code():
    from mibook.inputs.codebook import MITI_ABBREVIATIONS
    from mibook.inputs.miti_scores import SCORES

    text = (paths.BOOK / "background" / "miti.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    for abbreviation in MITI_ABBREVIATIONS:
        row = [r for r in rows if f"({abbreviation}) |" in r]
        assert len(row) == 1, abbreviation
        cells = [c.strip() for c in row[0].strip("|").split("|")]
        assert len(cells) == 3 and cells[1] and re.fullmatch(r'".+"', cells[2]), row
    formulas = "\n".join(rows)
    for abbreviation in MITI_ABBREVIATIONS:
        if abbreviation not in ("GI", "PWP"):  # in no summary score, and the page says so
            assert re.search(rf"\| [^|]*\b{abbreviation}\b[^|]* \|", formulas), abbreviation
    assert len([r for r in rows if " / 2 |" in r or " + " in r]) >= len(SCORES)


def test_every_cited_key_is_in_references_bib():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", bib, re.M))
    cited = set()
    for _, text in _markdown_sources():
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
            # keys, each with an optional {pre-text} before and {post-text} after it
            cited |= {k.strip() for k in re.sub(r"\{[^{}]*\}", "", group).split(",")}
    assert cited, "no citations at all"
    assert cited <= keys, f"unknown keys: {sorted(cited - keys)}"
    assert {
        "stahl2018",
        "foldal2021",
        "moyers2014miti",
        "miller2013",
        "glasgow1999",
        "brown2017grim",
        "anaya2016grimmer",
        "heathers2018sprite",
        "heathers2019debit",
        "jung2024closure",
        "braun2006",
    } <= keys


def test_bibliography_is_configured():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "references.bib" in config["bibtex_bibfiles"]
    assert {"sphinxcontrib.bibtex", "sphinx_exercise"} <= set(config["sphinx"]["extra_extensions"])
    assert "{bibliography}" in (paths.BOOK / "references.md").read_text(encoding="utf-8")


def test_new_pages_are_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for page in (
        "book/background/index",
        "book/background/mi",
        "book/background/re_aim",
        "book/background/miti",
        "book/background/consistency",
        "book/background/settings",
        "book/teaching_guide",
        "book/rerun_guide",
        "book/glossary",
        "book/references",
    ):
        assert f"file: {page}\n" in toc, page


def test_citation_cff_parses_and_names_both_articles():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "MIT" and cff["title"]
    assert cff["authors"] == [{"name": "The mibook authors"}]
    dois = {r.get("doi") for r in cff["references"]}
    assert {"10.1007/s10926-017-9731-0", "10.1007/s10926-021-09964-9"} <= dois


def test_licences_are_present():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    text = (ROOT / "LICENSE-TEXT.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/" in text


def test_pages_workflow_builds_with_make_and_deploys():
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    )
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(s.get("run") == "make book" for s in steps)
    uses = {s.get("uses", "").split("@")[0] for s in steps}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"


def test_wide_tables_scroll_on_narrow_screens():
    css = (paths.BOOK / "_static" / "custom.css").read_text(encoding="utf-8")
    assert "overflow-x: auto" in css
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "custom.css" in config["sphinx"]["config"]["html_css_files"]
    # the repository address lives in CITATION.cff only (tests/book/test_how_to_cite.py)
    assert "repository" not in config


def test_no_launch_buttons_and_no_page_promises_them():
    """Binder and Colab would open a chapter without the mibook package: no buttons, no promise."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "launch_buttons" not in config
    for where, text in _markdown_sources():
        assert not re.search(r"(?i)binder|colab|launch button", text), where


# --- links a reader can follow: glossary terms at first use, citations as links ---------------

#: Pages written by hand (generated pages and the glossary and references themselves excluded).
HAND_WRITTEN = [
    p
    for p in sorted(paths.BOOK.rglob("*.md"))
    if p not in generated_pages() and p.name not in ("glossary.md", "references.md")
]
#: Where a glossary word is used in its everyday sense (page, phrase), not as the term.
ORDINARY_USES = {
    ("intro.md", "the Swedish and Norwegian implementations"),
    ("intro.md", "Translation and Implementation Challenges"),  # the titles of the articles
    ("intro.md", "A Mixed Methods Process Evaluation"),
    ("teaching_guide.md", "implementation science"),
    ("background/consistency.md", "a faster implementation of it"),
}
#: Names that contain a glossary term without being a use of it: MITI spelled out.
NAMES = ("Motivational Interviewing Treatment Integrity",)
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
FENCE = re.compile(r"(`{3,}|:{3,})(\{[\w:-]+\})?")
#: Directives whose body a reader sees as prose (a figure's caption, an admonition).
PROSE_DIRECTIVES = ("{glue:figure}", "{note}", "{warning}", "{admonition}", "{exercise}")


def _prose(text: str) -> str:
    """A MyST source as the running text a reader sees: headings, labels, raw HTML, code blocks
    and directive options blanked (as empty lines, so that the order of what is left holds)."""
    lines, fence, keep = [], None, False
    for line in text.splitlines():
        if fence:
            if line.startswith(fence):
                fence = None
            keep_line = keep and line != fence and not re.match(r"\s*:[\w-]+:", line)
            lines.append(line if keep_line and fence else "")
            continue
        opening = FENCE.match(line)
        if opening:
            fence, keep = opening.group(1), opening.group(2) in PROSE_DIRECTIVES
            lines.append("")
        elif re.match(r"\s*#|\(.+\)=\s*$|\s*<", line):
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines)


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def _term_roles_and_plain_text(text: str, where: str) -> tuple[list[tuple[int, str]], str]:
    """(position, target) of every ``{term}`` role, and the text with every role, code span,
    name and everyday use of a glossary word blanked."""
    roles = []

    def blank_role(match: re.Match) -> str:
        if match.group(1) == "term":
            roles.append((match.start(), _term_target(match.group(2))))
        return _blank(match)

    plain = ROLE.sub(blank_role, _prose(text))
    plain = re.sub(r"`[^`]*`", _blank, plain)
    for phrase in NAMES + tuple(p for page, p in ORDINARY_USES if page == where):
        plain = re.sub(_phrase(phrase), _blank, plain)
    return roles, plain


def _first_use_problems(text: str, where: str) -> list[str]:
    """Glossary terms whose first use in ``text`` comes before any ``{term}`` link to them."""
    roles, plain = _term_roles_and_plain_text(text, where)
    problems = []
    for term in sorted(_glossary_terms()):
        use = re.search(rf"(?<![\w-]){_phrase(term)}(?:s|es)?(?![\w-])", plain, re.I)
        linked = [position for position, target in roles if target == term]
        if use and (not linked or min(linked) > use.start()):
            context = " ".join(plain[max(use.start() - 60, 0) : use.end() + 20].split())
            problems.append(f"{term!r} first used unlinked: …{context}…")
    return problems


def _chapter_prose(name: str) -> str:
    """The markdown cells of a chapter's template before its exercises, in order."""
    nb = json.loads((paths.NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    return "\n\n".join(
        "".join(cell["source"])
        for cell in nb["cells"]
        if cell["cell_type"] == "markdown" and "teaching" not in cell["metadata"].get("tags", [])
    )


def _page_id(path) -> str:
    return path.relative_to(paths.BOOK).as_posix()


@pytest.mark.parametrize("name", ANALYSIS)
def test_every_chapter_links_the_glossary_before_its_exercises(name):
    roles, _ = _term_roles_and_plain_text(_chapter_prose(name), name)
    assert roles, f"{name}: no glossary link outside the exercises"


@pytest.mark.parametrize("name", ANALYSIS)
def test_glossary_terms_are_linked_where_a_chapter_first_uses_them(name):
    problems = _first_use_problems(_chapter_prose(name), name)
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", HAND_WRITTEN, ids=_page_id)
def test_glossary_terms_are_linked_where_a_page_first_uses_them(page):
    problems = _first_use_problems(page.read_text(encoding="utf-8"), _page_id(page))
    assert not problems, f"{_page_id(page)}:\n" + "\n".join(problems)


def test_everyday_uses_of_glossary_words_are_still_on_their_pages():
    """The exceptions above stay true: each phrase is on its page, holding a glossary word."""
    terms = _glossary_terms()
    for page, phrase in ORDINARY_USES:
        text = " ".join((paths.BOOK / page).read_text(encoding="utf-8").split())
        assert phrase in text, (page, phrase)
        assert any(re.search(rf"(?i)\b{re.escape(t)}", phrase) for t in terms), phrase


def test_the_first_use_check_finds_an_unlinked_term_and_accepts_a_linked_one():
    text = "Intro.\n\n## Fidelity\n\nThe fidelity of MI, then {term}`fidelity` again."
    assert [p.split(":")[0] for p in _first_use_problems(text, "x")] == [
        "'fidelity' first used unlinked"
    ]
    linked = "The {term}`fidelity <Fidelity>` of MI, then fidelity and `fidelity` again."
    assert _first_use_problems(linked, "x") == []
    heading_only = "# MI fidelity\n\n```{note}\n:class: fidelity\nA note.\n```\n"
    assert _first_use_problems(heading_only, "x") == []


def _bibliography_labels() -> dict[str, str]:
    from pybtex.database import parse_file

    data = parse_file(str(ROOT / "references.bib"), "bibtex")
    return {key: author_year(entry) for key, entry in data.entries.items()}


def _plain_citation(label: str) -> str:
    """A pattern for an author–year citation typed as text: "Foldal et al. (2021)", "Foldal et
    al., 2021", "Ståhl & Gustavsson 2018"."""
    authors, year = label.rsplit(", ", 1)
    names = [_phrase(n) for n in authors.removesuffix(" et al.").split(" and ")]
    pattern = r"\s+(?:and|&)\s+".join(names)
    if authors.endswith(" et al."):
        pattern += r"\s+et\s+al\.?"
    return pattern + rf",?\s*\(?{year}\b"


def _cited_prose() -> list[tuple[str, str]]:
    """(where, text) of the book's own prose: the hand-written pages and every markdown cell of
    the book's templates (a report's templates go to pages without a bibliography)."""
    sources = [(_page_id(p), p.read_text(encoding="utf-8")) for p in HAND_WRITTEN]
    for template in TEMPLATES:
        if template.stem.startswith("report_"):
            continue
        for cell in json.loads(template.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                sources.append((f"{template.name}#{cell.get('id')}", "".join(cell["source"])))
    return sources


def test_author_year_citations_in_the_prose_are_cite_roles():
    labels = _bibliography_labels()
    assert labels["foldal2021"] == "Foldal et al., 2021"
    assert labels["stahl2018"] == "Ståhl and Gustavsson, 2018"
    patterns = {key: re.compile(_plain_citation(label)) for key, label in labels.items()}
    problems = []
    for where, text in _cited_prose():
        plain = re.sub(r"`[^`]*`", _blank, ROLE.sub(_blank, _prose(text)))
        for key, pattern in patterns.items():
            for match in pattern.finditer(plain):
                problems.append(
                    f"{where}: {match.group(0)!r} is typed; cite it with {{cite:t}}`{key}`"
                )
    assert not problems, "\n".join(problems)


def test_a_typed_citation_is_recognised():
    for text in ("Foldal et al. (2021)", "(Foldal et al. 2021, Table 3)", "Foldal et al., 2021"):
        assert re.search(_plain_citation("Foldal et al., 2021"), text), text
    for text in ("Ståhl & Gustavsson 2018", "Ståhl and Gustavsson (2018)"):
        assert re.search(_plain_citation("Ståhl and Gustavsson, 2018"), text), text
    assert not re.search(_plain_citation("Miller and Rollnick, 2013"), "Miller and Rollnick's 2013")


def test_references_are_labelled_as_they_are_cited():
    """The references page and the citations use the author–year plugins of
    ``mibook.book.sphinx_bibliography`` (labels: tests/book/test_sphinx_bibliography.py)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]
    assert "mibook.book.sphinx_bibliography" in sphinx["extra_extensions"]
    assert sphinx["config"]["bibtex_reference_style"] == "mibook_author_year"
    assert sphinx["config"]["bibtex_default_style"] == "mibook_author_year"
