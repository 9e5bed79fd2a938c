"""data/datapackage.json describes every data file, and matches the contracts it mirrors."""

import csv
import json

from mibook import paths
from mibook.inputs.contracts import CONTRACTS, frictionless_schema

PACKAGE = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
RESOURCES = {r["path"]: r for r in PACKAGE["resources"]}


def test_every_data_file_is_described_and_every_resource_exists():
    files = {p.relative_to(paths.DATA).as_posix() for p in paths.DATA.rglob("*.csv")}
    assert files == set(RESOURCES)


def test_resource_fields_are_the_file_header_in_order():
    for path, resource in RESOURCES.items():
        with open(paths.DATA / path, encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert [f["name"] for f in resource["schema"]["fields"]] == header, path
        assert all(f.get("description") for f in resource["schema"]["fields"]), path


def test_reconstructed_files_are_marked_and_follow_their_contract():
    for path, resource in RESOURCES.items():
        if path.startswith("reconstructed/"):
            assert resource["mibook:provenance"] == "reconstructed"
            contract = CONTRACTS[path.split("/")[1].removesuffix(".csv")]
            expected = {f["name"]: f for f in frictionless_schema(contract)["fields"]}
            for field in resource["schema"]["fields"]:
                assert field == expected[field["name"]], (path, field["name"])
