"""A download sample that sends the API key on to the storage host it is redirected to.

Output downloads answer with a redirect to another host (the spec: `x-download` on the route, or a 3xx
answer of the route). A client that follows it sends the headers it was given there too,
except `Authorization` (curl without `--location-trusted`, `requests`, `httpx`, `fetch`,
axios drop that one; `urllib` keeps it). So on a dialect whose key travels in a custom
header (Comfy Cloud's `X-API-Key`), `curl -L`, `requests.get` (it follows by default) and
`fetch` hand the key to the storage host. The fix: do not follow; read the redirect's
`Location` and fetch it without the key. `--location-trusted` sends credentials to every host
on purpose: only for a redirect target you trust with the key. Where the key travels in
`Authorization` (Comfy API v2's Bearer), following is safe with those clients.

Wrong (a Comfy Cloud page):

    ```bash
    curl -L -H "X-API-Key: $COMFY_CLOUD_API_KEY" -o out.png "https://cloud.comfy.org/api/view?filename=out.png"
    ```

Right:

    ```bash
    url=$(curl -s -o /dev/null -w '%{redirect_url}' -H "X-API-Key: $COMFY_CLOUD_API_KEY" \
      "https://cloud.comfy.org/api/view?filename=out.png")
    curl -o out.png "$url"
    ```
"""

from __future__ import annotations

from checks.docs.codes import Rule, messages
from checks.samples.literals import family_of, page_names
from checks.samples.redirects import sent_requests
from checks.apispec.dialects import dialect_name
from checks.apispec.legacy import download_at, download_prefixes

RULE = Rule(
    code="JC801",
    name="key-on-redirect",
    severity="error",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(
        leak="{client} follows the {status} redirect of `{route}` to another host and sends it the `{header}` "
             "header, your {dialect} key{why}; {remedy}",
    ),
)

FIXES = {
    "curl": "drop `-L`, read the target with `-w '%{redirect_url}'` and download it without the header "
            "(`--location-trusted` sends the key to every host: use it only for a host you trust with it)",
    "requests": "pass `allow_redirects=False` and get `response.headers[\"Location\"]` without the header",
    "httpx": "leave `follow_redirects` off and get `response.headers[\"location\"]` without the header",
    "urllib": "handle the redirect yourself and open the `Location` without the header",
    "fetch": "pass `redirect: \"manual\"` and fetch `response.headers.get(\"location\")` without the header",
    "axios": "pass `maxRedirects: 0` and get the `location` header's URL without the key",
}
WHY = {
    "curl": " (curl drops only `Authorization` on a redirect to another host)",
    "urllib": " (urllib keeps every header on a redirect)",
}


def check(page, ctx):
    if not any(prefix in page.text for prefix in download_prefixes(ctx.specs)):
        return  # no download route written on the page
    for block in page.blocks:
        if family_of(block.language) not in ("python", "js", "shell"):
            continue
        for sent in sent_requests(block, page_names(page, block)):
            if not sent.request.path or not sent.follows:
                continue
            for spec in ctx.specs:
                download = download_at(spec, sent.request.path)
                header = spec.auth_header
                if download is None or not download.cross_origin or header is None:
                    continue
                if header.lower() not in sent.headers or not sent.keeps_on_other_host(header):
                    continue
                why = " (`--location-trusted` sends credentials to every host)" if sent.trusted else WHY.get(
                    sent.client, f" ({sent.client} drops only `Authorization` on a redirect to another host)")
                request = sent.request
                yield RULE.finding("leak", request.source, request.path_line, request.path_column, profile=page.profile,
                                   client=sent.client, status=download.redirect, route=f"{download.method} {download.path}",
                                   header=header, dialect=dialect_name(spec), why=why,
                                   remedy=FIXES.get(sent.client, "do not follow it: fetch its `Location` without the header"))
                break
