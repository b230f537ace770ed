"""SARIF 2.1.0 for GitHub code scanning: every rule in `tool.driver.rules`, one result per finding."""

from __future__ import annotations

import json

from checks import __version__
from checks.docs.report import relative

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule_record(code: str, rule) -> dict:
    if rule is None:
        return {"id": code, "shortDescription": {"text": code}, "defaultConfiguration": {"level": "warning"}}
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.doc or rule.summary or rule.name},
        "help": {"text": rule.doc or rule.summary, "markdown": f"```text\n{rule.doc or rule.summary}\n```"},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": ["documentation", "jobs-api"]},
    }


def _region(line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> dict:
    region = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    if end_line and end_line >= line:
        region["endLine"] = end_line
    if end_column and end_column >= 1:
        region["endColumn"] = end_column
    return region


def _fix_record(fix) -> dict:
    return {
        "description": {"text": fix.description or f"Replace with `{fix.replacement}`"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": relative(fix.path)},
                "replacements": [
                    {
                        "deletedRegion": _region(fix.line, fix.column, fix.end_line, fix.end_column),
                        "insertedContent": {"text": fix.replacement},
                    }
                ],
            }
        ],
    }


def _result_record(finding, index: int) -> dict:
    record = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": relative(finding.path)},
                    "region": _region(finding.line, finding.column, finding.end_line),
                }
            }
        ],
    }
    if finding.profile:
        record["properties"] = {"profile": finding.profile}
    if finding.fix is not None:
        record["fixes"] = [_fix_record(finding.fix)]
    return record


def sarif_document(result, rules: dict) -> dict:
    codes = sorted(set(rules) | {f.code for f in result.findings})
    index = {code: position for position, code in enumerate(codes)}
    invocation = {"executionSuccessful": not result.errors}
    if result.errors:
        invocation["toolExecutionNotifications"] = [{"level": "error", "message": {"text": error}} for error in result.errors]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jobs-checks",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_record(code, rules.get(code)) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [invocation],
                "results": [_result_record(f, index[f.code]) for f in result.findings],
            }
        ],
    }


def render(result, rules: dict, *, color: bool = False) -> str:
    return json.dumps(sarif_document(result, rules), indent=2, ensure_ascii=False) + "\n"
