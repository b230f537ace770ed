"""Faults of `GET /api/jobs`: the query, the page and the pagination object."""

from __future__ import annotations

from dataclasses import replace

from checks.reference_server.faults import fault


@fault("ignore-sort-order", "list_query", "sort_order is ignored: lists always come in the default order",
       caught_by="list_follows_sort_order")
def ignore_sort_order(query, spec, **_):
    default = spec.parameters("listJobs")["sort_order"]["schema"].get("default")
    return replace(query, sort_order=default)


@fault("wrong-sort-field", "list_query", "lists are sorted by another sort_by value than the one requested",
       caught_by="list_follows_sort_order")
def wrong_sort_field(query, spec, **_):
    values = spec.parameter_enum("sort_by")
    other = values[(values.index(query.sort_by) + 1) % len(values)]
    return replace(query, sort_by=other)


@fault("status-filter-ignored", "list_query", "the status filter is ignored: every state is listed",
       caught_by="status_filter_is_honoured")
def status_filter_ignored(query, **_):
    return replace(query, statuses=None)


@fault("workflow-filter-ignored", "list_query", "the workflow_id filter is ignored: jobs of every workflow are listed",
       caught_by="workflow_filter_is_honoured")
def workflow_filter_ignored(query, **_):
    return replace(query, workflow_id=None)


@fault("ids-filter-ignored", "list_query", "the ids filter is ignored: jobs of every id are listed",
       caught_by="ids_filter_is_honoured", profile="comfyui", version="0.34.0")
def ids_filter_ignored(query, **_):
    return replace(query, ids=None)


@fault("output-type-mixed-up", "list_query", "cloud: output_type keeps the jobs of the next output type instead",
       caught_by="output_type_filter_is_honoured", profile="cloud")
def output_type_mixed_up(query, spec, **_):
    kinds = list(spec.output_groups())
    if query.output_type not in kinds:
        return query
    other = kinds[(kinds.index(query.output_type) + 1) % len(kinds)]
    return replace(query, output_groups=frozenset(spec.output_groups()[other]))


@fault("limit-not-enforced", "page_stop", "a page holds one job more than limit asked for",
       caught_by="page_respects_limit")
def limit_not_enforced(stop, limit, **_):
    return stop if limit is None else stop + 1


@fault("pages-overlap", "page_start", "a page after the first starts one job early, repeating the last job of the page before",
       caught_by="pages_are_disjoint")
def pages_overlap(start, **_):
    return start - 1 if start > 0 else start


@fault("pages-skip-a-job", "page_start", "a page after the first starts one job late, so one job is on no page",
       caught_by="pages_cover_the_list")
def pages_skip_a_job(start, **_):
    return start + 1 if start > 0 else start


@fault("has-more-off-by-one", "has_more", "has_more is true on the last page when offset + count == total",
       caught_by="has_more_matches_total")
def has_more_off_by_one(has_more, offset, count, total, **_):
    return offset + count <= total


@fault("pagination-limit-is-count", "pagination", "pagination.limit reports how many jobs the page holds, not the limit asked",
       caught_by="pagination_echoes_request")
def pagination_limit_is_count(pagination, count, **_):
    if pagination.get("limit") is not None:
        pagination["limit"] = count
    return pagination


@fault("server-error-on-bad-enum", "bad_enum", "an invalid enum value answers 500 instead of 400",
       caught_by="bad_parameters_are_400")
def server_error_on_bad_enum(reply, **_):
    return 500, {"error": "Internal Server Error"}


@fault("missing-required-field", "list_item", "list items lack the required outputs_count field",
       caught_by="response_schema_conformance")
def missing_required_field(item, **_):
    item.pop("outputs_count", None)
    return item


@fault("null-fields", "list_item", "fields that do not apply to a job are sent as null instead of omitted",
       caught_by="response_schema_conformance")
def null_fields(item, spec, **_):
    for name in spec.job_fields(detail=False):
        item.setdefault(name, None)
    return item
