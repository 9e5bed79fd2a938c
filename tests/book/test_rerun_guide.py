"""The generated rerun guide, data dictionary and download templates
(``mibook.book.rerun_guide``)."""

import json
import re

import pytest

from mibook import paths
from mibook.book import rerun_guide as dictionary


def test_data_dictionary_lists_every_field_of_every_resource():
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    text = dictionary.data_dictionary()
    sections = re.split(r"^### ", text, flags=re.M)
    for resource in package["resources"]:
        section = next(s for s in sections if s.startswith(f"`data/{resource['path']}`"))
        for fld in resource["schema"]["fields"]:
            assert f"| `{fld['name']}` |" in section, (resource["path"], fld["name"])


def test_contract_tables_list_every_contract_column():
    from mibook.inputs.contracts import CONTRACTS

    for name, contract in CONTRACTS.items():
        table = dictionary.contract_table(name)
        for spec in contract.fields:
            assert f"| `{spec.name}` |" in table


def test_committed_rerun_guide_and_templates_are_what_the_code_generates():
    assert (paths.BOOK / "rerun_guide.md").read_text(encoding="utf-8") == dictionary.rerun_guide()
    for kind in dictionary.INPUT_KINDS:
        assert dictionary.template_path(kind).read_text(
            encoding="utf-8"
        ) == dictionary.template_csv(kind)


def test_rerun_guide_shows_real_messages_and_links_the_templates():
    guide = (paths.BOOK / "rerun_guide.md").read_text(encoding="utf-8")
    for kind in dictionary.INPUT_KINDS:
        assert f"<templates/{kind}_template.csv>`" in guide
    examples = dictionary.error_examples()
    assert any("(exit code 2)" in e["output"] and "expected" in e["output"] for e in examples)
    assert all("/tmp" not in e["output"] and "mibook-guide-" not in e["output"] for e in examples)
    assert "mibook run" in guide and "papermill" in guide


@pytest.mark.parametrize("kind", dictionary.INPUT_KINDS)
def test_download_templates_validate(cli, kind):
    path = dictionary.template_path(kind)
    result = cli("validate", f"--{kind}", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok: {dictionary.TEMPLATE_ROWS} rows"
    assert "notice" not in result.stderr  # every contract column present, nothing unknown
