"""The book as a teaching resource: exercises, glossary, citations, the table of contents, citation
metadata, licences and the site's configuration. (The generated rerun guide, data dictionary and
download templates: tests/book/test_rerun_guide.py.)"""

import json
import re

import pytest
import yaml

from mibook import paths
from mibook.book.registry import CHAPTERS

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


@pytest.mark.parametrize("name", ANALYSIS)
def test_every_analysis_template_ends_with_an_exercise_and_a_hidden_solution(name):
    nb = json.loads((paths.NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    tail = []
    for cell in reversed(nb["cells"]):  # the trailing run of teaching cells
        if "teaching" not in cell["metadata"].get("tags", []):
            break
        tail.append("".join(cell["source"]))
    text = "\n".join(reversed(tail))
    assert tail, f"{name}: no cells tagged 'teaching' at the end"
    exercises = re.findall(r"```\{exercise\}\n:label: ([\w-]+)", text)
    solutions = re.findall(r"```\{solution\} ([\w-]+)\n((?::\w+:.*\n)*)", text)
    assert exercises, f"{name}: no exercise"
    for label, options in solutions:
        assert label in exercises, f"{name}: solution for unknown exercise {label}"
        assert ":class: dropdown" in options or ":hidden:" in options, (
            f"{name}: solution {label} is not hidden"
        )
    assert {label for label, _ in solutions} == set(exercises), (
        f"{name}: every exercise needs a solution"
    )
    ids = [c.get("id") for c in nb["cells"]]
    assert len(ids) == len(set(ids)) and None not in ids


def test_exercise_labels_are_unique_across_the_book():
    labels = []
    for template in TEMPLATES:
        for cell in json.loads(template.read_text(encoding="utf-8"))["cells"]:
            labels += re.findall(r":label: (ex-[\w-]+)", "".join(cell["source"]))
    assert labels and len(labels) == len(set(labels))


def test_solutions_type_no_decimal_numbers():
    """Solutions describe results qualitatively or say where to look; they type no computed
    values."""
    for template in TEMPLATES:
        for cell in json.loads(template.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            for body in re.findall(r"```\{solution\}.*?\n(.*?)```", text, re.S):
                assert not re.search(r"\d+\.\d+|\d+\s?%", body), (
                    f"{template.name}: number in a solution: {body[:80]}"
                )


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
    }
    assert required <= _glossary_terms()


def test_every_cited_key_is_in_references_bib():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", bib, re.M))
    cited = set()
    for _, text in _markdown_sources():
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
            cited |= {k.strip() for k in group.split(",")}
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
    assert config["launch_buttons"]["binderhub_url"] and config["launch_buttons"]["colab_url"]
    assert config["repository"]["url"] == "https://github.com/mibook-project/mibook"
