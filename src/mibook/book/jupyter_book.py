"""Building HTML with Jupyter Book, warnings as errors.

The ``jupyter-book`` command of the running environment is called in a subprocess, so that its
log can be captured and returned with the outcome.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def jupyter_book_build(
    source: Path, output: Path | None = None, say=print, builder: str = "html"
) -> tuple[bool, str]:
    """``jupyter-book build`` with warnings as errors; returns (ok, captured log).

    Parameters
    ----------
    source : pathlib.Path
        The book's folder (with ``_config.yml`` and ``_toc.yml``).
    output : pathlib.Path, optional
        Where ``_build/`` goes (default: inside ``source``).
    say : callable, default print
        Not used.
    builder : str, default "html"
        Jupyter Book's builder (``singlehtml`` for the whole book on one page).

    Returns
    -------
    ok : bool
        Whether the build succeeded (no warning, no error).
    log : str
        Jupyter Book's standard output and error.
    """
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(source),
        "--warningiserror",
        "--keep-going",
        "--quiet",
        "--builder",
        builder,
    ]
    if output is not None:
        command += ["--path-output", str(output)]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=source)
    log = proc.stdout + proc.stderr
    return proc.returncode == 0, log
