"""The contract runner and the reference server ask `checks.apispec` for facts; they spell none themselves.

A string literal (outside docstrings) in `checks/contract` or `checks/reference_server` must not
be a vendor-extension key (`x-...`), a route the spec declares, or a value of a parameter enum
of either profile. Words that are also spec field names or lifecycle roles (the keys code asks
the spec with) are not facts of their own; the node toys and the storage areas they write to
are ComfyUI's node vocabulary, named once in the modules that model the nodes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from checks.apispec import PROFILES, spec_for

ROOT = Path(__file__).resolve().parents[2] / "checks"
PACKAGES = ("contract", "reference_server")
# Modules that model ComfyUI's own nodes: which storage area or media group a node writes to
# is the node's behaviour, not a Jobs API fact.
NODE_MODULES = {"reference_server/nodes.py", "reference_server/executor.py", "reference_server/seed.py",
                "contract/workflows.py"}


def _words_the_spec_owns() -> set[str]:
    values: set[str] = set()
    for profile in PROFILES:
        spec = spec_for(profile)
        for op in spec.operations:
            for name in spec.parameters(op.operation_id):
                values |= {str(value) for value in spec.parameter_enum(name, op.operation_id) or ()}
    return values


def _allowed_words() -> set[str]:
    """Field names and lifecycle roles: the keys code uses to ask the spec or read a body."""
    allowed: set[str] = set()
    for profile in PROFILES:
        spec = spec_for(profile)
        for name in spec.document.get("components", {}).get("schemas", {}):
            allowed |= set(spec.properties(name))
        allowed |= {facts.get("role") for facts in spec.lifecycle.values()}
    return allowed


def _literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    found = [(node.lineno, node.col_offset, node.value) for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
    for line, _, text in sorted(found):
        yield line, text


# A third profile's modules (checks/*/v2) follow that profile's own accessors and are checked there.
MODULES = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "v2" not in path.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_spells_a_fact_of_the_spec(path):
    relative = str(path.relative_to(ROOT))
    enum_values = _words_the_spec_owns() - _allowed_words()
    specs = [spec_for(profile) for profile in PROFILES]
    found = []
    for line, text in _literals(path):
        if re.match(r"x-[a-z]", text):
            found.append((line, text, "reads a vendor extension: add an accessor to checks.apispec"))
        elif text.startswith("/") and any(spec.match_path(text) for spec in specs) and text != "/":
            found.append((line, text, "hard-codes a route: ask the spec for the operation's path"))
        elif text in enum_values and relative not in NODE_MODULES:
            found.append((line, text, "hard-codes an enum value: ask the spec"))
    assert found == []


def test_the_scan_sees_a_hard_coded_fact(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('"""A module."""\nrule = schema.get("x-sort-key")\nurl = "/api/jobs"\norder = "desc"\n')
    texts = [text for _, text in _literals(planted)]
    assert texts == ["x-sort-key", "/api/jobs", "desc"]
    assert "desc" in _words_the_spec_owns() - _allowed_words()
