"""Walk the list page by page with several page sizes and compare with the unpaged list.

Includes the boundary fuzzing rarely hits: a last page that ends exactly at `total`
(`offset + limit == total`), a page starting at `total` and one past it.
"""

from __future__ import annotations

from checks.contract.catalogue import scenario
from checks.contract.scenarios.base import ScenarioRun, Skip
from checks.contract.semantics.pagination import pages_are_disjoint, pages_cover_the_list

# Walk at most this many jobs per page size: enough to cross several pages on a busy server.
WALK_CAP = 24
ATTEMPTS = 3


def _ids(exchange) -> list[str]:
    jobs = exchange.body.get("jobs") if isinstance(exchange.body, dict) else None
    if not isinstance(jobs, list):
        raise Skip(f"{exchange.operation} answered {exchange.status} without a jobs array")
    return [job.get("id") for job in jobs if isinstance(job, dict)]


def _unpaged(run: ScenarioRun) -> list[str]:
    """The whole list in one request (or the largest page the spec allows)."""
    maximum = run.spec.parameters("listJobs").get("limit", {}).get("schema", {}).get("maximum")
    return _ids(run.send("listJobs", query={"limit": maximum} if maximum else {}))


def page_sizes(total: int) -> list[int]:
    """1, 2, a size that divides the walked part exactly, and one that leaves a short last page."""
    walked = min(total, WALK_CAP)
    sizes = {1, 2}
    for size in range(3, walked + 1):
        if walked % size == 0:
            sizes.add(size)
            break
    if walked > 3:
        sizes.add(walked - 1)
    return sorted(size for size in sizes if size >= 1)


def _walk(run: ScenarioRun, size: int, cap: int) -> tuple[list[list[str]], bool]:
    """Pages of `size` from offset 0 until `has_more` is false or `cap` jobs were seen; (pages, reached the end)."""
    pages, offset = [], 0
    while offset < cap + size:
        exchange = run.send("listJobs", query={"limit": size, "offset": offset})
        pages.append(_ids(exchange))
        pagination = exchange.body.get("pagination") or {}
        if not pagination.get("has_more") or not pages[-1]:
            return pages, True
        offset += size
        if offset >= cap:
            return pages, False
    return pages, False


@scenario(order=60)
def run_pages(run: ScenarioRun) -> None:
    """Walk the list with several page sizes and compare with the unpaged list, boundaries included."""
    label = "listJobs"
    for _ in range(ATTEMPTS):
        before = _unpaged(run)
        walks = {size: _walk(run, size, min(len(before), WALK_CAP)) for size in page_sizes(len(before))}
        if _unpaged(run) == before:
            break
    else:
        run.skip(pages_are_disjoint, label, "the job list kept changing during the walk")
        run.skip(pages_cover_the_list, label, "the job list kept changing during the walk")
        return
    for size, (pages, complete) in walks.items():
        run.verdict(pages_are_disjoint, label, pages, size)
        walked = sum(len(page) for page in pages)
        expected = before if complete else before[:walked]
        run.verdict(pages_cover_the_list, label, pages, expected, size)
    total = len(before)
    # The boundaries: a last page ending exactly at total, a page at total, one past it.
    for size in {1, min(2, total) or 1, total or 1}:
        run.send("listJobs", query={"limit": size, "offset": max(total - size, 0)})
    run.send("listJobs", query={"limit": 1, "offset": total})
    run.send("listJobs", query={"limit": 1, "offset": total + 1})
