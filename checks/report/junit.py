"""JUnit XML for CI: one testsuite per group (file, operation, page), one testcase per entry."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checks.report import FAILED, SKIPPED

# Characters XML 1.0 cannot hold (a program may print control codes); they become U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _case(suite, entry) -> None:
    attributes = {"name": entry.case or entry.rule, "classname": entry.classname or entry.group}
    if entry.place is not None:
        attributes["file"] = entry.place.path
        if entry.place.line is not None:
            attributes["line"] = str(entry.place.line)
    if entry.seconds is not None:
        attributes["time"] = f"{entry.seconds:.3f}"
    case = ET.SubElement(suite, "testcase", **attributes)
    if entry.outcome == FAILED:
        ET.SubElement(case, "failure", message=clean(entry.message), type=entry.kind).text = clean(entry.detail) or None
    elif entry.outcome == SKIPPED:
        ET.SubElement(case, "skipped", message=clean(entry.message))
    if entry.log and entry.outcome != FAILED:
        ET.SubElement(case, "system-err").text = clean(entry.log)


def render(report) -> str:
    groups: dict[str, list] = {}
    for entry in report.entries:
        groups.setdefault(entry.group, []).append(entry)
    suites = ET.Element("testsuites", name=report.junit_name or f"jobs-checks {report.tool}",
                        tests=str(len(report.entries)), failures=str(report.count(FAILED)),
                        skipped=str(report.count(SKIPPED)))
    if report.junit_errors:
        suites.set("errors", str(len(report.errors)))
    for key, value in report.junit_attributes.items():
        suites.set(key, value)
    for group, entries in groups.items():
        suite = ET.SubElement(suites, "testsuite", name=group, tests=str(len(entries)),
                              failures=str(sum(e.outcome == FAILED for e in entries)),
                              skipped=str(sum(e.outcome == SKIPPED for e in entries)))
        for entry in entries:
            _case(suite, entry)
    if report.errors and report.junit_errors:
        suite = ET.SubElement(suites, "testsuite", name=f"jobs-checks {report.tool} run", tests=str(len(report.errors)),
                              errors=str(len(report.errors)))
        for number, error in enumerate(report.errors, 1):
            case = ET.SubElement(suite, "testcase", name=f"error {number}", classname="jobs-checks")
            ET.SubElement(case, "error", message=clean(error))
    if report.junit_properties:
        properties = ET.SubElement(suites, "properties")
        for name, value in report.junit_properties.items():
            ET.SubElement(properties, "property", name=name, value=clean(value))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
