"""Content hashes that decide what ``mibook build`` reruns: never timestamps.

A notebook reruns when its template, parameters, data files or the package's code changed; the
HTML rebuilds when a page source changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mibook import paths
from mibook.book.registry import DEFAULT_INPUT_FILES, Chapter


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_hash() -> str:
    """One hash over the package's source: any code change reruns every notebook."""
    digest = hashlib.sha256()
    for path in sorted((paths.ROOT / "src" / "mibook").rglob("*.py")):
        digest.update(path.relative_to(paths.ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def chapter_hash(chapter: Chapter, parameters: dict, code_hash: str) -> str:
    digest = hashlib.sha256()
    digest.update(chapter.template.read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True).encode())
    digest.update(code_hash.encode())
    data_files = [paths.PUBLISHED_NUMBERS, paths.DATAPACKAGE]
    for kind in chapter.inputs:
        data_files += DEFAULT_INPUT_FILES[kind]
    data_files += sorted(paths.COMPARISON.glob("*.csv")) if "comparison" in chapter.inputs else []
    for path in data_files:
        digest.update(path.relative_to(paths.ROOT).as_posix().encode())
        digest.update(path.read_bytes() if path.exists() else b"<absent>")
    return digest.hexdigest()


def html_sources_hash(root: Path) -> str:
    digest = hashlib.sha256()
    candidates = [root / "_config.yml", root / "_toc.yml", root / "references.bib"]
    candidates += sorted(
        p for p in (root / "book").rglob("*") if p.is_file() and "tables" not in p.parts
    )
    for path in candidates:
        if path.exists():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
