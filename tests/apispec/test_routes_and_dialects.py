"""Route, dialect and unit accessors the docs rules ask instead of deriving facts themselves."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import checks
from checks.apispec import PROFILES, spec_for
from checks.apispec.dialects import Dialects, dialect_name, dialects_for, normalise
from checks.apispec.routes import (
    api_roots, first_segment, has_api_root, jobs_like, route_families, route_pattern, route_prefixes, strip_api_root,
    twin_path,
)
from checks.apispec.units import UNITS, factor, unit_homes

PACKAGE = Path(checks.__file__).resolve().parent


def test_api_roots_come_from_the_profiles():
    assert "/api" in api_roots()
    assert strip_api_root("/api/jobs/1") == "/jobs/1" and strip_api_root("/prompt") == "/prompt"
    assert has_api_root("/api/jobs") and not has_api_root("/apix/jobs")
    assert first_segment("/api/jobs/1?limit=2") == "jobs" and first_segment("/prompt") == "prompt"


def test_twin_paths_add_or_drop_the_api_root():
    assert twin_path("/jobs") == "/api/jobs"
    assert twin_path("/api/jobs?limit=1") == "/jobs"


def test_route_prefixes_and_pattern_cover_every_served_path():
    prefixes = route_prefixes()
    for profile in PROFILES:
        for op in spec_for(profile).operations:
            for path in op.served_paths:
                assert path.split("{", 1)[0].rstrip("/") in prefixes
    assert list(prefixes) == sorted(prefixes, key=lambda p: (-len(p), p))
    pattern = route_pattern()
    assert pattern.search("GET /api/jobs/123") and not pattern.search("/api/jobsfoo")


def test_route_families_leave_out_the_version_route():
    families = route_families()
    assert {"jobs", "prompt", "history"} <= families
    version_op = spec_for("comfyui").version_source_operation
    version_path = spec_for("comfyui").operation(version_op).path
    assert first_segment(version_path) not in families
    assert jobs_like("/api/jobs/1") and not jobs_like("/api/view")


def test_dialects_answer_for_the_specs_of_a_page():
    one = dialects_for([spec_for("cloud")])
    assert one is dialects_for([spec_for("cloud")])  # cached per profile set
    assert isinstance(one, Dialects) and [spec.profile for spec in one.specs] == ["cloud"]
    assert one.parameter("sortBy") == "sort_by" and normalise("Sort-By") == "sortby"
    verdict = one.verdict("sort_by", "created_at", one.operations_with("sort_by"))
    assert verdict is not None and verdict[1] == "create_time"
    assert dialect_name(spec_for("cloud")).endswith("(cloud)")
    assert one.mentions_other("on the local server this is different")


def test_units_and_their_homes():
    assert factor("s", "ms") == Decimal(1000) and factor("ms", "s") == Decimal("0.001")
    assert UNITS["ms"].digits == 13 and UNITS["s"].word == "seconds"
    siblings, holders = unit_homes("cloud")
    assert "create_time" in siblings and siblings["create_time"]


def test_no_docs_or_samples_module_reads_a_vendor_extension():
    """Only `checks.apispec` reads `x-...` keys; the lint and the sample readers ask it."""
    offenders = []
    for folder in ("docs", "samples"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
                if re.search(r"[\"']x-[a-z]", line):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_no_docs_or_samples_module_spells_the_api_root():
    """`/api` and the route families come from `checks.apispec.routes`."""
    offenders = []
    for folder in ("docs", "samples"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
                code = line.split("#", 1)[0]
                if re.search(r"[\"']/api/?[\"']|startswith\([\"']/api|\[4:\]", code):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []
