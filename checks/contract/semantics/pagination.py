"""A page is as long as `limit` allows, says truthfully whether more follow, and
echoes what was asked; consecutive pages split the list without gaps or repeats."""

from __future__ import annotations

from checks.contract.catalogue import response_check, scenario_check
from checks.contract.semantics.view import NotApplicable, judged, view_of


def _pagination(view) -> dict:
    pagination = view.body.get("pagination") if isinstance(view.body, dict) else None
    if not isinstance(pagination, dict):
        raise NotApplicable("no pagination object")
    return pagination


def requested_offset(view) -> int:
    """The offset the server should apply: the request's (or the default), clamped where the spec says so."""
    offset = view.integer("offset")
    rule = view.rule("offset")
    if offset is None:
        offset = (rule.default if rule else None) or 0
    if rule is not None and rule.clamped_minimum is not None and offset < rule.clamped_minimum:
        return rule.clamped_minimum
    if rule is not None and rule.minimum is not None and offset < rule.minimum:
        raise NotApplicable("offset below its minimum is a negative case")
    return offset


def requested_limit(view) -> int | None:
    """The limit the server should apply: the request's, else the spec default, else none (all jobs)."""
    limit = view.integer("limit")
    rule = view.rule("limit")
    if limit is None:
        return rule.default if rule else None
    low = rule.minimum if rule and rule.minimum is not None else 1
    if limit < low or (rule and rule.maximum is not None and limit > rule.maximum):
        raise NotApplicable("limit out of range is a negative case")
    return limit


@response_check
@judged
def page_respects_limit(ctx, response, case):
    """A page holds `min(limit, total - offset)` jobs: never more than `limit`, never fewer while more remain."""
    view = view_of(response, case, operation_ids=("listJobs",))
    pagination = _pagination(view)
    jobs = view.jobs()
    limit = requested_limit(view)
    offset = requested_offset(view)
    if limit is not None and len(jobs) > limit:
        raise AssertionError(f"limit={limit} returned {len(jobs)} jobs")
    total = pagination.get("total")
    if isinstance(total, int) and not isinstance(total, bool):
        expected = max(total - offset, 0)
        if limit is not None:
            expected = min(expected, limit)
        if len(jobs) != expected:
            raise AssertionError(
                f"offset={offset} limit={limit} with total={total} should return {expected} jobs, returned {len(jobs)}"
            )


@response_check
@judged
def has_more_matches_total(ctx, response, case):
    """`pagination.has_more` is true exactly when `offset + len(jobs) < total`."""
    view = view_of(response, case, operation_ids=("listJobs",))
    pagination = _pagination(view)
    jobs = view.jobs()
    offset, total, has_more = pagination.get("offset"), pagination.get("total"), pagination.get("has_more")
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in (offset, total)):
        raise NotApplicable("offset or total missing")
    expected = offset + len(jobs) < total
    if has_more is not expected:
        raise AssertionError(
            f"has_more is {has_more!r} with offset={offset}, {len(jobs)} jobs and total={total}; expected {expected}"
        )


@response_check
@judged
def pagination_echoes_request(ctx, response, case):
    """`pagination.offset` and `pagination.limit` are the offset and limit applied (after clamping and defaults)."""
    view = view_of(response, case, operation_ids=("listJobs",))
    pagination = _pagination(view)
    offset = requested_offset(view)
    limit = requested_limit(view)
    if pagination.get("offset") != offset:
        raise AssertionError(f"requested offset {view.query.get('offset', '(none)')}; pagination.offset is {pagination.get('offset')!r}, expected {offset}")
    if pagination.get("limit") != limit:
        raise AssertionError(f"requested limit {view.query.get('limit', '(none)')}; pagination.limit is {pagination.get('limit')!r}, expected {limit!r}")


@scenario_check
def pages_are_disjoint(pages: list[list[str]], page_size: int) -> None:
    """Consecutive pages of the same query share no job."""
    seen: dict[str, int] = {}
    for number, page in enumerate(pages):
        for job_id in page:
            if job_id in seen:
                raise AssertionError(f"limit={page_size}: job {job_id} is on page {seen[job_id]} and again on page {number}")
            seen[job_id] = number


@scenario_check
def pages_cover_the_list(pages: list[list[str]], unpaged: list[str], page_size: int) -> None:
    """Walking the pages with `offset += limit` yields the unpaged list, in the same order."""
    walked = [job_id for page in pages for job_id in page]
    if walked != unpaged:
        missing = [job_id for job_id in unpaged if job_id not in walked]
        extra = [job_id for job_id in walked if job_id not in unpaged]
        detail = []
        if missing:
            detail.append(f"missing {missing[:3]}")
        if extra:
            detail.append(f"extra {extra[:3]}")
        if not detail:
            detail.append("same jobs in another order")
        raise AssertionError(
            f"limit={page_size}: {len(pages)} pages hold {len(walked)} jobs, the unpaged list {len(unpaged)} ({'; '.join(detail)})"
        )
