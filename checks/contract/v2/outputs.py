"""Outputs are real files: each `outputs[].url` downloads, the bytes match `size_bytes` (and
`hash` when the server states one), and `id` works as an asset id.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from checks.contract.catalogue import scenario_check
from checks.contract.v2.jobs import V2Run

@scenario_check
def output_urls_are_downloadable(job_id: str, name: str, status: int, length: int) -> None:
    """Every output's `url` answers 200 (following a redirect) with its bytes."""
    if status != 200 or length == 0:
        raise AssertionError(f"the output {name} of job {job_id} answered {status} with {length} bytes")


@scenario_check
def output_sizes_are_real(job_id: str, name: str, kind: str, size_bytes, downloaded: int | None) -> None:
    """`size_bytes` is the length of the content: the download's length, and never 0 for a file a node saved."""
    if not isinstance(size_bytes, int) or size_bytes == 0:
        raise AssertionError(f"the {kind} output {name} of job {job_id} says size_bytes {size_bytes!r}")
    if downloaded is not None and downloaded != size_bytes:
        raise AssertionError(f"the output {name} of job {job_id} says {size_bytes} bytes; it downloads as {downloaded}")


@scenario_check
def output_hash_matches_content(job_id: str, name: str, stated: str, computed: str) -> None:
    """A stated `hash` is the blake3 of the downloaded bytes."""
    if stated.lower() != computed:
        raise AssertionError(f"the output {name} of job {job_id} says {stated}; its bytes hash to {computed}")


@scenario_check
def output_is_an_asset(job_id: str, name: str, status: int, asset, output: dict) -> None:
    """`GET /api/v2/assets/{outputs[].id}` answers the asset, with the output's size, media type and job."""
    if status != 200 or not isinstance(asset, dict):
        raise AssertionError(f"the asset of output {name} of job {job_id} answered {status}")
    for field in ("size_bytes", "content_type"):
        if asset.get(field) != output.get(field):
            raise AssertionError(f"the asset of output {name} says {field} {asset.get(field)!r}; "
                                 f"the output says {output.get(field)!r}")
    if asset.get("job_id") not in (None, job_id):
        raise AssertionError(f"the asset of output {name} names job {asset.get('job_id')!r}, not {job_id}")


def _blake3(data: bytes) -> str | None:
    try:
        import blake3
    except ImportError:
        return None
    return "blake3:" + blake3.blake3(data).hexdigest()


def _download(run: V2Run, url: str):
    """GET an output URL: credentials only for the server itself, never for another host (a signed URL)."""
    absolute = run.absolute(url)
    same_host = urlsplit(absolute).netloc == urlsplit(run.target.base_url).netloc
    run.target.requests_sent += 1
    return run.target.session.get(absolute, headers=run.target.auth_headers() if same_host else {},
                                  timeout=run.target.timeout, allow_redirects=True)


def run_outputs(run: V2Run) -> None:
    succeeded = run.spec.status_role("succeeded")
    for job in run.jobs:
        if not job.final or job.final.get("status") != succeeded:
            continue
        for output in job.final.get("outputs") or []:
            if not isinstance(output, dict) or not isinstance(output.get("url"), str):
                continue
            name = str(output.get("name"))
            response = _download(run, output["url"])
            data = response.content if response.status_code == 200 else b""
            run.verdict(output_urls_are_downloadable, "getAssetContent", job.job_id, name, response.status_code,
                        len(data))
            run.verdict(output_sizes_are_real, "getJob", job.job_id, name, str(output.get("type")),
                        output.get("size_bytes"), len(data) if data else None)
            computed = _blake3(data) if data else None
            if isinstance(output.get("hash"), str) and computed:
                run.verdict(output_hash_matches_content, "getJob", job.job_id, name, output["hash"], computed)
            else:
                run.skip(output_hash_matches_content, "getJob",
                         "no hash stated" if output.get("hash") is None else "no bytes or no blake3 to compare")
            if isinstance(output.get("id"), str):
                asset = run.on_job("getAsset", output["id"])
                run.verdict(output_is_an_asset, "getAsset", job.job_id, name, asset.status, asset.body, output,
                            exchange=asset)
