"""SARIF 2.1.0 (GitHub code scanning): every rule in `tool.driver.rules`, one result per failed entry."""

from __future__ import annotations

import json

from checks import __version__
from checks.report import FAILED

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule_record(rule_id: str, rule) -> dict:
    if rule is None:
        return {"id": rule_id, "shortDescription": {"text": rule_id}, "defaultConfiguration": {"level": "warning"}}
    record = {"id": rule.id}
    if rule.name:
        record["name"] = rule.name
    record["shortDescription"] = {"text": rule.summary or rule.name or rule.id}
    record["fullDescription"] = {"text": rule.doc or rule.summary or rule.name or rule.id}
    text = rule.doc or rule.summary or rule.id
    record["help"] = {"text": text, "markdown": f"```text\n{text}\n```"}
    record["defaultConfiguration"] = {"level": LEVELS.get(rule.level, "warning")}
    record["properties"] = {"tags": ["documentation", "jobs-api"]}
    return record


def _region(line, column, end_line=None, end_column=None) -> dict:
    region = {"startLine": max(line or 1, 1), "startColumn": max(column or 1, 1)}
    if end_line and end_line >= (line or 1):
        region["endLine"] = end_line
    if end_column and end_column >= 1:
        region["endColumn"] = end_column
    return region


def _fix_record(edit) -> dict:
    place = edit.place
    return {
        "description": {"text": edit.description},
        "artifactChanges": [{
            "artifactLocation": {"uri": place.path},
            "replacements": [{
                "deletedRegion": _region(place.line, place.column, place.end_line, place.end_column),
                "insertedContent": {"text": edit.replacement},
            }],
        }],
    }


def _result_record(entry, index: int) -> dict:
    record = {"ruleId": entry.rule, "ruleIndex": index, "level": LEVELS.get(entry.level, "warning"),
              "message": {"text": entry.message + (f"\n{entry.note}" if entry.note else "")}}
    if entry.place is not None:
        place = entry.place
        record["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": place.path},
                                                     "region": _region(place.line, place.column, place.end_line)}}]
    if entry.properties:
        record["properties"] = dict(entry.properties)
    if entry.fixes:
        record["fixes"] = [_fix_record(edit) for edit in entry.fixes]
    return record


def sarif_document(report) -> dict:
    failed = [entry for entry in report.entries if entry.outcome == FAILED]
    ids = sorted(set(report.rules) | {entry.rule for entry in failed})
    index = {rule_id: position for position, rule_id in enumerate(ids)}
    invocation = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [{"level": "error", "message": {"text": e}} for e in report.errors]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jobs-checks", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule_record(rule_id, report.rules.get(rule_id)) for rule_id in ids]}},
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": [_result_record(entry, index[entry.rule]) for entry in failed],
        }],
    }


def render(report) -> str:
    return json.dumps(sarif_document(report), indent=2, ensure_ascii=False) + "\n"
