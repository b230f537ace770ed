"""A native Comfy API v2 server on the reference server's queue, with v2 faults.

`jobs-checks serve --profile v2` and `jobs-checks contract --profile v2` (without
`--base-url`) run it, so v2 can be shown and checked without comfy-api-proxy. It serves
jobs (create, get, workflow, events, cancel) and outputs as assets (record, content with
byte ranges, by-hash); asset uploads are not served. Keys default to the cloud dialect's
fake users, sent as `Authorization: Bearer <key>`; with no keys configured it is open,
like a self-hosted proxy.
"""

from checks.reference_server.v2.faults import V2_FAULTS, V2Faults

__all__ = ["V2_FAULTS", "V2Faults", "build_v2_app"]


def build_v2_app(server):
    from checks.reference_server.v2.app import build_v2_app as build

    return build(server)
