"""The ``mibook`` command line (see the contract in the README): argument parsing and printing.

Exit codes: 0 success, 2 invalid input (one line per problem, no traceback), 1 other failure.
The work is done by the layers below; each command imports what it needs when it runs, so
``mibook validate`` does not pay for papermill and Jupyter Book.

Examples
--------
>>> main(["feasible", "--mean", "3.0", "--sd", "1.41", "--n", "4"])
distinct samples: 2
0
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from mibook.inputs.problems import EXIT_FAILURE, EXIT_INVALID, EXIT_OK, InvalidInput, Problem

EXIT_INTERRUPTED = EXIT_FAILURE  # the contract's "other failure"
INPUT_KINDS = ("respondents", "miti", "comparison")
#: Input kinds read once by ``mibook run`` and handed to the chapters already validated.
TYPED_KINDS = ("respondents", "miti")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _exit_now(code: int) -> None:
    """Leave at once after an interrupt (cleanup is done by then).

    The interpreter's exit handlers would join the stopped notebook pool, which may never
    return.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep its message, drop nothing else."""


def _say(message: str) -> None:
    print(message, flush=True)


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _print_problems(err: InvalidInput) -> int:
    for line in err.lines():
        _err(line)
    return EXIT_INVALID


def cmd_validate(args) -> int:
    """``mibook validate``: check each given file; ``ok: N rows`` or every problem (exit 2).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (any of ``--respondents``, ``--miti``, ``--comparison``,
        ``--miti-utterances``, and ``--codebook``).

    Returns
    -------
    int
        0 when the file is valid (its notices go to standard error), 2 otherwise (one line per
        problem on standard error). With ``--miti`` and ``--miti-utterances``, the two files
        must also fit together (coders and caseworkers of a session).
    """
    from mibook.inputs.codebook import load_codebook
    from mibook.inputs.validate import check_file

    chosen = [(k, getattr(args, k)) for k in INPUT_KINDS if getattr(args, k)]
    if not chosen and not args.miti_utterances:
        _err(
            "mibook validate: give at least one of --respondents, --miti, --comparison, "
            "--miti-utterances"
        )
        return EXIT_INVALID
    codebook = load_codebook(args.codebook) if args.codebook else None
    status = EXIT_OK
    for kind, path in chosen:
        outcome = check_file(kind, path, codebook)
        if not outcome.ok:
            status = _print_problems(outcome.error)
            continue
        for notice in outcome.notices:
            _err(f"notice: {notice}")
        _say(f"ok: {outcome.rows} rows")
    if args.miti_utterances:
        status = _validate_utterances(args, codebook, status)
    return status


def _validate_utterances(args, codebook, status: int) -> int:
    """``mibook validate --miti-utterances``: the file alone, then merged with ``--miti``."""
    from mibook.inputs import utterances
    from mibook.inputs.validate import load

    try:
        counted = utterances.load(args.miti_utterances, codebook)
    except InvalidInput as err:
        return _print_problems(err)
    for notice in counted.loaded.notices:
        _err(f"notice: {notice}")
    _say(f"ok: {len(counted.loaded.frame)} rows")
    if args.miti:
        try:
            sessions = load("miti", args.miti, codebook)
        except InvalidInput:
            return EXIT_INVALID  # reported above
        try:
            utterances.combine(sessions, counted)
        except InvalidInput as err:
            return _print_problems(err)
    return status


def cmd_reconstruct(args) -> int:
    """``mibook reconstruct``: regenerate ``data/reconstructed/`` from ``data/published/``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (no options).

    Returns
    -------
    int
        0; one line per file written.
    """
    from mibook import paths, reconstruct

    for path in reconstruct.main():
        _say(f"wrote {paths.relative_to_root(path)}")
    return EXIT_OK


def cmd_build(args) -> int:
    """``mibook build``: run the changed templates into ``book/`` and build the HTML.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``--force``, ``--jobs``, ``--fresh-kernels``).

    Returns
    -------
    int
        0 on success, 1 when a notebook or the HTML build failed (listed on standard error).
    """
    from mibook.book.build import build

    result = build(force=args.force, jobs=args.jobs, say=_say, fresh_kernels=args.fresh_kernels)
    if result.failures:
        _err("build failed:")
        for failure in result.failures:
            _err(f"  {failure}")
        return EXIT_FAILURE
    return EXIT_OK


def cmd_pdf(args) -> int:
    """``mibook pdf``: the whole book as one PDF, ``_build/html/mibook.pdf``, after ``build``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``--force``).

    Returns
    -------
    int
        0 on success (or when the PDF is up to date), 1 when the HTML or the printing failed.
    """
    from mibook.book.pdf import build_pdf

    result = build_pdf(force=args.force, say=_say)
    if result.failure:
        _err(f"pdf failed: {result.failure}")
        return EXIT_FAILURE
    return EXIT_OK


def cmd_run(args) -> int:
    """``mibook run``: every chapter on the user's files, as a standalone report in ``--out``.

    Every input file, and ``--out``, is checked before anything runs.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``--out``, the input files, ``--title``, ``--jobs``,
        ``--fresh-kernels``).

    Returns
    -------
    int
        0 on success; 2 for invalid input (nothing written); 1 when a chapter or the HTML
        failed (``--out`` unchanged). After an interrupt the process exits at once with 1.
    """
    from mibook.book.report import check_out_dir, run_report
    from mibook.inputs.codebook import load_codebook
    from mibook.inputs.pseudonyms import pseudonymise
    from mibook.inputs.validate import load

    out = Path(args.out)
    problems: list[Problem] = []
    inputs = {}
    codebook = None
    if args.codebook:
        try:
            codebook = load_codebook(args.codebook)
        except InvalidInput as err:
            return _print_problems(err)
    for kind in INPUT_KINDS:
        given = getattr(args, kind)
        if not given:
            continue
        path = Path(given).resolve()
        try:
            loaded = load(kind, path, codebook)
        except InvalidInput as err:
            problems.extend(err.problems)
            continue
        for notice in loaded.notices:
            _err(f"notice: {notice}")
        inputs[kind] = loaded if kind in TYPED_KINDS else path
    given_paths = [given.path if hasattr(given, "path") else given for given in inputs.values()]
    if args.miti_utterances:  # counted per session and merged into the MITI sessions
        given_paths.append(Path(args.miti_utterances).resolve())
        problems += _merge_utterances(inputs, given_paths[-1], codebook, bool(args.miti))
    if args.pseudonymise and "miti" in inputs:
        inputs["miti"] = pseudonymise(inputs["miti"])[0]
    unusable = check_out_dir(out)
    if unusable:
        problems.append(unusable)
    for path in given_paths:
        if (
            out.resolve() in path.parents
            or path.parent == out.resolve().parent
            and path.name == out.name
        ):
            problems.append(
                Problem(file=str(path), expected="an input outside the report folder --out")
            )
    if problems:
        return _print_problems(InvalidInput(problems))
    study = args.title or (codebook.study.title if codebook else None)
    title = study or "mibook report"
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up like Ctrl-C
    try:
        result = run_report(
            out,
            inputs,
            title,
            jobs=args.jobs,
            say=_say,
            fresh_kernels=args.fresh_kernels,
            study=study,
            merged={"miti_utterances": Path(args.miti_utterances)}
            if args.miti_utterances
            else None,
        )
    except KeyboardInterrupt:
        _err(
            f"interrupted: no report was written; {out} is unchanged. Run the same command again "
            "to resume."
        )
        _exit_now(EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if result.failures:
        _err(f"run failed; {out} is unchanged:")
        for failure in result.failures:
            _err(f"  {failure}")
        _err("Fix the cause above and run the same command again to resume.")
        return EXIT_FAILURE
    return EXIT_OK


def _merge_utterances(inputs: dict, path: Path, codebook, miti_given: bool) -> list[Problem]:
    """Count an utterance file into the MITI sessions of ``inputs`` (in place); its problems."""
    from mibook.inputs import utterances

    try:
        counted = utterances.load(path, codebook)
        for notice in counted.loaded.notices:
            _err(f"notice: {notice}")
        if miti_given and "miti" not in inputs:
            return []  # the MITI file is invalid; its problems are reported already
        inputs["miti"] = utterances.combine(inputs.get("miti"), counted)
    except InvalidInput as err:
        return list(err.problems)
    return []


def cmd_codebook_draft(args) -> int:
    """``mibook codebook draft``: print a proposed codebook for a file, for a person to edit.

    Parameters
    ----------
    args : argparse.Namespace
        One of ``--respondents``, ``--miti``, ``--miti-utterances``.

    Returns
    -------
    int
        0 with the YAML on standard output; 2 when the file cannot be read.
    """
    from mibook.inputs.draft import draft

    kind = next(k for k in ("respondents", "miti", "miti_utterances") if getattr(args, k, None))
    print(draft(getattr(args, kind), kind), end="", flush=True)
    return EXIT_OK


def cmd_audit(args) -> int:
    """``mibook audit``: print the summary and every inconsistency.

    With ``--out``, also write ``DIR/consistency.csv``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``--out``).

    Returns
    -------
    int
        0, or 1 when the audit could not run.
    """
    from mibook.analysis.audit import COLUMNS, TESTS, VERDICTS, run_audit, verdict_summary
    from mibook.files import write_table

    try:
        audit = run_audit()
    except Exception as error:  # noqa: BLE001 - report, do not trace back
        _err(f"audit failed: {error}")
        return EXIT_FAILURE
    counts = audit["verdict"].value_counts()
    _say(f"consistency audit: {len(audit)} checks of the published numbers")
    _say("  " + ", ".join(f"{v}: {int(counts.get(v, 0))}" for v in VERDICTS))
    summary = verdict_summary(audit)
    for test in TESTS:
        r = summary.loc[test]
        _say(f"  {test:<14} " + "  ".join(f"{v} {int(r[v])}" for v in VERDICTS))
    bad = audit[audit["verdict"] == "inconsistent"]
    if len(bad):
        _say(f"inconsistent ({len(bad)}):")
        for r in bad.itertuples():
            _say(f"- {r.check_id} [{r.source}] reported {r.reported}: {r.detail}")
    if args.out:
        target = write_table(audit[COLUMNS], args.out, "consistency.csv")
        _say(f"wrote {target}")
    return EXIT_OK


def cmd_feasible(args) -> int:
    """``mibook feasible``: every sample of N integers whose mean and SD round to M and S.

    Prints the number of distinct samples, and the nearest possible samples when there is
    none; with ``--out``, writes the frequency vectors as CSV.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``--mean``, ``--sd``, ``--n``, ``--scale``, ``--sd-divisor``,
        ``--out``).

    Returns
    -------
    int
        0, or 2 when the mean, SD, n or scale cannot be used.
    """
    from mibook.checks import feasible

    try:
        freqs = feasible.feasible_samples(
            args.mean, args.sd, args.n, tuple(args.scale), args.sd_divisor
        )
    except ValueError as err:
        _err(f"invalid input: {err}")
        return EXIT_INVALID
    if args.out:
        feasible.write_frequencies_csv(freqs, tuple(args.scale), Path(args.out))
        _say(f"wrote {args.out}")
    if len(freqs) == 0:
        nearest, mean, sd = feasible.nearest_feasible(
            args.mean, args.sd, args.n, tuple(args.scale), args.sd_divisor
        )
        _say(
            f"no sample matches; the nearest possible have mean {mean:.4f} and SD {sd:.4f} "
            f"({len(nearest)} sample(s))"
        )
    _say(f"distinct samples: {len(freqs)}")
    return EXIT_OK


FRESH_KERNELS_HELP = (
    "start a new kernel for every notebook instead of reusing one per worker, reset between "
    "notebooks (slower; the output is the same)"
)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of ``mibook``: one sub-command per task.

    Returns
    -------
    argparse.ArgumentParser
        Sub-commands ``build``, ``run``, ``validate``, ``reconstruct``, ``audit`` and
        ``feasible``; each sets ``func`` to the function that carries it out.

    Examples
    --------
    >>> args = make_parser().parse_args(["feasible", "--mean", "2.7", "--sd", "1.9", "--n", "130"])
    >>> args.func.__name__, args.scale, args.sd_divisor
    ('cmd_feasible', [1, 5], 'n-1')
    """
    parser = _Parser(
        prog="mibook", description="Build, rerun and audit the MI return-to-work analysis book."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="execute the notebooks into book/ and build _build/html")
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="notebooks run in parallel (default: number of cores)",
    )
    p.add_argument("--fresh-kernels", action="store_true", help=FRESH_KERNELS_HELP)
    p.add_argument("--force", action="store_true", help="rerun every notebook and rebuild the HTML")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("pdf", help="print the built book to one PDF, _build/html/mibook.pdf")
    p.add_argument("--force", action="store_true", help="rebuild even when up to date")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("run", help="rerun every chapter on your files into a standalone report")
    p.add_argument(
        "--out", required=True, help="report folder (new, empty, or an earlier mibook report)"
    )
    for kind in INPUT_KINDS:
        p.add_argument(
            f"--{kind}",
            metavar="FILE",
            help=f"{kind} file (.csv, .xlsx, .sav or .dta); default: the book's data",
        )
    p.add_argument(
        "--codebook",
        metavar="FILE",
        help="YAML codebook mapping your columns, labels and items (see the rerun guide)",
    )
    p.add_argument(
        "--miti-utterances",
        dest="miti_utterances",
        metavar="FILE",
        help="utterance-level MITI codes, one row per coded utterance, counted per session and "
        "merged with --miti",
    )
    p.add_argument(
        "--pseudonymise",
        "--pseudonymize",
        dest="pseudonymise",
        action="store_true",
        help="replace caseworker and coder ids by Caseworker A, Coder A, ... in the whole report",
    )
    p.add_argument("--title", default=None, help="title of the report")
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="notebooks run in parallel (default: number of cores)",
    )
    p.add_argument("--fresh-kernels", action="store_true", help=FRESH_KERNELS_HELP)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("validate", help="check input files against their contracts")
    for kind in INPUT_KINDS:
        p.add_argument(f"--{kind}", metavar="FILE")
    p.add_argument("--miti-utterances", dest="miti_utterances", metavar="FILE")
    p.add_argument("--codebook", metavar="FILE", help="YAML codebook of your files")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("codebook", help="work with codebooks")
    codebook_sub = p.add_subparsers(dest="codebook_command", required=True)
    p = codebook_sub.add_parser("draft", help="print a proposed codebook for a file")
    group = p.add_mutually_exclusive_group(required=True)
    for kind in ("respondents", "miti", "miti_utterances"):
        group.add_argument(f"--{kind.replace('_', '-')}", dest=kind, metavar="FILE")
    p.set_defaults(func=cmd_codebook_draft)

    p = sub.add_parser("reconstruct", help="regenerate data/reconstructed/ from data/published/")
    p.set_defaults(func=cmd_reconstruct)

    p = sub.add_parser("audit", help="consistency audit of the published numbers")
    p.add_argument("--out", default=None, help="folder for consistency.csv")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser(
        "feasible", help="every sample of N integers whose mean and SD round to M and S"
    )
    p.add_argument("--mean", required=True)
    p.add_argument("--sd", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--scale", type=int, nargs=2, default=[1, 5], metavar=("MIN", "MAX"))
    p.add_argument("--sd-divisor", choices=["n-1", "n"], default="n-1")
    p.add_argument("--out", default=None, help="CSV file for the frequency vectors")
    p.set_defaults(func=cmd_feasible)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``mibook`` with the given arguments (default: the command line).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name.

    Returns
    -------
    int
        The exit code: 0 success, 2 invalid input, 1 other failure. A usage error exits with 2
        (argparse), and an interrupt exits at once with 1.

    Examples
    --------
    >>> main(["feasible", "--mean", "3.0", "--sd", "1.41", "--n", "4"])
    distinct samples: 2
    0
    >>> main(["feasible", "--mean", "three", "--sd", "1.41", "--n", "4"])  # message on stderr
    2
    """
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except InvalidInput as err:
        return _print_problems(err)
    except KeyboardInterrupt:
        _err("interrupted; run the same command again to resume")
        _exit_now(EXIT_FAILURE)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
