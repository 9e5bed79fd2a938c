"""Executing the templates with papermill and building the HTML with Jupyter Book.

``build`` (the book) and ``run`` (a user's standalone report) share one path: execute each
template, strip what varies between runs (papermill timings, machine paths), write atomically,
then build HTML. ``build`` skips a notebook whose template, parameters, inputs and package code
hash to the value recorded in ``book/.mibook-manifest.json``, and skips the HTML build when no
page source changed. Hashes are of contents, never timestamps. Notebooks run in a pool of worker
processes, each of which reuses one kernel, reset between notebooks (:mod:`mibook.kernels`).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from mibook import paths
from mibook.atomic import write_text_atomic
from mibook.kernels import WorkerKernel

MANIFEST = paths.BOOK / ".mibook-manifest.json"
HTML_STAMP = paths.BUILD / ".mibook-html-hash"
REPORT_MARKER = ".mibook-report"


@dataclass(frozen=True)
class Chapter:
    """A template, the input kinds it reads, and its parameters for the book's default build."""

    name: str
    inputs: tuple[str, ...]  # contract names whose files the chapter reads
    title: str

    @property
    def template(self) -> Path:
        return paths.NOTEBOOKS / f"{self.name}.ipynb"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("sample_characteristics", ("respondents",), "Sample characteristics"),
    Chapter("satisfaction_timing", ("respondents",), "Satisfaction and timing"),
    Chapter("miti_fidelity", ("miti",), "MITI fidelity"),
    Chapter("comparison", ("comparison",), "Sweden and Norway compared"),
    Chapter("audit", (), "Reproduction ledger and consistency audit"),
)
INPUT_PARAMETER = {"respondents": "respondents_csv", "miti": "miti_csv", "comparison": "comparison_csv"}
DEFAULT_INPUT_FILES = {
    "respondents": [paths.RECONSTRUCTED_RESPONDENTS],
    "miti": [paths.RECONSTRUCTED_MITI],
    "comparison": [],
}


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


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what differs between two runs of the same notebook on the same inputs."""
    papermill_meta = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": papermill_meta.get("parameters", {})}
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"  # papermill gives it a random id on every run
            if "remove-cell" not in tags:
                # hidden from readers like the template's own parameters cell, but kept in the notebook
                cell.metadata["tags"] = [*tags, "remove-cell"]
        cell.metadata.pop("execution", None)
        pm = cell.metadata.get("papermill")
        if pm is not None:
            cell.metadata.pop("papermill")
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def write_notebook_atomic(nb: nbformat.NotebookNode, target: Path) -> None:
    write_text_atomic(target, nbformat.writes(nb) + "\n")


def execute(template: Path, target: Path, parameters: dict, cwd: Path, kernel: WorkerKernel | None = None,
            scratch: str | None = None) -> None:
    """Run one template with papermill (kernel ``python3``), clean it, write it atomically.

    With ``kernel`` (a :class:`~mibook.kernels.WorkerKernel`) the notebook runs in that worker's
    kernel, reset to a fresh session; without, papermill starts and stops a kernel of its own.
    Papermill's raw output goes to ``scratch`` (default: the system's temp folder)."""
    import papermill

    engine_options = {}
    if kernel is not None:
        engine_options["km"] = kernel.ready(cwd)
    # The raw papermill output goes to a temp folder, never beside the book's pages, where a
    # concurrent Jupyter Book build could pick it up.
    fd, tmp = tempfile.mkstemp(prefix=f"mibook-{target.stem}-", suffix=".ipynb", dir=scratch)
    os.close(fd)
    try:
        papermill.execute_notebook(
            str(template),
            tmp,
            parameters=parameters,
            cwd=str(cwd),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            report_mode=False,
            request_save_on_cell_execute=False,  # one write at the end, not one per cell
            **engine_options,
        )
        nb = nbformat.read(tmp, as_version=4)
    finally:
        Path(tmp).unlink(missing_ok=True)
        if kernel is not None:
            kernel.release_clients()
    write_notebook_atomic(clean_notebook(nb), target)


# The kernel each worker process keeps between notebooks (None: a new kernel per notebook), and
# the run's scratch folder for kernel sockets and papermill's raw output.
_WORKER_KERNEL: WorkerKernel | None = None
_SCRATCH: str | None = None


def _start_worker(reuse_kernel: bool, scratch: str) -> None:
    """Ready this process to run notebooks (a pool worker, or this process for a serial run)."""
    global _WORKER_KERNEL, _SCRATCH
    _SCRATCH = scratch
    _WORKER_KERNEL = WorkerKernel(scratch) if reuse_kernel else None


def _start_pool_worker(reuse_kernel: bool, scratch: str) -> None:
    _start_worker(reuse_kernel, scratch)
    # Pool workers leave through multiprocessing's exit path, which runs these finalizers (and
    # not atexit): the kernel goes with its worker.
    multiprocessing.util.Finalize(None, _stop_worker, exitpriority=10)


def _stop_worker() -> None:
    global _WORKER_KERNEL, _SCRATCH
    if _WORKER_KERNEL is not None:
        _WORKER_KERNEL.shutdown()
    _WORKER_KERNEL = _SCRATCH = None


def _execute_job(job: tuple[str, str, dict, str]) -> tuple[str, float, str | None]:
    template, target, parameters, cwd = job
    start = time.perf_counter()
    try:
        execute(Path(template), Path(target), parameters, Path(cwd), kernel=_WORKER_KERNEL, scratch=_SCRATCH)
    except Exception as err:  # reported per notebook by the caller
        return target, time.perf_counter() - start, _short_error(err)
    return target, time.perf_counter() - start, None


def _short_error(err: Exception) -> str:
    name = type(err).__name__
    if name == "PapermillExecutionError":
        return f"cell failed: {getattr(err, 'ename', '')}: {getattr(err, 'evalue', '')}"
    return f"{name}: {err}"


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass
class BuildResult:
    executed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    html_built: bool = False
    failures: list[str] = field(default_factory=list)


def _run_jobs(jobs: list[tuple[str, str, dict, str]], n_jobs: int, say, alongside=None, timings=None,
              reuse_kernels: bool = True) -> list[str]:
    """Execute the notebooks; ``alongside`` (a callable) runs in this process meanwhile, once the
    workers have started, so work that does not depend on the notebooks costs no wall time.
    Seconds per notebook are added to ``timings`` (a dict) when one is given.

    Jobs start in the order given; :func:`longest_first` orders them so that free workers take the
    longest remaining notebook, which shortens the wall time of a parallel run."""
    failures = []
    if not jobs or n_jobs <= 1 or len(jobs) == 1:
        if alongside is not None:
            alongside()
    if not jobs:
        return failures
    say(f"executing {len(jobs)} notebook(s) with {min(n_jobs, len(jobs))} worker(s)")
    # Kernel sockets and papermill's raw output live in one scratch folder of this run, removed
    # here whatever happens to the workers (a worker killed on Ctrl-C cannot clear up after itself).
    scratch = tempfile.mkdtemp(prefix="mibook-")
    try:
        return _execute_all(jobs, n_jobs, say, alongside, timings, reuse_kernels, scratch, failures)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _execute_all(jobs, n_jobs, say, alongside, timings, reuse_kernels, scratch, failures) -> list[str]:
    if n_jobs <= 1 or len(jobs) == 1:
        _start_worker(reuse_kernels, scratch)
        try:
            for target, seconds, error in map(_execute_job, jobs):
                _report(target, seconds, error, say, failures, timings)
        except BaseException:  # Ctrl-C, SIGTERM: no kernel outlives us
            _stop_descendants()
            raise
        finally:
            _stop_worker()
    else:
        import papermill  # noqa: F401 - imported once here, inherited by the forked workers

        pool = ProcessPoolExecutor(max_workers=min(n_jobs, len(jobs)), initializer=_start_pool_worker, initargs=(reuse_kernels, scratch))
        try:
            # submit, not map: map cancels its futures on an interrupt, and Python 3.11's pool
            # then logs an InvalidStateError traceback when it notices the stopped workers.
            futures = [pool.submit(_execute_job, job) for job in jobs]
            if alongside is not None:  # the workers are forked by now: no thread crosses a fork
                alongside()
            for future in futures:
                _report(*future.result(), say, failures, timings)
        except BrokenProcessPool as err:  # a worker was killed (out of memory, kill -9)
            _stop_descendants()
            pool.shutdown(wait=False)
            failures.append(f"a notebook worker process died ({err})")
            say(f"  FAILED: a notebook worker process died ({err})")
            return failures
        except BaseException:
            # Leaving the pool's ``with`` block would wait for every running notebook to finish;
            # stop the workers and their kernels instead, so an interrupt is prompt.
            _stop_descendants()
            # Do not wait: a worker killed while holding the pool's queue lock can leave the
            # pool's manager thread stuck for good. The CLI exits with os._exit after cleanup.
            pool.shutdown(wait=False)
            raise
        pool.shutdown()
    return failures


DURATIONS = paths.BUILD / ".mibook-durations.json"


def longest_first(jobs: list[tuple[str, str, dict, str]]) -> list[tuple[str, str, dict, str]]:
    """Jobs ordered by the duration their notebook took last time (a local cache in ``_build``),
    longest first; notebooks never timed keep their table-of-contents order, ahead of the rest."""
    try:
        durations = json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        durations = {}
    return sorted(jobs, key=lambda job: -float(durations.get(Path(job[1]).stem, float("inf"))))


def remember_durations(timings: dict) -> None:
    try:
        durations = json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        durations = {}
    durations.update(timings)
    try:
        write_text_atomic(DURATIONS, json.dumps(durations, indent=1, sort_keys=True) + "\n")
    except OSError:  # a read-only checkout still builds; it only loses the scheduling hint
        pass


def _stop_descendants(timeout: float = 5.0) -> None:
    """Terminate every process this one started (pool workers, papermill kernels)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return
    me = psutil.Process()
    direct = me.children()
    children = me.children(recursive=True)
    # Workers first and without ceremony (SIGKILL: no half-logged tracebacks from their
    # notebook clients), then the kernels they leave behind, politely.
    for child in direct:
        try:
            child.kill()
        except psutil.Error:
            pass
    for child in children:
        try:
            if child not in direct:
                child.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(children, timeout=timeout)
    for child in alive:
        try:
            child.kill()
        except psutil.Error:
            pass


def _report(target, seconds, error, say, failures, timings=None) -> None:
    name = Path(target).name
    if timings is not None and not error:
        timings[Path(target).stem] = round(seconds, 1)
    if error:
        failures.append(f"{name}: {error}")
        say(f"  FAILED {name} ({seconds:.1f} s): {error}")
    else:
        say(f"  done   {name} ({seconds:.1f} s)")


def html_sources_hash(root: Path) -> str:
    digest = hashlib.sha256()
    candidates = [root / "_config.yml", root / "_toc.yml", root / "references.bib"]
    candidates += sorted(p for p in (root / "book").rglob("*") if p.is_file() and "tables" not in p.parts)
    for path in candidates:
        if path.exists():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def jupyter_book_build(source: Path, output: Path | None = None, say=print) -> tuple[bool, str]:
    """``jupyter-book build`` with warnings as errors; returns (ok, captured log)."""
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(source), "--warningiserror", "--keep-going", "--quiet"]
    if output is not None:
        command += ["--path-output", str(output)]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    log = proc.stdout + proc.stderr
    return proc.returncode == 0, log


def build(force: bool = False, jobs: int | None = None, say=print, fresh_kernels: bool = False) -> BuildResult:
    """``mibook build``: execute changed templates into ``book/``, then build ``_build/html``.

    Each worker reuses one kernel, reset between notebooks (:mod:`mibook.kernels`), unless
    ``fresh_kernels``."""
    result = BuildResult()

    def generate_pages():  # rerun guide and input templates, rewritten only if changed
        from mibook import dictionary

        dictionary.write_generated(say=say)

    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    code = package_hash()
    pending = []
    hashes = {}
    for chapter in CHAPTERS:
        target = paths.BOOK / f"{chapter.name}.ipynb"
        digest = chapter_hash(chapter, {}, code)
        hashes[chapter.name] = digest
        if not force and manifest.get(chapter.name) == digest and target.exists():
            result.skipped.append(chapter.name)
            say(f"  up to date {target.name}")
            continue
        pending.append((str(chapter.template), str(target), {}, str(paths.BOOK)))
    timings: dict = {}
    result.failures = _run_jobs(
        longest_first(pending), jobs or default_jobs(), say, alongside=generate_pages, timings=timings, reuse_kernels=not fresh_kernels
    )
    remember_durations(timings)
    for template, target, _, _ in pending:
        name = Path(target).stem
        if not any(f.startswith(Path(target).name) for f in result.failures):
            result.executed.append(name)
            manifest[name] = hashes[name]
    manifest = {k: manifest[k] for k in sorted(manifest) if k in hashes}
    MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    if result.failures:
        return result

    digest = html_sources_hash(paths.ROOT)
    index = paths.HTML / "index.html"
    if not force and HTML_STAMP.exists() and HTML_STAMP.read_text() == digest and index.exists():
        say("  html up to date")
        return result
    say("building html (jupyter-book, warnings as errors)")
    start = time.perf_counter()
    ok, log = jupyter_book_build(paths.ROOT)
    if not ok:
        result.failures.append("jupyter-book build failed:\n" + log.strip())
        say(log.strip())
        return result
    HTML_STAMP.parent.mkdir(parents=True, exist_ok=True)
    HTML_STAMP.write_text(digest)
    result.html_built = True
    say(f"  html written to {paths.relative_to_root(paths.HTML)}/index.html ({time.perf_counter() - start:.1f} s)")
    return result


REPORT_CONFIG = """\
title: {title}
author: ""
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  config:
    html_show_copyright: false
    nb_render_markdown_format: myst
"""


def _is_our_report(directory: Path) -> bool:
    return (directory / REPORT_MARKER).exists()


def check_out_dir(out: Path) -> str | None:
    """Why ``out`` cannot be used for a report, or None when it can."""
    if out.exists() and not out.is_dir():
        return f"{out}: expected a folder for the report, but a file of that name exists"
    if out.is_dir() and any(out.iterdir()) and not _is_our_report(out):
        return f"{out}: expected a new or empty folder (or an earlier mibook report); this folder has other files, so it is left untouched"
    return None


def run_report(out: Path, inputs: dict[str, Path], title: str, jobs: int | None = None, say=print,
               fresh_kernels: bool = False) -> BuildResult:
    """``mibook run``: every chapter on the given files, as a standalone report in ``out``.

    The report is assembled in a hidden sibling folder and renamed into place only when every
    notebook ran and the HTML built, so ``out`` is never half-written.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.partial-"))
    result = BuildResult()
    try:
        notebooks = work / "notebooks"
        notebooks.mkdir()
        jobs_list = []
        for chapter in CHAPTERS:
            parameters = {"output_dir": "../tables"}
            for kind in chapter.inputs:
                if kind in inputs:
                    parameters[INPUT_PARAMETER[kind]] = str(inputs[kind])
            jobs_list.append((str(chapter.template), str(notebooks / f"{chapter.name}.ipynb"), parameters, str(notebooks)))
        result.failures = _run_jobs(longest_first(jobs_list), jobs or default_jobs(), say, reuse_kernels=not fresh_kernels)
        if result.failures:
            return result
        result.executed = [c.name for c in CHAPTERS]
        source = work / "_source"
        source.mkdir()
        (source / "_config.yml").write_text(REPORT_CONFIG.format(title=json.dumps(title)), encoding="utf-8")
        toc = ["format: jb-book", "root: index", "chapters:"] + [f"- file: {c.name}" for c in CHAPTERS]
        (source / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
        (source / "index.md").write_text(_report_index(title, inputs), encoding="utf-8")
        for chapter in CHAPTERS:
            _copy_without_teaching(notebooks / f"{chapter.name}.ipynb", source / f"{chapter.name}.ipynb")
        say("building html (jupyter-book, warnings as errors)")
        ok, log = jupyter_book_build(source, work / "_html_build")
        if not ok:
            result.failures.append("jupyter-book build failed:\n" + log.strip())
            return result
        shutil.move(str(work / "_html_build" / "_build" / "html"), str(work / "html"))
        shutil.rmtree(work / "_html_build")
        shutil.rmtree(source)
        (work / REPORT_MARKER).write_text("mibook report\n")
        result.html_built = True
        if out.exists():
            shutil.rmtree(out)
        os.replace(work, out)
        say(f"report written to {out}/html/index.html")
        return result
    finally:
        # Remove the unfinished report even if a second Ctrl-C arrives while doing so.
        previous = _ignore_sigint()
        try:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        finally:
            _restore_sigint(previous)


def _ignore_sigint():
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.SIG_IGN)


def _restore_sigint(previous) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGINT, previous)


TEACHING_TAG = "teaching"


def _copy_without_teaching(src: Path, dst: Path) -> None:
    """Copy an executed notebook into a report's source without the cells tagged ``teaching``
    (the exercises, which link to the book's glossary and background pages)."""
    nb = nbformat.read(src, as_version=4)
    nb.cells = [c for c in nb.cells if TEACHING_TAG not in c.get("metadata", {}).get("tags", [])]
    nbformat.write(nb, dst)


def _report_index(title: str, inputs: dict[str, Path]) -> str:
    lines = [f"# {title}", "", "A report produced by `mibook run` on these inputs:", ""]
    for kind in ("respondents", "miti", "comparison"):
        if kind in inputs:
            lines.append(f"* {kind}: `{Path(inputs[kind]).name}`")
        else:
            lines.append(f"* {kind}: the book's default data")
    lines += ["", "Each chapter follows, in the order of the table of contents.", ""]
    return "\n".join(lines)
