"""A job created without an idempotency key on a page that promises safe retries.

Comfy API v2 makes a retried create safe only with an `Idempotency-Key` header (`x-idempotency`
on the create operation: a key is single-use, a retry with it is refused instead of queuing
the workflow twice). A page that tells readers to retry a submission ("safe to retry",
"retries", "idempotent", a retry loop) but creates the job without the header queues it
once per attempt. Pages that never speak of retrying are left alone.

Wrong (a v2 page):

    Submissions are safe to retry.

    ```python
    job = requests.post(f"{BASE}/api/v2/jobs", headers=HEADERS, json={"workflow": workflow}).json()
    ```

Right:

    Submissions are safe to retry: each carries its own key.

    ```python
    key = str(uuid.uuid4())
    job = requests.post(f"{BASE}/api/v2/jobs", headers={**HEADERS, "Idempotency-Key": key},
                        json={"workflow": workflow}).json()
    ```
"""

from __future__ import annotations

import re

from checks.docs.codes import Rule, messages
from checks.samples.literals import family_of, page_names
from checks.samples.redirects import sent_requests

RULE = Rule(
    code="JC902",
    name="idempotency-key",
    severity="error",
    doc=__doc__,
    example_path="guide/example.mdx",
    messages=messages(
        missing="this `{route}` sends no `{header}`, yet the page promises safe retries: each retry queues the "
                "workflow again; send a new `{header}` with each job and the same one on its retries (a retry is then "
                "refused with `{error}` instead of running twice)",
    ),
)

_RETRIES = re.compile(r"\bretr(?:y|ies|ied|ying)\b|\bidempoten|\bat most once\b|\bduplicate (?:job|submission)s?\b|"
                      r"重试|重新提交|リトライ|再試行|再送|재시도", re.I)


def _operations(spec):
    """(operation, idempotency rules) of every operation that takes a key."""
    for op in spec.operations:
        rules = spec.idempotency(op.operation_id)
        if rules is not None:
            yield op, rules


def check(page, ctx):
    if ctx.union or not _RETRIES.search(page.text):
        return
    spec = ctx.specs[0]
    creates = list(_operations(spec))
    if not creates:
        return
    for block in page.blocks:
        if family_of(block.language) not in ("python", "js", "shell"):
            continue
        for sent in sent_requests(block, page_names(page, block)):
            request = sent.request
            if not request.path:
                continue
            for op, rules in creates:
                if op in spec.match_path(request.path, request.method) and rules.header.lower() not in sent.headers:
                    yield RULE.finding("missing", request.source, request.path_line, request.path_column,
                                       profile=page.profile, route=f"{op.method} {op.path}", header=rules.header,
                                       error=rules.error)
