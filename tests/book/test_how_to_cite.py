"""Cite and keep (issue 18): ``CITATION.cff`` as the one place for the version, the date and the
addresses; the generated "How to cite" page (``mibook.book.how_to_cite``)."""

import re
import tomllib

import yaml

from mibook import paths
from mibook.book import citation, how_to_cite, report

CFF = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
# The top-level keys of CFF 1.2.0 (https://citation-file-format.github.io/, schema 1.2.0).
CFF_KEYS = {
    "abstract",
    "authors",
    "cff-version",
    "commit",
    "contact",
    "date-released",
    "doi",
    "identifiers",
    "keywords",
    "license",
    "license-url",
    "message",
    "preferred-citation",
    "references",
    "repository",
    "repository-artifact",
    "repository-code",
    "title",
    "type",
    "url",
    "version",
}


def test_citation_cff_is_cff_1_2_0_with_a_version_and_a_date():
    assert CFF["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(CFF)
    assert set(CFF) <= CFF_KEYS, set(CFF) - CFF_KEYS
    assert isinstance(CFF["version"], str) and CFF["version"]
    # a string (quoted), as the schema's "date" format wants, not a YAML date
    assert isinstance(CFF["date-released"], str)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", CFF["date-released"])
    for key in ("repository-code", "url"):
        assert CFF[key].startswith("https://"), key


def test_citation_version_is_the_package_version():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert CFF["version"] == project["project"]["version"]


def test_citation_module_reads_the_file():
    cite = citation.load()
    assert cite.version == CFF["version"] and cite.date_released == CFF["date-released"]
    assert cite.repository_code == CFF["repository-code"] and cite.url == CFF["url"]
    assert cite.authors == tuple(citation.person_name(a) for a in CFF["authors"])
    assert report.book_url() == CFF["url"] == citation.book_url()


def test_committed_page_is_what_the_code_generates():
    assert how_to_cite.PAGE.read_text(encoding="utf-8") == how_to_cite.page()


def test_page_shows_version_date_authors_and_addresses_of_citation_cff():
    text = how_to_cite.PAGE.read_text(encoding="utf-8")
    plain = text.replace("\\", "")  # the page escapes punctuation for MyST
    assert f"version {CFF['version']}" in plain
    assert f"released {CFF['date-released']}" in plain
    for author in CFF["authors"]:
        assert citation.person_name(author) in plain
    assert f"<{CFF['url']}>" in text and f"<{CFF['repository-code']}>" in text
    assert f"version = {{{CFF['version']}}}" in text
    assert f"date = {{{CFF['date-released']}}}" in text
    for ref in CFF["references"]:
        assert f"(https://doi.org/{ref['doi']})" in text


def test_page_links_every_data_file_and_every_table_for_download():
    text = how_to_cite.PAGE.read_text(encoding="utf-8")
    assert "{download}`numbers.csv <../data/published/numbers.csv>`" in text
    for table in sorted(paths.BOOK_TABLES.glob("*.csv")):
        assert f"{{download}}`{table.name} <tables/{table.name}>`" in text, table.name
    assert 'href="../mibook.pdf"' in text


def test_the_page_is_in_the_table_of_contents_for_teachers_and_researchers():
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "For teachers and researchers")
    assert {"file": "book/how_to_cite"} in part["chapters"]


def test_the_repository_address_is_only_in_citation_cff():
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "repository" not in config
    assert "mibook.book.sphinx_site" in config["sphinx"]["extra_extensions"]
    for name in ("_config.yml", "_toc.yml", "Makefile", "pyproject.toml"):
        assert CFF["repository-code"] not in (paths.ROOT / name).read_text(encoding="utf-8")
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert "`repository-code`" in readme and "`url`" in readme
