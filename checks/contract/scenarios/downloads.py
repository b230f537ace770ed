"""Download the files of the run's completed jobs through the spec's download route.

The spec's `x-download` says how the route hands out bytes: in its own answer (the local
server's `/view`), or by a redirect to another origin (Comfy Cloud's `/api/view`). The
redirect target is fetched without the API key, as a careful client would.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from checks.contract.catalogue import scenario
from checks.contract.scenarios.base import ScenarioRun
from checks.contract.scenarios.gates import operation_available
from checks.contract.semantics.downloads import outputs_are_downloadable
from checks.contract.target import Unreachable

ITEMS_PER_JOB = 2


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _items(job) -> list[dict]:
    outputs = (job.final or {}).get("outputs")
    items = [item for groups in (outputs or {}).values() if isinstance(groups, dict)
             for entries in groups.values() if isinstance(entries, list) for item in entries
             if isinstance(item, dict) and isinstance(item.get("filename"), str)]
    return items[:ITEMS_PER_JOB]


def _fetch(run: ScenarioRun, location: str) -> tuple[int | None, int]:
    """GET a download link without any API key; (status, bytes)."""
    import requests

    try:
        response = run.target.session.get(location, timeout=run.target.timeout, allow_redirects=False)
    except requests.RequestException as exc:
        raise Unreachable(f"GET {location}: {exc}") from None
    finally:
        run.target.requests_sent += 1
    return response.status_code, len(response.content)


@scenario(order=35)
def run_downloads(run: ScenarioRun) -> None:
    """Each completed job of the run: its output files download the way the spec's download route says."""
    op = next((op for op in run.spec.operations if op.download is not None), None)
    if op is None or not operation_available(run, op.operation_id):
        return
    succeeded = run.spec.status_role("succeeded")
    jobs = [job for job in run.jobs if (job.final or {}).get("status") == succeeded and _items(job)]
    if not jobs:
        run.skip(outputs_are_downloadable, op.operation_id, "the run owns no completed job with output files")
        return
    redirect, cross_origin = op.download.redirect, op.download.cross_origin
    for job in jobs:
        for item in _items(job):
            query = {name: item[name] for name in ("filename", "type", "subfolder") if isinstance(item.get(name), str)}
            exchange = run.send(op.operation_id, query=query)
            location = exchange.header("Location") if redirect else None
            same_origin = final_status = None
            size = len(exchange.response.content or b"")
            if redirect and location and exchange.status == redirect:
                same_origin = _origin(location) == _origin(run.target.base_url) if cross_origin else None
                final_status, size = _fetch(run, location)
            run.verdict(outputs_are_downloadable, op.operation_id, f"{item['filename']} of job {job.job_id}",
                        exchange.status, redirect, location, same_origin, final_status, size, exchange=exchange)
