"""The project's own text never repeats 8 consecutive words of the two source articles.

The articles may be used for facts and numbers, never for sentences (``shared/seeds/README.md``).
This guard compares every piece of prose the project writes about them with the plain-text
articles in ``../shared/seeds/0*.txt`` (beside the repository):

* every cell of ``data/comparison/*.csv`` and of ``data/published/statements.csv``;
* every ``book/**/*.md`` page;
* the markdown cells of every ``notebooks/*.ipynb`` and ``book/*.ipynb``.

Words are the lower-case runs of ``[a-zæøåäö0-9]``. A run of 8 words that also occurs in an article
fails the test, unless 2 or more of its words are pure digits (a run of numbers such as a table row
is a fact, not a sentence). The article text is read twice, as printed and with words split by a
hyphen at a line end joined again, so a phrase is caught whichever way the extraction broke it.
The articles themselves are not part of the repository. Their 8-word runs are kept as
fingerprints (a truncated SHA-256 of each run) in ``tests/data/article_8grams.txt``, which is what
the guard compares with, so it runs on any checkout; when the articles are beside the repository,
a test checks that the fingerprints are theirs (regenerate with ``python -m
tests.data.test_own_words`` from the repository root). A missing fingerprint file is a failure,
never a skip.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
FINGERPRINTS = Path(__file__).resolve().parent / "article_8grams.txt"
N = 8
WORD = re.compile(r"[a-zæøåäö0-9]+")
LINE_END_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def excepted(gram: tuple[str, ...]) -> bool:
    """A number-only run: two or more of its words are pure digits."""
    return sum(w.isdigit() for w in gram) >= 2


def ngrams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + N]) for i in range(len(tokens) - N + 1)}


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("0*.txt")) if SEEDS.is_dir() else []


def fingerprint(gram: tuple[str, ...]) -> str:
    """A run of words as stored: the first 16 hex digits of the SHA-256 of the run."""
    return hashlib.sha256(" ".join(gram).encode("utf-8")).hexdigest()[:16]


def seed_fingerprints() -> set[str]:
    """The fingerprints of every 8-word run of the articles beside the repository."""
    grams: set[tuple[str, ...]] = set()
    for path in seed_files():
        text = path.read_text(encoding="utf-8")
        for variant in (text, LINE_END_HYPHEN.sub("", text)):
            grams |= {g for g in ngrams(words(variant)) if not excepted(g)}
    return {fingerprint(g) for g in grams}


@lru_cache(maxsize=1)
def article_ngrams() -> frozenset[str]:
    """The fingerprints the guard compares with (from the committed file)."""
    if not FINGERPRINTS.exists():
        pytest.fail(
            f"{FINGERPRINTS.relative_to(ROOT)} is missing; without it the own-words guard checks "
            "nothing (regenerate it with the articles beside the repository)",
            pytrace=False,
        )
    return frozenset(FINGERPRINTS.read_text(encoding="ascii").split())


def repeated_runs(text: str, known: frozenset[str] | None = None) -> list[str]:
    """The maximal runs of ``text`` that share 8 words with an article (or with ``known``)."""
    tokens = words(text)
    known = article_ngrams() if known is None else known
    hits = [i for i in range(len(tokens) - N + 1) if fingerprint(tuple(tokens[i : i + N])) in known]
    runs, start, end = [], None, None
    for i in hits:
        if start is not None and i <= end:
            end = i + N
        else:
            if start is not None:
                runs.append(" ".join(tokens[start:end]))
            start, end = i, i + N
    if start is not None:
        runs.append(" ".join(tokens[start:end]))
    return runs


# ---------------------------------------------------------------- the project's texts


def csv_texts(path: Path) -> list[tuple[str, str]]:
    """Every cell of a CSV file (header included), labelled by line and column."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0] if rows else []
    out = []
    for line, row in enumerate(rows, start=1):
        for i, cell in enumerate(row):
            column = header[i] if i < len(header) else f"column {i + 1}"
            out.append((f"line {line}, column {column}", cell))
    return out


def notebook_texts(path: Path) -> list[tuple[str, str]]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            out.append((f"markdown cell {number} (id {cell.get('id', '?')})", text))
    return out


def project_files() -> list[Path]:
    files = sorted((ROOT / "data" / "comparison").glob("*.csv"))
    files.append(ROOT / "data" / "published" / "statements.csv")
    files += sorted((ROOT / "book").rglob("*.md"))
    files += sorted((ROOT / "notebooks").glob("*.ipynb"))
    files += sorted((ROOT / "book").glob("*.ipynb"))
    return files


def texts_of(path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".csv":
        return csv_texts(path)
    if path.suffix == ".ipynb":
        return notebook_texts(path)
    return [("text", path.read_text(encoding="utf-8"))]


# ---------------------------------------------------------------- tests


def test_the_fingerprints_are_those_of_the_articles():
    assert len(article_ngrams()) > 10000
    if seed_files():  # the articles are beside the repository: the file must be theirs
        assert set(article_ngrams()) == seed_fingerprints(), (
            "tests/data/article_8grams.txt is out of date; run python -m tests.data.test_own_words"
        )


def test_the_guard_catches_a_copied_run_and_excepts_number_runs():
    copied = "the first session was held after 14 weeks of sick leave"
    grams = [tuple(words(copied)[i : i + N]) for i in range(len(words(copied)) - N + 1)]
    known = frozenset(article_ngrams() | {fingerprint(grams[0])})
    assert repeated_runs(f"As we wrote: {copied}.", known) == [" ".join(grams[0])]
    if seed_files():  # a run of the real article text is caught by the committed fingerprints
        text = seed_files()[0].read_text(encoding="utf-8")
        sentence = " ".join(words(text)[200 : 200 + 12])
        assert repeated_runs(f"As we wrote: {sentence}.") == [sentence]
    assert (
        repeated_runs("A sentence of our own that repeats nothing from either article at all.")
        == []
    )
    assert excepted(("n", "112", "70", "63", "female", "45", "9", "7"))
    assert not excepted(("the", "first", "session", "was", "held", "at", "14", "weeks"))


def test_every_checked_file_exists():
    missing = [p.relative_to(ROOT).as_posix() for p in project_files() if not p.exists()]
    assert not missing, f"files the own-words guard must read are missing: {missing}"


@pytest.mark.parametrize("path", project_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_eight_words_repeat_an_article(path):
    article_ngrams()
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT).as_posix()} is missing", pytrace=False)
    problems = []
    for where, text in texts_of(path):
        for run in repeated_runs(text):
            problems.append(f'  {where}: "{run}"')
    assert not problems, (
        f"{path.relative_to(ROOT).as_posix()} repeats 8 or more consecutive words of a source "
        "article (reword in the project's own words):\n" + "\n".join(problems)
    )


def main() -> None:
    """Write the fingerprints of the articles beside the repository."""
    prints = sorted(seed_fingerprints())
    if not prints:
        raise SystemExit(f"no articles (0*.txt) in {SEEDS}")
    FINGERPRINTS.write_text("\n".join(prints) + "\n", encoding="ascii")
    print(f"wrote {len(prints)} fingerprints to {FINGERPRINTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
