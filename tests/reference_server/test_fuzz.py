"""Nothing a fuzzer sends makes the server answer 5xx; list answers still fit the spec."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st

from checks.reference_server import running_server
from checks.apispec import spec_for
from tests.reference_server.helpers import Client

pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_text = st.text(alphabet=st.characters(max_codepoint=0x2FFFF, exclude_categories=("Cs",)), max_size=30)
_numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)


def _param_values(profile: str):
    spec = spec_for(profile)
    names = list(spec.parameters("listJobs")) + ["output_type", "unknown", "limit[]"]
    enum_values = [value for values in spec.enum_parameters().values() for value in values]
    value = st.one_of(_text, _numbers, st.sampled_from(enum_values), st.lists(st.sampled_from(enum_values + [""]), max_size=4).map(",".join))
    return st.lists(st.tuples(st.sampled_from(names), value), max_size=6)


@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_query_strings_never_cause_5xx(profile):
    with running_server(profile, time_scale=0.01) as handle:
        client = Client(handle)

        @FUZZ
        @given(pairs=_param_values(profile), raw=st.one_of(st.just(""), _text.map(lambda t: quote(t, safe="=&%,"))))
        def probe(pairs, raw):
            query = "&".join(part for part in (urlencode(pairs), raw) if part)
            response = client.get(f"/api/jobs?{query}")  # Client asserts declared status and valid body
            assert response.status_code < 500

        probe()
        assert handle.errors == []


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_text, children, max_size=4),
    max_leaves=12,
)
_bodies = st.one_of(
    st.binary(max_size=60),
    _json.map(lambda value: json.dumps(value).encode()),
    st.builds(lambda prompt: json.dumps({"prompt": prompt}).encode(), _json),
    st.builds(lambda ids: json.dumps({"job_ids": ids}).encode(), _json),
)
_ids = st.one_of(_text.filter(lambda t: t not in ("", ".", "..")).map(lambda t: quote(t, safe="")), st.uuids().map(str))


@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_bodies_paths_and_methods_never_cause_5xx(profile):
    with running_server(profile, time_scale=0.01, seed_jobs=False) as handle:
        session = requests.Session()
        session.headers.update(handle.headers())
        spec = spec_for(profile)
        paths = sorted({path for op in spec.operations for path in op.served_paths})

        @FUZZ
        @given(template=st.sampled_from(paths), job_id=_ids, body=_bodies,
               method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
               content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]))
        def probe(template, job_id, body, method, content_type):
            path = template.replace("{job_id}", job_id).replace("{prompt_id}", job_id)
            response = session.request(method, handle.base_url + path, data=body,
                                       headers={"Content-Type": content_type} if content_type else {}, timeout=10)
            assert response.status_code < 500, (method, path, body, response.text)

        probe()
        # Whatever got queued must not stall the server either.
        assert session.get(handle.base_url + "/api/jobs", timeout=10).status_code == 200
        assert handle.errors == []
