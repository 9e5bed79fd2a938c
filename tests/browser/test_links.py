"""Links a reader can follow, in the built site: every chapter links the glossary in its own text,
every author–year citation is a link to the references page whose label reads the same, every
DOI is a link to doi.org, the glossary is in alphabetical order, and the chapters link the
background pages and the other chapters they build on. Pages are opened in headless Chromium
from ``_build/html`` served on 127.0.0.1.

That every one of these links resolves is checked for every page by ``test_browser.py``; that the
first use of each glossary term in a chapter's own prose is a link, on the sources, by
``tests/test_teaching.py``. Select with ``pytest -m browser``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urldefrag

import pytest

from mibook import paths
from mibook.book.build import generated_pages
from mibook.book.registry import CHAPTERS
from tests.browser import support as bs

pytestmark = pytest.mark.browser

PAGES = [p for p in bs.toc_pages() if p.redirects_to is None]
CHAPTER_PAGES = [f"book/{c.name}.html" for c in CHAPTERS]
REFERENCES = "book/references.html"
GLOSSARY = "book/glossary.html"
#: Pages written from data by code: their sentences name the articles as data does.
GENERATED = {
    path.relative_to(paths.ROOT).with_suffix(".html").as_posix() for path in generated_pages()
}

# What a page shows, read in the browser: the links into the glossary and whether they sit in
# the exercises, the citations with their links, every DOI in the text (code left out) and the
# link it sits in, every internal link, and the text outside cell outputs, code and citations.
_PAGE_LINKS = """() => {
  const main = document.querySelector('article.bd-article') || document.body;
  const inExercises = e => !!e.closest('section#exercises, .exercise, .solution');
  const glossary = [...main.querySelectorAll('a[href*="glossary.html#term-"]')]
    .map(a => ({href: a.href, text: a.textContent, inExercises: inExercises(a)}));
  const citations = [...main.querySelectorAll('span.bibtex-citation')].map(s => ({
    text: s.textContent,
    links: [...s.querySelectorAll('a')].map(a => ({href: a.href, text: a.textContent})),
  }));
  const doi = /\\b10\\.\\d{4,9}\\/[^\\s"<>]*[^\\s"<>.,;:)\\]]/g;
  const dois = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('pre, code, script, style')) continue;
    for (const match of node.textContent.matchAll(doi)) {
      const link = node.parentElement.closest('a');
      dois.push({doi: match[0], href: link ? link.getAttribute('href') : null});
    }
  }
  const internal = [...main.querySelectorAll('a.reference.internal')]
    .map(a => ({href: a.href, inExercises: inExercises(a)}));
  const copy = main.cloneNode(true);
  const typedElsewhere = '.cell_output, pre, code, span.bibtex-citation, .citation .label';
  copy.querySelectorAll(typedElsewhere + ', h1, h2, h3')
    .forEach(e => e.remove());
  return {glossary, citations, dois, internal, prose: copy.textContent};
}"""


@pytest.fixture(scope="module")
def base_url():
    result = bs.build_site()
    assert result.returncode == 0, "mibook build failed:\n" + result.stdout + result.stderr
    with bs.serve(paths.HTML) as url:
        yield url


@pytest.fixture(scope="module")
def tab(base_url):
    with bs.offline_tab(base_url) as page:
        yield page


_seen: dict[str, dict] = {}


@pytest.fixture
def links_of(tab, base_url):
    """What page ``html`` (relative to the site) shows, read once per page."""

    def read(html: str) -> dict:
        if html not in _seen:
            tab.goto(base_url + html, wait_until="load")
            _seen[html] = tab.evaluate(_PAGE_LINKS)
        return _seen[html]

    return read


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def labels(tab, base_url) -> dict[str, str]:
    """Entry id on the references page -> its label, without the brackets."""
    tab.goto(base_url + REFERENCES, wait_until="load")
    entries = tab.eval_on_selector_all(
        "div.citation",
        "ds => ds.map(d => ({id: d.id, label: d.querySelector('.label').textContent}))",
    )
    return {e["id"]: _norm(e["label"]).removeprefix("[").removesuffix("]") for e in entries}


def _typed_citation(label: str) -> re.Pattern:
    """An author–year citation typed as text rather than linked: "Foldal et al. (2021)",
    "Foldal et al., 2021", "Ståhl & Gustavsson 2018"."""
    authors, year = label.rsplit(", ", 1)
    names = [re.escape(n) for n in authors.removesuffix(" et al.").split(" and ")]
    pattern = r"\s+(?:and|&)\s+".join(names)
    if authors.endswith(" et al."):
        pattern += r"\s+et\s+al\.?"
    return re.compile(pattern + rf",?\s*\(?{year}\b")


# --- the references page -------------------------------------------------------------------


def test_references_are_labelled_by_author_and_year(labels):
    assert labels, "no entry on the references page"
    assert "Foldal et al., 2021" in labels.values()
    assert "Ståhl and Gustavsson, 2018" in labels.values()
    for label in labels.values():
        assert re.fullmatch(r"\S.*, (\d{4}|n\.d\.)", label), label
    assert len(set(labels.values())) == len(labels), "two entries share a label"


@pytest.mark.parametrize("page", PAGES, ids=[p.docname for p in PAGES])
def test_every_doi_is_a_link_to_doi_org(page, links_of):
    shown = links_of(page.html)["dois"]
    if page.html == REFERENCES:
        assert len(shown) >= 2, "the references page shows no DOI"
    wrong = [d for d in shown if d["href"] != f"https://doi.org/{d['doi']}"]
    assert not wrong, f"{page.html}: DOIs that are not links to doi.org: {wrong}"


# --- citations ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=[p.docname for p in PAGES])
def test_every_citation_links_its_reference_and_reads_as_its_label(page, links_of, labels):
    problems = []
    for citation in links_of(page.html)["citations"]:
        shown = _norm(citation["text"])
        if not citation["links"]:
            problems.append(f"{shown!r} is not a link")
        for link in citation["links"]:
            target, fragment = urldefrag(link["href"])
            if not target.endswith("/" + REFERENCES) or fragment not in labels:
                problems.append(f"{shown!r} links {link['href']}, not an entry of the references")
                continue
            label, text = labels[fragment], _norm(link["text"])
            authors, year = label.rsplit(", ", 1)
            # {cite:p} links "Foldal et al., 2021"; {cite:t} shows "Foldal et al. (2021)" and
            # links the year
            if text != label and not (text == year and f"{authors} ({year}" in shown):
                problems.append(f"{shown!r} links the entry labelled {label!r}")
    assert not problems, f"{page.html}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "page", [p for p in PAGES if p.html not in GENERATED], ids=lambda p: p.docname
)
def test_no_author_year_citation_is_typed_as_plain_text(page, links_of, labels):
    """The book's own prose (cell outputs, code, headings and generated pages aside) cites a
    reference of the bibliography only through a link."""
    prose = _norm(links_of(page.html)["prose"])
    typed = [
        match.group(0)
        for label in labels.values()
        for match in _typed_citation(label).finditer(prose)
    ]
    assert not typed, f"{page.html}: typed citations {typed}"


def test_the_chapters_cite_both_articles(links_of, labels):
    cited = {
        labels.get(urldefrag(link["href"])[1])
        for html in CHAPTER_PAGES
        for citation in links_of(html)["citations"]
        for link in citation["links"]
    }
    assert {"Foldal et al., 2021", "Ståhl and Gustavsson, 2018"} <= cited


# --- the glossary ------------------------------------------------------------------------------


def test_the_glossary_is_in_alphabetical_order(tab, base_url):
    tab.goto(base_url + GLOSSARY, wait_until="load")
    terms = tab.eval_on_selector_all(
        "dl.glossary > dt",
        "dts => dts.map(dt => [...dt.childNodes].filter(n => n.nodeType === 3)"
        ".map(n => n.textContent).join('').trim())",
    )
    assert len(terms) >= 30 and all(terms), terms
    assert terms == sorted(terms, key=str.casefold)


@pytest.mark.parametrize("html", CHAPTER_PAGES)
def test_every_chapter_links_the_glossary_outside_its_exercises(html, links_of):
    glossary = links_of(html)["glossary"]
    outside = [g["text"] for g in glossary if not g["inExercises"]]
    assert outside, f"{html}: glossary links only in the exercises ({len(glossary)} there)"


# --- cross-links -------------------------------------------------------------------------------

#: Background pages each chapter builds on and links.
BACKGROUND = {
    "book/miti_fidelity.html": ["book/background/miti.html"],
    "book/audit.html": ["book/background/consistency.html"],
    "book/comparison.html": ["book/background/settings.html", "book/background/re_aim.html"],
}


def _targets(links: list[dict]) -> set[str]:
    return {urldefrag(link["href"])[0].split("/", 3)[-1] for link in links}


@pytest.mark.parametrize("html", sorted(BACKGROUND))
def test_chapters_link_the_background_they_build_on(html, links_of):
    outside = [i for i in links_of(html)["internal"] if not i["inExercises"]]
    missing = set(BACKGROUND[html]) - _targets(outside)
    assert not missing, f"{html} does not link {sorted(missing)}"


@pytest.mark.parametrize("html", CHAPTER_PAGES)
def test_every_chapter_links_another_chapter_in_its_text(html, links_of):
    outside = [i for i in links_of(html)["internal"] if not i["inExercises"]]
    others = _targets(outside) & (set(CHAPTER_PAGES) - {html})
    assert others, f"{html} links no other chapter outside its exercises"
