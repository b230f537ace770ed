"""JUnit XML for CI: one testsuite per page, one testcase per program (language)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from checks.examples.outcomes import FAILED, SKIPPED, TIMED_OUT
from checks.examples.report import relative, sandbox_line, summary


# Characters XML 1.0 cannot hold (a program may print control codes); they become U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _details(outcome) -> str:
    lines = [f"at {relative(outcome.source or outcome.page)}:{outcome.line}"]
    if outcome.hint:
        lines.append(f"likely culprit: {outcome.hint}")
    if outcome.last_exchange is not None:
        lines.append(f"last response: {outcome.last_exchange.line()} {outcome.last_exchange.body}")
    if outcome.output:
        lines += ["output:", *outcome.output]
    return _clean("\n".join(lines))


def render(result, *, color: bool = False) -> str:
    numbers = summary(result)
    suites = ET.Element("testsuites", name="jobs-checks examples", tests=str(numbers["programs"]),
                        failures=str(numbers["failed"] + numbers["timed_out"]), skipped=str(numbers["skipped"]),
                        errors=str(len(result.errors)))
    fences = sandbox_line(result)
    if fences:
        properties = ET.SubElement(suites, "properties")
        ET.SubElement(properties, "property", name="sandbox", value=_clean(fences))
    for page, group in groupby(result.outcomes, key=lambda outcome: outcome.page):
        outcomes = list(group)
        suite = ET.SubElement(suites, "testsuite", name=relative(page), tests=str(len(outcomes)),
                              failures=str(sum(o.verdict in (FAILED, TIMED_OUT) for o in outcomes)),
                              skipped=str(sum(o.verdict == SKIPPED for o in outcomes)))
        for outcome in outcomes:
            case = ET.SubElement(suite, "testcase", name=outcome.language, classname=relative(page),
                                 file=relative(outcome.source or outcome.page), line=str(outcome.line),
                                 time=f"{outcome.seconds:.3f}")
            if outcome.verdict in (FAILED, TIMED_OUT):
                kind = "timeout" if outcome.verdict == TIMED_OUT else "failure"
                ET.SubElement(case, "failure", message=_clean(outcome.reason), type=kind).text = _details(outcome)
            elif outcome.verdict == SKIPPED:
                ET.SubElement(case, "skipped", message=_clean(outcome.reason))
    if result.errors:
        suite = ET.SubElement(suites, "testsuite", name="jobs-checks examples run", tests=str(len(result.errors)),
                              errors=str(len(result.errors)))
        for number, error in enumerate(result.errors, 1):
            case = ET.SubElement(suite, "testcase", name=f"error {number}", classname="jobs-checks")
            ET.SubElement(case, "error", message=_clean(error))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
