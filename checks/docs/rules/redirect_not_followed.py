"""A download sample that saves the redirect instead of the file.

Routes that hand out outputs through a redirect (`x-download` on the route, or a 3xx answer in the spec)
answer a short `302` body, not the file. `curl -o out.png` without `-L` writes that body
to `out.png`; so do `httpx` (it does not follow by default), `requests` with
`allow_redirects=False` and `fetch` with `redirect: "manual"` when the sample then keeps the
body. A sample that reads the redirect itself (`-w '%{redirect_url}'`, `-I`, the `Location`
header) is doing it on purpose and is left alone. The fix depends on the dialect: where the
key travels in a custom header that following would hand to the storage host (JC801), fetch
the `Location` without it; elsewhere, follow (`-L`).

Wrong (a Comfy Cloud page):

    ```bash
    curl -H "X-API-Key: $COMFY_CLOUD_API_KEY" -o out.png "https://cloud.comfy.org/api/view?filename=out.png"
    ```

Right:

    ```bash
    url=$(curl -s -o /dev/null -w '%{redirect_url}' -H "X-API-Key: $COMFY_CLOUD_API_KEY" \
      "https://cloud.comfy.org/api/view?filename=out.png")
    curl -o out.png "$url"
    ```
"""

from __future__ import annotations

import re

from checks.docs.codes import Rule, messages
from checks.samples.literals import family_of, page_names
from checks.samples.redirects import sent_requests
from checks.apispec.legacy import download_at, download_prefixes

RULE = Rule(
    code="JC802",
    name="redirect-not-followed",
    severity="error",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(
        saves_redirect="{client} does not follow redirects here, so it keeps the {status} answer of `{route}` "
                       "instead of the file; {remedy}",
    ),
)

_KEEPS_BODY = re.compile(r"\.content\b|\.iter_content\(|\.iter_bytes\(|\.read\(|\.arrayBuffer\(|\.blob\(|\.body\b|"
                         r"pipeTo\(|pipe\(|writeFile|write_bytes\(|\.write\(")
FOLLOW = {
    "curl": "add `-L`",
    "requests": "drop `allow_redirects=False`",
    "httpx": "pass `follow_redirects=True`",
    "fetch": "leave `redirect` at its default, `\"follow\"`",
    "axios": "drop `maxRedirects: 0`",
}
WITHOUT_KEY = ("follow it without your key: read the target (`-w '%{{redirect_url}}'`, or the `Location` header) and "
               "download it without the `{header}` header")


def check(page, ctx):
    if not any(prefix in page.text for prefix in download_prefixes(ctx.specs)):
        return  # no download route written on the page
    for block in page.blocks:
        family = family_of(block.language)
        if family not in ("python", "js", "shell"):
            continue
        for sent in sent_requests(block, page_names(page, block)):
            if not sent.request.path or sent.follows or sent.reads_redirect:
                continue
            if not (sent.saves if sent.client == "curl" else _KEEPS_BODY.search(block.code)):
                continue
            for spec in ctx.specs:
                download = download_at(spec, sent.request.path)
                if download is None or download.redirect is None:
                    continue
                header = spec.auth_header
                leaks = download.cross_origin and header is not None and header.lower() != "authorization"
                fix = WITHOUT_KEY.format(header=header) if leaks and header.lower() in sent.headers else \
                    FOLLOW.get(sent.client, "follow the redirect")
                request = sent.request
                yield RULE.finding("saves_redirect", request.source, request.path_line, request.path_column,
                                   profile=page.profile, client=sent.client, status=download.redirect,
                                   route=f"{download.method} {download.path}", remedy=fix)
                break
