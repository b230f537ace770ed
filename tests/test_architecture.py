"""The tree keeps its shape: facts come from the spec package only.

No module of `checks/` outside `checks/apispec/` reads a vendor extension (`x-...`), spells a
route of a profile, or spells an enum value of a parameter or of a status: they ask
`checks.apispec`. (A value that is also a job field, such as `create_time`, is read as a
field by the code that names it, which is what a response reader does.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from checks.apispec import ALL_PROFILES, spec_for

PACKAGE = Path(__file__).resolve().parent.parent / "checks"
OUTSIDE_SPEC = sorted(p for p in PACKAGE.rglob("*.py") if "apispec" not in p.relative_to(PACKAGE).parts)


def _literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def _facts():
    routes, values, fields = set(), set(), set()
    for profile in ALL_PROFILES:
        spec = spec_for(profile)
        fields.update(spec.job_fields(detail=True))
        for op in spec.operations:
            routes.update(p for p in op.served_paths if p.count("/") >= 2 or "{" in p)
            for name in spec.parameters(op.operation_id):
                values.update(v for v in spec.parameter_enum(name, op.operation_id) or () if "_" in v)
        values.update(s for s in spec.status_enum() if "_" in s)
    return routes, values - fields


ROUTES, VALUES = _facts()


def _violations(kind):
    found = []
    for path in OUTSIDE_SPEC:
        for line, text in _literals(path):
            if kind == "x-key" and text.startswith("x-") and text[2:3].isalpha():
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text!r}")
            elif kind == "route" and text in ROUTES:
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text!r}")
            elif kind == "value" and text in VALUES:
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text!r}")
    return found


@pytest.mark.parametrize("kind", ["x-key", "route", "value"])
def test_no_fact_outside_the_spec_package(kind):
    assert _violations(kind) == []
