"""The data dictionary, the downloadable input templates and the rerun guide, generated from code.

The guide is a short page, ``book/rerun_guide.md`` (install, prepare, check, run, publish), with
four reference pages under ``book/rerun/`` (:data:`SUBPAGES`): a codebook for one's own files, the
error messages, the parameters of every chapter and the book's own data files. Split this way,
no page of the guide is long to scroll through.

Nothing on these pages is typed twice: the column tables come from the input contracts
(:mod:`mibook.inputs.contracts`) and from ``data/datapackage.json``; the parameters of each
chapter from its template (``papermill.inspect_notebook``); the error messages from checking
small broken files with the same function as ``mibook validate``, in a temporary folder.
``mibook build`` calls :func:`write_generated` before it builds the HTML, and only rewrites a
file whose content changed, so a rebuild leaves every byte as it was.

Examples
--------
>>> from mibook.book import rerun_guide
>>> "| `respondent_id` |" in rerun_guide.contract_table("respondents")
True
>>> rerun_guide.template_csv("miti").splitlines()[0].startswith("session_id,caseworker_id,")
True
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path

import papermill

from mibook import paths
from mibook.book.registry import CHAPTERS
from mibook.files import write_changed
from mibook.inputs.codebook import Codebook, Respondents, load_codebook
from mibook.inputs.contracts import CONTRACTS, Contract, Field
from mibook.inputs.draft import draft
from mibook.inputs.problems import EXIT_INVALID, EXIT_OK
from mibook.inputs.validate import check_file

GUIDE = paths.BOOK / "rerun_guide.md"
#: The reference pages of the guide, by name (``book/rerun/<name>.md``), in the order of
#: ``_toc.yml``.
RERUN = paths.BOOK / "rerun"
SUBPAGES = ("codebook", "messages", "parameters", "data_files")
TEMPLATES = paths.BOOK / "templates"
INPUT_KINDS = ("respondents", "miti", "comparison")
TEMPLATE_ROWS = 3

# Example text for the free-text columns of the templates (everything else follows the contract).
_EXAMPLE_TEXT = {
    "caseworker_id": ["CW1", "CW2", "CW1"],
    "coder_id": ["Coder1", "Coder1", "Coder2"],
    "date": ["2026-01-15", "2026-02-03", "2026-02-20"],
    "study": ["My agency 2026"] * 3,
    "country": ["My country"] * 3,
    "re_aim_dimension": ["implementation", "adoption", "implementation"],
    "theme": ["workload", "managerial_support", "training"],
    "kind": ["barrier", "facilitator", "fact"],
    "finding": [
        "Caseworkers had no protected time for the extra sessions.",
        "Managers asked about MI in team meetings.",
        "Staff took a two-day course with a recorded session as homework.",
    ],
    "source": ["Interview round 1", "Interview round 1", "Project plan, section 2"],
}


# A column, parameter, code or file name in a description (``useful_first``, ``half_up``,
# ``sample_age.csv``, the id prefix ``no_t1_``) outside a code span already there.
_NAME = re.compile(r"(?<![\w`./-])[a-z][a-z0-9]*(?:_[a-z0-9]*)+(?:\.[a-z]{2,4})?(?![\w`/-])")


def _one_line(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_escape(text: str) -> str:
    """A description for a table cell: ``|`` escaped, on one line, names set as code, and ``<``
    outside code shown as itself (MyST would read ``<stat>`` as an HTML tag and drop it).

    >>> print(_md_escape("rating (useful_first); see `miti.csv` | sample_age.csv, 1 < 2"))
    rating (`useful_first`); see `miti.csv` \\| `sample_age.csv`, 1 \\< 2
    """
    parts = re.split(r"(`[^`]*`)", str(text).replace("\n", " "))
    for i in range(0, len(parts), 2):  # the even parts lie outside code spans
        parts[i] = _NAME.sub(lambda m: f"`{m[0]}`", parts[i].replace("<", "\\<"))
    return "".join(parts).replace("|", "\\|")


def _field_type(spec: Field) -> str:
    return {"id": "identifier", "text": "text", "code": "code", "integer": "whole number"}[
        spec.kind
    ]


def _field_allowed(spec: Field) -> str:
    if spec.kind == "code":
        return ", ".join(f"`{c}`" for c in spec.codes)
    if spec.kind == "integer":
        if spec.maximum is None:
            return f"{spec.minimum} or more"
        return f"{spec.minimum} to {spec.maximum}"
    if spec.kind == "id":
        return "any text, unique"
    return "any text"


def contract_table(contract: Contract | str) -> str:
    """A markdown table of an input contract: column, type, allowed values, required, meaning.

    Parameters
    ----------
    contract : mibook.inputs.contracts.Contract or str
        The contract or its name (``"respondents"``, ``"miti"``, ``"comparison"``).

    Returns
    -------
    str
        A header, a separator and one row per column of the contract; ``|`` in a cell is
        escaped.

    Examples
    --------
    >>> print(contract_table("respondents").splitlines()[0])
    | column | type | allowed | required | meaning |
    """
    contract = CONTRACTS[contract] if isinstance(contract, str) else contract
    lines = ["| column | type | allowed | required | meaning |", "|---|---|---|---|---|"]
    for spec in contract.fields:
        required = "yes" if (spec.required or contract.all_columns_required) else "no"
        lines.append(
            f"| `{spec.name}` | {_field_type(spec)} | {_md_escape(_field_allowed(spec))} | "
            f"{required} | {_md_escape(spec.description)} |"
        )
    return "\n".join(lines)


def _constraints_text(constraints: dict) -> str:
    parts = []
    if constraints.get("required"):
        parts.append("required")
    if constraints.get("unique"):
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(f"`{c}`" for c in constraints["enum"]))
    if "minimum" in constraints and "maximum" in constraints:
        parts.append(f"{constraints['minimum']} to {constraints['maximum']}")
    elif "minimum" in constraints:
        parts.append(f"at least {constraints['minimum']}")
    elif "maximum" in constraints:
        parts.append(f"at most {constraints['maximum']}")
    return "; ".join(parts)


def data_dictionary(datapackage: Path | None = None, heading_level: int = 3) -> str:
    """Markdown: one section and one table per resource of ``data/datapackage.json``.

    Parameters
    ----------
    datapackage : pathlib.Path, optional
        A Frictionless data package (default: the book's).
    heading_level : int, default 3
        The level of each resource's heading.

    Returns
    -------
    str
        Per resource: a heading with its path, its description, and a table of its fields
        (name, type, constraints, description); ends with one newline.

    Examples
    --------
    >>> print(data_dictionary().splitlines()[0])
    ### `data/published/numbers.csv`
    """
    package = json.loads(Path(datapackage or paths.DATAPACKAGE).read_text(encoding="utf-8"))
    hashes = "#" * heading_level
    out = []
    for resource in package["resources"]:
        out.append(f"{hashes} `data/{resource['path']}`")
        out.append("")
        out.append(_md_escape(resource.get("description", "")))
        out.append("")
        out.append("| field | type | constraints | description |")
        out.append("|---|---|---|---|")
        for fld in resource["schema"]["fields"]:
            out.append(
                f"| `{fld['name']}` | {fld.get('type', 'string')} | "
                f"{_md_escape(_constraints_text(fld.get('constraints', {})))} | "
                f"{_md_escape(fld.get('description', ''))} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _template_value(spec: Field, row: int, column: int) -> str:
    if spec.name in _EXAMPLE_TEXT:
        return _EXAMPLE_TEXT[spec.name][row % len(_EXAMPLE_TEXT[spec.name])]
    if spec.kind == "id":
        return f"{spec.name.split('_')[0][0].upper()}{row + 1:03d}"
    if spec.kind == "code":
        return spec.codes[(row + column) % len(spec.codes)]
    if spec.kind == "integer":
        if spec.maximum is None:
            return str(1 + (3 * row + column) % 9)
        width = spec.maximum - spec.minimum + 1
        if width > 10:  # e.g. age: spread over a plausible middle of the range
            return str(spec.minimum + (width // 3) + 11 * row)
        return str(spec.minimum + (row + column + 2) % width)
    return "example"


def template_rows(contract: Contract | str) -> list[dict[str, str]]:
    """A few example rows that satisfy the contract; the last one leaves optional cells empty.

    Parameters
    ----------
    contract : mibook.inputs.contracts.Contract or str
        The contract or its name.

    Returns
    -------
    list of dict
        :data:`TEMPLATE_ROWS` rows, column → text; every third optional cell of the last row
        is empty.

    Examples
    --------
    >>> template_rows("comparison")[0]["kind"]
    'barrier'
    """
    contract = CONTRACTS[contract] if isinstance(contract, str) else contract
    rows = []
    for r in range(TEMPLATE_ROWS):
        row = {}
        for j, spec in enumerate(contract.fields):
            optional = not (spec.required or contract.all_columns_required)
            blank = r == TEMPLATE_ROWS - 1 and optional and j % 3 == 2
            row[spec.name] = "" if blank else _template_value(spec, r, j)
        rows.append(row)
    return rows


def template_csv(contract: Contract | str) -> str:
    """The downloadable template of an input: header of every contract column, example rows.

    Parameters
    ----------
    contract : mibook.inputs.contracts.Contract or str
        The contract or its name.

    Returns
    -------
    str
        CSV text with ``\\n`` line ends: the header and :func:`template_rows`.
    """
    contract = CONTRACTS[contract] if isinstance(contract, str) else contract
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=contract.names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(template_rows(contract))
    return buffer.getvalue()


def template_path(kind: str) -> Path:
    """Where the book keeps the template of an input kind: ``book/templates/<kind>_template.csv``.

    Examples
    --------
    >>> template_path("miti").name
    'miti_template.csv'
    """
    return TEMPLATES / f"{kind}_template.csv"


# Small broken files, each showing one kind of message a user meets. The messages themselves are
# produced by running the real command on them.
_ERROR_CASES = (
    (
        "A value outside the allowed range, a misspelt code and an empty id",
        "respondents",
        "my_questionnaire.csv",
        "respondent_id,gender,age,satisfaction\nR001,female,45,6\nR002,femal,52,4\n,male,38,5\n",
    ),
    (
        "A column name with a typo (a notice, not an error: the column is ignored)",
        "respondents",
        "my_questionnaire.csv",
        "respondent_id,gender,age,education,sick_leave_length,satisfacton,useful_first,useful_second,"
        "useful_overall,timing_appropriate,preferred_timing\n"
        "R001,female,45,high_school,lt_2m,4,4,4,5,yes,good\n"
        "R002,male,52,,2_4m,5,3,4,4,no,1_month_earlier\n",
    ),
    (
        "The same id twice, and a number that is not whole",
        "respondents",
        "my_questionnaire.csv",
        "respondent_id,satisfaction,useful_first\nR001,4,5\nR001,3.5,4\n",
    ),
    (
        "A MITI file from which no summary score can be computed",
        "miti",
        "my_sessions.csv",
        "session_id,caseworker_id,question\nS001,CW1,12\nS002,CW1,9\n",
    ),
    (
        "A comparison file without a required column",
        "comparison",
        "my_site.csv",
        "study,country,re_aim_dimension,theme,kind,finding\n"
        "My agency,My country,adoption,workload,barrier,No time for the sessions.\n",
    ),
)


def error_examples() -> list[dict[str, str]]:
    """What ``mibook validate`` says about each broken example: title, file, command and output.

    Each example file is written to a temporary folder, checked with the function behind
    ``mibook validate`` and removed; the folder's path is stripped from the output.

    Returns
    -------
    list of dict
        ``title``, ``file``, ``content``, ``command`` and ``output`` (the messages and the exit
        code) per example.

    Examples
    --------
    >>> first = error_examples()[0]
    >>> first["command"]
    'mibook validate --respondents my_questionnaire.csv'
    >>> print(first["output"].splitlines()[0])
    invalid input: 3 problem(s)
    """
    examples = []
    with tempfile.TemporaryDirectory(prefix="mibook-guide-") as tmp:
        for title, kind, name, content in _ERROR_CASES:
            path = Path(tmp) / name
            path.write_text(content, encoding="utf-8")
            outcome = check_file(kind, path)
            status = EXIT_OK if outcome.ok else EXIT_INVALID
            output = "\n".join(outcome.lines()).replace(str(Path(tmp)) + "/", "").rstrip()
            examples.append(
                {
                    "title": title,
                    "file": name,
                    "content": content.rstrip(),
                    "command": f"mibook validate --{kind} {name}",
                    "output": output + f"\n(exit code {status})",
                }
            )
    return examples


def chapter_parameters() -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """For each chapter template: (name, [(parameter, type, default, help)]).

    Returns
    -------
    list of tuple
        In the order of :data:`mibook.book.registry.CHAPTERS`; the parameters as
        :func:`papermill.inspect_notebook` reads them from the template's parameters cell.

    Examples
    --------
    >>> name, rows = chapter_parameters()[0]
    >>> name, rows[0][:3]
    ('sample_characteristics', ('respondents_csv', 'str', '""'))
    """
    out = []
    for chapter in CHAPTERS:
        spec = papermill.inspect_notebook(str(chapter.template))
        rows = [
            (name, p["inferred_type_name"], p["default"], p.get("help", ""))
            for name, p in spec.items()
        ]
        out.append((chapter.name, rows))
    return out


def _fence(text: str, language: str = "text") -> str:
    return f"```{language}\n{text}\n```"


EXAMPLES = paths.BOOK / "examples"
SHOWN_LINES = 8


def codebook_walkthrough() -> str:
    """The worked example of the codebook, with real output of each step (markdown).

    Returns
    -------
    str
        The refusal of the raw export, the draft codebook, the edited codebook (the example's
        own, ``book/examples/pilot_codebook.yaml``) and its ``ok`` for both the CSV and the SPSS
        file, each produced by the same functions as the command line.
    """
    survey, spss = EXAMPLES / "pilot_survey.csv", EXAMPLES / "pilot_survey.sav"
    codebook = EXAMPLES / "pilot_codebook.yaml"

    def shown(path, book=None) -> str:
        lines = check_file("respondents", path, book).lines()
        text = [line.replace(str(EXAMPLES) + "/", "") for line in lines]
        if len(text) > SHOWN_LINES:
            text = text[:SHOWN_LINES] + [f"… ({len(lines) - SHOWN_LINES} more lines)"]
        return "\n".join(text)

    proposal = draft(survey, "respondents")
    final = load_codebook(codebook)
    headings_only = Codebook(respondents=Respondents(columns=final.respondents.columns))
    parts = [
        _fence(f"$ mibook validate --respondents {survey.name}\n{shown(survey)}"),
        "\nWith the headings mapped but not the labels, every Norwegian answer is an invalid "
        "cell. The summary lines come first, one per column with its distinct values and their "
        "counts; the per-row lines follow:\n",
        _fence(shown(survey, headings_only)),
        "\nAsk for a draft codebook and save it:\n",
        _fence(f"mibook codebook draft --respondents {survey.name} > pilot_codebook.yaml", "bash"),
        "\n:::{admonition} The draft (click to open)\n:class: dropdown\n\n"
        + _fence(proposal, "yaml")
        + "\n:::\n",
        "Then decide what only you can decide: the order of the new education level (it comes "
        "first here), the English wording of each question for the report, names for new items, "
        "and which published item each is compared with. The result, "
        "{download}`pilot_codebook.yaml <../examples/pilot_codebook.yaml>`:\n",
        _fence(codebook.read_text(encoding="utf-8").rstrip(), "yaml"),
        "\nWith it, both files are valid, and give the same tables:\n",
        _fence(
            f"$ mibook validate --respondents {survey.name} --codebook {codebook.name}\n"
            f"{shown(survey, codebook)}\n"
            f"$ mibook validate --respondents {spss.name} --codebook {codebook.name}\n"
            f"{shown(spss, codebook)}"
        ),
        "\nThe report is then one command (*Run your report* in the {doc}`../rerun_guide`):\n",
        _fence(
            f"mibook run --respondents {survey.name} --codebook {codebook.name} --out pilot_report",
            "bash",
        ),
        '\nIts tables list every category in your order, count "don\'t know" apart from blank '
        "answers (`item_missing.csv`, and a `dont_know` row where a table has a denominator), and "
        "analyse every Likert item of the codebook, on its own scale (`items.csv`).\n",
    ]
    return "\n".join(parts)


def rerun_guide() -> str:
    """The markdown of ``book/rerun_guide.md``, the short guide.

    Returns
    -------
    str
        The fixed text of the guide with the generated parts: the contract tables and the
        template downloads; links to the reference pages (:func:`subpage`).

    Examples
    --------
    >>> print(rerun_guide().splitlines()[0])
    # Rerun guide: from your spreadsheet to your own report
    """
    parts = [_GUIDE_HEAD]
    for kind in INPUT_KINDS:
        parts.append(
            f"### {kind}\n\n{_INPUT_INTRO[kind]}\n\n{contract_table(kind)}\n\n"
            f"Template: {{download}}`{kind}_template.csv <templates/{kind}_template.csv>`\n"
        )
    parts += [_GUIDE_CODEBOOK, _GUIDE_VALIDATE, _GUIDE_RUN, _GUIDE_PUBLISH]
    return "\n".join(parts).rstrip() + "\n"


def _codebook_page() -> str:
    return _CODEBOOK_HEAD + codebook_walkthrough()


def _messages_page() -> str:
    parts = [_MESSAGES_HEAD]
    for example in error_examples():
        parts.append(
            f"## {example['title']}\n\nThe file `{example['file']}`:\n\n"
            f"{_fence(example['content'])}\n\n"
            f"`{example['command']}` prints:\n\n{_fence(example['output'])}\n"
        )
    return "\n".join(parts)


def _parameters_page() -> str:
    parts = [_PARAMETERS_HEAD]
    titles = {c.name: c.title for c in CHAPTERS}
    for name, rows in chapter_parameters():
        table = ["| parameter | type | default | meaning |", "|---|---|---|---|"]
        table += [f"| `{p}` | {t} | `{_one_line(d)}` | {_md_escape(h)} |" for p, t, d, h in rows]
        parts.append(f"## {titles[name]}\n\n`notebooks/{name}.ipynb`\n\n" + "\n".join(table) + "\n")
    return "\n".join(parts)


def _data_files_page() -> str:
    return _DATA_FILES_HEAD + data_dictionary(heading_level=2)


def subpage(name: str) -> str:
    """The markdown of one reference page of the guide, ``book/rerun/<name>.md``.

    Parameters
    ----------
    name : str
        One of :data:`SUBPAGES`: ``codebook`` (the codebook's keys and a worked example, with
        the real output of each step), ``messages`` (what ``mibook validate`` prints on small
        broken files), ``parameters`` (every chapter's parameters, read from its template) or
        ``data_files`` (the data dictionary of ``data/datapackage.json``).

    Returns
    -------
    str
        A page that starts with its title and links back to the guide; ends with one newline.

    Examples
    --------
    >>> print(subpage("parameters").splitlines()[0])
    # The parameters of every chapter
    >>> "{doc}`../rerun_guide`" in subpage("data_files")
    True
    """
    pages = {
        "codebook": _codebook_page,
        "messages": _messages_page,
        "parameters": _parameters_page,
        "data_files": _data_files_page,
    }
    return pages[name]().rstrip() + "\n"


def subpage_path(name: str) -> Path:
    """Where a reference page of the guide is written: ``book/rerun/<name>.md``.

    Examples
    --------
    >>> subpage_path("codebook").relative_to(paths.ROOT).as_posix()
    'book/rerun/codebook.md'
    """
    return RERUN / f"{name}.md"


def write_generated(say=None) -> list[Path]:
    """Write the guide, its reference pages and ``book/templates/*.csv``; return what changed.

    Parameters
    ----------
    say : callable, optional
        Receives one line per file written.

    Returns
    -------
    list of pathlib.Path
        The files whose content changed and were rewritten (atomically); unchanged files are
        not touched.
    """
    wanted = {template_path(kind): template_csv(kind) for kind in INPUT_KINDS}
    wanted[GUIDE] = rerun_guide()
    for name in SUBPAGES:
        wanted[subpage_path(name)] = subpage(name)
    return write_changed(wanted, say, paths.ROOT)


_INPUT_INTRO = {
    "respondents": "One row per sick-listed worker who answered the questionnaire. Used by the "
    "chapters on sample characteristics and on satisfaction and timing.",
    "miti": (
        "One row per coded session (MITI 4.2.1). Every column except `session_id` is optional: "
        "each {term}`MITI` summary score is computed when the columns it needs are there, and "
        "the report says which could not be. Used by the MITI fidelity chapter."
    ),
    "comparison": (
        "One row per finding from your own study or site; your rows are added to the two studies' "
        "rows in the comparison chapter. Use the same `theme` label as the book where you mean "
        "the same thing, so that shared themes line up."
    ),
}

_GUIDE_HEAD = """\
# Rerun guide: from your spreadsheet to your own report

This page is for researchers and practitioners who have their own data — a questionnaire like the
Norwegian one, MITI codes of their own recorded sessions, or findings from their own agency — and
want the analyses of this book run on it. Everything on this page, and on the four reference pages
that go with it, is generated from the code when the book is built: the column tables from the
input contracts, the parameters from the chapter templates, and the error messages by running the
checks on small broken files. It cannot drift out of date. The reference pages:

* {doc}`rerun/codebook`: how a codebook maps a survey tool's export onto the book's inputs,
  with a worked example;
* {doc}`rerun/messages`: what `mibook validate` says about a file that does not fit;
* {doc}`rerun/parameters`: the parameters of every chapter, for running one at a time;
* {doc}`rerun/data_files`: every data file of the book, field by field.

## 1. Install

On a machine with Python 3 (Debian or Ubuntu, macOS, or Windows with WSL), get a copy of the
repository and run, in its folder:

```bash
make book
```

This creates a virtual environment in `.venv`, installs the pinned packages, and builds the book.
Conda users can create the environment from `environment.yml` instead. All commands below are
run from the repository folder.

## 2. Prepare your files

Each input is a table with a header row, saved as `.csv` (UTF-8, comma or semicolon separated),
`.xlsx` (the first sheet is read), SPSS `.sav` or Stata `.dta` (value labels are applied). An
empty cell means *missing*. Codes and column
names are matched after trimming spaces and ignoring case, so `Female ` is read as `female`. Whole
numbers may be written `3` or `3.0` (as Excel and Stata export them) but not `3.5`. Columns that
are not in the contract are ignored, with a notice; a contract column you do not have is treated as
unanswered.

Start from a template: each one has the right header and a few example rows (delete them and type
your own). The example rows are invented and satisfy the checks.
"""

_GUIDE_CODEBOOK = """\
### Your own headings and answer labels: a codebook

A survey tool's export rarely looks like the templates: it has its own column headings, answer
labels in the language of the questionnaire, "don't know" answers, perhaps a category or a question
the book does not have. A *codebook*, a small YAML file given with `--codebook`, says how such a
file maps onto the book's inputs, so that nothing needs recoding by hand, and
`mibook codebook draft` proposes one from your file. {doc}`rerun/codebook` lists its keys and
follows an invented pilot from a refused export to a valid file.
"""

_CODEBOOK_HEAD = """\
# A codebook for your own files

Part of the {doc}`../rerun_guide`.

A survey tool's export rarely looks like the templates: it has its own column headings, answer
labels in the language of the questionnaire, "don't know" answers, perhaps an education level or
a question the book does not have. A *codebook* (a small YAML file) says how such a file maps onto
the book's inputs, so that nothing needs recoding by hand. Its keys:

* `study.title`: the study's name, the report's title and its name in the prose;
* `respondents.columns`: contract column → your heading (in `.sav`/`.dta`, also the variable
  label);
* `respondents.values`: per categorical column, your answer label (or stored code) → the
  contract's code;
* `respondents.categories`: a variable's codes in the order tables and figures show them; new
  codes are allowed;
* `respondents.missing`: answers that carry no value ("don't know", "prefer not to say"),
  counted apart and never taken for a blank;
* `respondents.items`: the Likert items, each with `name`, `column`, `text` (the wording shown in
  the report), `scale` (2 to 11 points), `labels` and `compare_with`;
* `miti.columns`, `miti_utterances.columns` and `miti_utterances.values`: the same for MITI files.

You do not write it from nothing: `mibook codebook draft` proposes one, matching your headings
to the contract's columns and every distinct answer to a code (it knows common English, Norwegian,
Swedish and Danish labels). What is left are the decisions only you can make.

## A worked example

An invented job-centre pilot exported its questionnaire from a survey
tool ({download}`pilot_survey.csv <../examples/pilot_survey.csv>`, and the same answers as an SPSS
file, {download}`pilot_survey.sav <../examples/pilot_survey.sav>`): semicolons, Norwegian headings
and labels, "Vet ikke" (don't know), a primary-school level, a 1–7 question and a comment
column. Checked as it is, the file is refused: none of its headings is a contract column.

"""

_GUIDE_VALIDATE = """\
## 3. Check your files

Before running anything, check each file:

```bash
.venv/bin/mibook validate --respondents my_questionnaire.csv
.venv/bin/mibook validate --miti my_sessions.csv
.venv/bin/mibook validate --comparison my_site.csv
```

A good file gives `ok: N rows` and exit code 0. A bad one gives exit code 2 and one line per
problem, naming the file, the column, the row (counted from the first data row, the header not
counted, as in your spreadsheet's row number minus one) and what was expected. Fix the cells it
names and check again. {doc}`rerun/messages` shows what the messages look like: real ones, produced
by running the command on small broken files.
"""

_MESSAGES_HEAD = """\
# What the error messages look like

Part of the {doc}`../rerun_guide`. `mibook validate` checks a file against its contract before
anything runs (`mibook run` does the same). A good file gives `ok: N rows` and exit code 0; a bad
one gives exit code 2 and one line per problem, naming the file, the column, the row (counted from
the first data row, as in your spreadsheet's row number minus one) and what was expected. The
messages below are real: each small file was checked with the command shown when the book was
built.
"""

_GUIDE_RUN = """\
## 4. Run your report

One command runs a chapter for each kind of file you give and writes a standalone report about
your study:

```bash
.venv/bin/mibook run --respondents my_questionnaire.csv --miti my_sessions.csv \\
    --comparison my_site.csv --title "Our agency, 2026" --out my_report
```

The command checks every file first; if any is invalid it prints the problems, exits with code 2
and writes nothing. Otherwise it prints one line per chapter as it runs and produces

* `my_report/html/index.html` — the report, readable in any browser without a server;
* `my_report/tables/*.csv` — every table, with unrounded percents, for your own further analysis;
* `my_report/notebooks/*.ipynb` — the executed notebooks, code and output together;
* `my_report/report.zip` — all of the above in one file, to send or archive.

### What the report holds

The report is about your study, under the title of `--title` (or the codebook's
`study.title`). It has one chapter for each kind of file you gave: who answered and how the
sessions were received (`--respondents`), MI fidelity (`--miti`), and your study beside Sweden
and Norway (`--comparison`). Each chapter opens with what your data show, in your own item
wording, and ends by comparing your numbers with the published study wherever both measure the
same thing; `tables/benchmark.csv` holds every such comparison, with the difference and its
95 % interval. A last page says what the two published studies are and where to read them. The
analyses of the published numbers alone (which ratings agree with Table 3, the consistency
audit) stay in the book, and so do the exercises and background pages. Run `mibook run` with no
input file to get the book itself on its default data.

`--out` must be a new or empty folder or an earlier mibook report (which is then replaced); no
file is ever written next to your input files.

### MITI files from a coding team

A coding team's sheet can go in as it is:

* **Double coding.** With a `coder_id` column a session may appear once per coder. Every summary
  uses one rating per session, that of the *primary coder*: the coder with the most sessions,
  or the one named by the chapter's `primary_coder` parameter. The sessions that the primary
  coder and a second coder both rated give the agreement table (`miti_reliability.csv`: ICC(2,1)
  with its 95 % interval for every rating, composite and count; `miti_agreement.csv`: how often
  the two gave the same global rating or one within a point) and a figure of one coder's ratings
  against the other's.
* **Dates.** With a `date` column (`2025-03-14` or `14.03.2025`) the chapter draws each
  caseworker's scores over time and estimates a trend per caseworker (`miti_trend.csv`).
* **Utterance codes.** A program that codes each utterance (one row per utterance, with at
  least the session and the code) goes in with `--miti-utterances FILE`: the codes are counted
  per session (and coder) into the ten behaviour counts and joined by `session_id` to the global
  ratings of `--miti`, which may then leave the counts out. A code is a behaviour column's name
  or its MITI abbreviation (`GI`, `PERS`, `PWP`, `Q`, `SR`, `CR`, `AF`, `SEEK`, `EMPH`, `CON`);
  other labels are mapped under `miti_utterances.values.code` in the codebook, and
  `mibook codebook draft --miti-utterances FILE` proposes the mapping.
* **Names.** With `--pseudonymise` every caseworker and coder id is replaced by `Caseworker A`,
  `Coder A`, … (in order of first appearance) before any chapter runs, so no table, figure or
  sentence of the report holds a real name. The session ids are kept as they are: if they hold
  names, replace them in the file first.

```bash
.venv/bin/mibook run --miti team_ratings.xlsx --miti-utterances team_utterances.csv \\
    --codebook team_codebook.yaml --pseudonymise --out team_report
```

### One chapter at a time, with papermill

Each chapter is a parameterised notebook that {term}`papermill` can run directly, for example with
a different confidence level:

```bash
.venv/bin/papermill notebooks/satisfaction_timing.ipynb out.ipynb \\
    -p respondents_csv my_questionnaire.csv -p ci_level 0.9 -p output_dir out_tables
```

The executed notebook `out.ipynb` can be opened in Jupyter; `out_tables/` holds its tables.
{doc}`rerun/parameters` lists the parameters of every chapter, read from the templates themselves.
"""

_PARAMETERS_HEAD = """\
# The parameters of every chapter

Part of the {doc}`../rerun_guide`. Each chapter is a parameterised notebook that {term}`papermill`
can run on its own, with any of these parameters changed with `-p NAME VALUE` (see *One chapter
at a time, with papermill* in the guide). They are read from the parameters cell of each template
when the book is built, with the comment that explains each.
"""

_GUIDE_PUBLISH = """\
## 5. Publish your report

The folder `my_report/html/` is a static web site: plain HTML, CSS and JavaScript. To share it you
can

* zip the folder and send it, or put it on a shared drive (open `index.html`);
* copy it to any web server or static hosting service;
* publish it with GitHub Pages: put the report in a repository and use a workflow that uploads the
  `html` folder, like the one this book uses for itself (`.github/workflows/pages.yml`, described
  in the README).

Before publishing, check that the report contains no information about identifiable people. The
report shows aggregates, but small groups (a category with one or two people, a caseworker with
few sessions) can identify someone; the notebooks also name your input files. Never publish the
input files themselves unless your consent and ethics approval allow it. If you publish, cite the
two original studies and this book (see `CITATION.cff` in the repository).

## 6. The book's own data files

{doc}`rerun/data_files` describes every data file of the book field by field, as
`data/datapackage.json` does: the published numbers and statements, the reconstructed
respondents and sessions, and the coded comparison.
"""

_DATA_FILES_HEAD = """\
# The book's own data files

Part of the {doc}`../rerun_guide`. For reference, every data file of the book, as described in
`data/datapackage.json` (a Frictionless data package); each can be downloaded from
{doc}`../how_to_cite`.

"""
