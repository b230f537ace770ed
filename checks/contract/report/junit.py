"""JUnit XML for CI: one testsuite per operation, one testcase per check."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from checks.contract.outcomes import FAILED, SKIPPED


def render(report) -> str:
    by_operation = defaultdict(list)
    for row in report.rows:
        by_operation[row.operation].append(row)
    suites = ET.Element("testsuites", name=f"jobs-checks contract ({report.profile})",
                        tests=str(len(report.rows)), failures=str(report.count(FAILED)),
                        skipped=str(report.count(SKIPPED)), time=f"{report.elapsed:.3f}")
    for operation, rows in sorted(by_operation.items()):
        suite = ET.SubElement(suites, "testsuite", name=operation, tests=str(len(rows)),
                              failures=str(sum(row.status == FAILED for row in rows)),
                              skipped=str(sum(row.status == SKIPPED for row in rows)))
        for row in rows:
            case = ET.SubElement(suite, "testcase", name=row.name, classname=f"{report.profile}.{operation}")
            if row.status == FAILED:
                text = "\n\n".join(
                    failure.message + (f"\nreproduce: {failure.curl}" if failure.curl else "") for failure in row.failures
                )
                ET.SubElement(case, "failure", message=row.failures[0].message.splitlines()[0] if row.failures else "failed",
                              type="contract-violation").text = text
            elif row.status == SKIPPED:
                ET.SubElement(case, "skipped", message=row.skip_reason or "not exercised")
    if report.defects:
        # Bugs outside the contract: listed for people, failures only when the run fails on them.
        suite = ET.SubElement(suites, "testsuite", name="server defects", tests=str(len(report.defects)),
                              failures=str(len(report.defects) if report.fail_on_defects else 0), skipped="0")
        for defect in report.defects:
            case = ET.SubElement(suite, "testcase", name=defect.check, classname=f"{report.profile}.server-defect")
            text = defect.message + (f"\nreproduce: {defect.curl}" if defect.curl else "")
            if report.fail_on_defects:
                ET.SubElement(case, "failure", message=defect.message, type="server-defect").text = text
            else:
                ET.SubElement(case, "system-err").text = text
    properties = ET.SubElement(suites, "properties")
    for name, value in (("profile", report.profile), ("server_version", report.version or "unknown"),
                        ("seed", str(report.seed)), ("base_url", report.base_url)):
        ET.SubElement(properties, "property", name=name, value=value)
    ET.indent(suites)
    return report.mask(ET.tostring(suites, encoding="unicode", xml_declaration=True)) + "\n"
