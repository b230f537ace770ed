"""The machine report: the command's own JSON document (documented and versioned by the command)."""

from __future__ import annotations

import json


def render(report) -> str:
    return json.dumps(report.document, indent=2, ensure_ascii=False) + "\n"
