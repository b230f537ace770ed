"""The server under test, as the runner talks to it.

One `Target` holds the profile's spec and schemathesis schema, the API keys and a
requests session. Every scripted request goes through `call()`, which builds a
schemathesis `Case` (so response validation and curl reproducers are the same as in
fuzzing) and refuses writes the run is not allowed to make: anything on a remote
server without --allow-writes, a cancel of a job the run did not create, and every
operation the spec marks destructive (`x-destructive`: clearing a history or a queue,
interrupting whatever runs). `send_malformed()` is the one exception, for operations
the spec says take a body no JSON parser accepts harmlessly (`x-probe-malformed-json`).
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from checks.net import is_loopback  # noqa: F401  (re-exported for callers and tests)
from checks.apispec import resolved_document, spec_for

_DEFAULT = object()
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MAX_BODY_BYTES = 32 << 20  # a full page of 1000 jobs is a few MB; a body beyond this is a broken server
BODY_SECONDS_PER_TIMEOUT = 3  # a body may take this many --timeouts to arrive in full


class WriteRefused(Exception):
    """A write the run may not make: a non-loopback server without --allow-writes, or a job it does not own."""


class Unreachable(Exception):
    """The server did not answer at all."""


@functools.lru_cache(maxsize=None)
def _bounded():
    """(adapter class, too-large error, too-slow error): requests that cannot read forever or without limit."""
    import requests
    from requests.adapters import HTTPAdapter

    class BodyTooLarge(requests.RequestException):
        """The server sent more than MAX_BODY_BYTES."""

    class BodyTooSlow(requests.Timeout):
        """The body was still arriving after its time was up (a trickle or a body that never ends)."""

    class BoundedAdapter(HTTPAdapter):
        """Reads a body of at most MAX_BODY_BYTES within BODY_SECONDS_PER_TIMEOUT timeouts, else raises.

        Bodies are read here even when the caller streams (schemathesis always does), except
        event streams, which schemathesis itself stops after a timeout or a number of events.
        """

        def send(self, request, stream=False, timeout=None, **kwargs):
            response = super().send(request, stream=True, timeout=timeout, **kwargs)
            if "text/event-stream" in response.headers.get("Content-Type", ""):
                return response
            seconds = timeout[-1] if isinstance(timeout, tuple) else timeout
            deadline = time.monotonic() + BODY_SECONDS_PER_TIMEOUT * (seconds or 10.0)
            chunks, size = [], 0
            try:
                for chunk in response.iter_content(65536):
                    size += len(chunk)
                    if size > MAX_BODY_BYTES:
                        raise BodyTooLarge(f"the response body passed {MAX_BODY_BYTES >> 20} MiB; stopped reading it")
                    if time.monotonic() > deadline:
                        raise BodyTooSlow(f"the response body was still arriving after "
                                          f"{BODY_SECONDS_PER_TIMEOUT * (seconds or 10.0):g} s; stopped reading it")
                    chunks.append(chunk)
            except BaseException:
                chunks.clear()  # the error's traceback keeps this frame (schemathesis keeps errors): not the body
                response.close()
                raise
            response._content = b"".join(chunks)
            response._content_consumed = True
            return response

    return BoundedAdapter, BodyTooLarge, BodyTooSlow


def bounded_session(session=None):
    """`session` (a new requests.Session by default) reading bodies only up to a size and a time limit."""
    import requests

    session = session if session is not None else requests.Session()
    adapter = _bounded()[0]()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def connection_problem(exc: BaseException) -> str:
    """A short human reason for a requests exception: 'connection refused', 'timed out', ..."""
    import requests

    _, too_large, too_slow = _bounded()
    if isinstance(exc, (too_large, too_slow)):
        return str(exc)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or "IncompleteRead" in str(exc):
        return "the server closed the connection in the middle of the response body"
    if isinstance(exc, requests.Timeout):
        return "timed out"
    seen, cause = set(), exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if "Name or service not known" in str(cause) or "nodename nor servname" in str(cause):
            return "host name not found"
        cause = cause.__cause__ or cause.__context__ or (cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None)
    text = str(exc)
    if "Connection refused" in text:
        return "connection refused"
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _is_malformed_id(job_id: str) -> bool:
    """A string that cannot be anybody's job id (not a UUID), sent on purpose as bad input."""
    import uuid

    try:
        uuid.UUID(job_id)
    except ValueError:
        return True
    return False


@dataclass
class Exchange:
    """One scripted request and its answer."""

    case: Any
    response: Any
    operation: str  # "GET /api/jobs/{job_id}"
    api_key: str | None
    curl_line: str | None = None  # for requests no Case describes (a malformed body)

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def body(self):
        try:
            return self.response.json()
        except Exception:  # noqa: BLE001 - a non-JSON body is reported by the checks that need JSON
            return None

    def header(self, name: str) -> str | None:
        """One response header, whatever the case of its name (schemathesis keeps lists of values)."""
        for key, value in (self.response.headers or {}).items():
            if key.lower() == name.lower():
                return value[0] if isinstance(value, (list, tuple)) and value else str(value)
        return None

    @property
    def content_type(self) -> str:
        return self.header("Content-Type") or ""

    @property
    def text(self) -> str:
        """The body as text (a binary download reads as empty)."""
        if "json" not in self.content_type and not self.content_type.startswith("text/"):
            return ""
        try:
            return self.response.text or ""
        except (UnicodeDecodeError, ValueError):
            return ""

    @property
    def request_line(self) -> str:
        """`GET /api/jobs?limit=abc`: the method and the path the server saw."""
        request = self.response.request
        path = request.path_url if hasattr(request, "path_url") else request.url
        return f"{request.method} {path}"


class Target:
    """A live Jobs API server of one profile."""

    def __init__(self, *, base_url: str, profile: str, api_key: str | None = None, other_api_key: str | None = None,
                 timeout: float = 10.0, allow_writes: bool = False, seed: int = 0, mask=lambda text: text,
                 key_variables: dict[str, str] | None = None):
        import requests
        import schemathesis
        from schemathesis.config import SchemathesisConfig

        self.base_url = base_url.rstrip("/")
        self.profile = profile
        self.spec = spec_for(profile)
        self.api_key = api_key
        self.other_api_key = other_api_key
        self.timeout = timeout
        self.writes_allowed = allow_writes or is_loopback(self.base_url)
        self.mask = mask
        self.key_variables = dict(key_variables or {})
        self.document = resolved_document(profile)
        config = SchemathesisConfig.from_dict({"seed": seed})
        self.schema = schemathesis.openapi.from_dict(self.document, config=config)
        self.schema.config.update(base_url=self.base_url)
        self.session = bounded_session(requests.Session())
        self.requests_sent = 0
        self.owned: set[str] = set()

    # -- facts -----------------------------------------------------------------------------
    def operation(self, operation_id: str):
        return self.spec.operation(operation_id)

    def label(self, operation_id: str) -> str:
        op = self.operation(operation_id)
        return f"{op.method} {op.path}" if op else operation_id

    def declared(self, operation_id: str, status: HTTPStatus) -> int | None:
        """`status` if the spec documents it for the operation, else None."""
        op = self.operation(operation_id)
        return int(status) if op is not None and str(int(status)) in op.statuses else None

    def auth_headers(self, api_key=_DEFAULT) -> dict[str, str]:
        key = self.api_key if api_key is _DEFAULT else api_key
        return self.spec.credentials(key)

    # -- requests --------------------------------------------------------------------------
    def own(self, job_id: str) -> None:
        """Remember a job this run created (or an id it made up), so it may cancel it."""
        self.owned.add(job_id)

    def call(self, operation_id: str, *, path_parameters=None, query=None, body=_DEFAULT, api_key=_DEFAULT,
             headers=None) -> Exchange:
        from schemathesis.core import NOT_SET

        op = self.operation(operation_id)
        if op is None:
            raise KeyError(f"the {self.profile} spec has no operation {operation_id}")
        if op.destructive:
            raise WriteRefused(f"refusing {op.method} {op.path}: it {op.destructive}")
        if op.method not in SAFE_METHODS:
            if not self.writes_allowed:
                raise WriteRefused(f"{op.method} {op.path} needs --allow-writes against a non-loopback server")
            named = list((path_parameters or {}).values())  # every path parameter of a write names a job
            if isinstance(body, dict) and isinstance(body.get("job_ids"), list):
                named += body["job_ids"]
            for job_id in named:
                if isinstance(job_id, str) and job_id not in self.owned and not _is_malformed_id(job_id):
                    raise WriteRefused(f"refusing {op.method} {op.path} on job {job_id}, which this run did not create")
        operation = self.schema.find_operation_by_id(operation_id)
        case = operation.Case(
            path_parameters=path_parameters or {},
            query=query or {},
            body=NOT_SET if body is _DEFAULT else body,
            media_type="application/json" if body is not _DEFAULT else None,
        )
        sent_headers = {**self.auth_headers(api_key), **(headers or {})}
        key = self.spec.key_from(sent_headers)
        try:
            # Never follow a redirect: the API key would go along to wherever it points.
            response = case.call(base_url=self.base_url, session=self.session, headers=sent_headers, timeout=self.timeout,
                                 allow_redirects=False)
        except Exception as exc:
            import requests

            if isinstance(exc, requests.RequestException):
                raise Unreachable(f"{op.method} {self.base_url}{case.formatted_path}: {connection_problem(exc)}") from None
            raise
        finally:
            self.requests_sent += 1
        return Exchange(case, response, f"{op.method} {op.path}", key)

    def send_malformed(self, operation_id: str, data: bytes = b"jobs-checks: this body is not JSON") -> Exchange:
        """POST a body no JSON parser accepts to an operation whose spec says that is harmless."""
        import shlex

        import requests

        op = self.operation(operation_id)
        if op is None or not op.probe_malformed_json:
            raise WriteRefused(f"{operation_id} does not take a malformed body harmlessly (x-probe-malformed-json)")
        if not self.writes_allowed:
            raise WriteRefused(f"{op.method} {op.path} needs --allow-writes against a non-loopback server")
        url = self.base_url + op.path
        headers = {"Content-Type": "application/json", **self.auth_headers()}
        try:
            response = self.session.request(op.method, url, data=data, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise Unreachable(f"{op.method} {url}: {connection_problem(exc)}") from None
        finally:
            self.requests_sent += 1
        shown = " ".join(f"-H {shlex.quote(f'{name}: {value}')}" for name, value in headers.items()
                         if name != self.spec.auth_header)
        if self.spec.auth_header and self.api_key:
            variable = self.key_variables.get(self.api_key)
            shown += f' -H "{self.spec.auth_header}: ${variable}"' if variable else f" -H '{self.spec.auth_header}: ***'"
        curl = f"curl -X {op.method} {shown} --data {shlex.quote(data.decode('utf-8', 'replace'))} {shlex.quote(url)}"
        return Exchange(None, response, f"{op.method} {op.path}", self.api_key, curl_line=self.mask(curl))

    def curl(self, exchange: Exchange) -> str:
        """A masked curl command that repeats the exchange."""
        if exchange.curl_line is not None:
            return exchange.curl_line
        headers = self.auth_headers(exchange.api_key) if exchange.api_key else {}
        return self.reproducer(exchange.case.as_curl_command(headers=headers, base_url=self.base_url), exchange.api_key)

    def reproducer(self, command: str | None, api_key: str | None = None) -> str | None:
        """A schemathesis curl line made copyable: its filtered key header points at the key's variable."""
        if command is None:
            return None
        api_key = api_key or self.api_key
        variable = self.key_variables.get(api_key) if api_key else None
        if variable and self.spec.auth_header:
            # schemathesis filters the key; point at the variable it came from instead.
            shown = f"Bearer ${variable}" if self.spec.auth_scheme == "bearer" else f"${variable}"
            command = command.replace(f"-H '{self.spec.auth_header}: [Filtered]'", f'-H "{self.spec.auth_header}: {shown}"')
        elif api_key and self.spec.auth_header and api_key not in (self.api_key, self.other_api_key):
            # A key the run made up (the wrong-key probe) is no secret: show it, so the line repeats the probe.
            shown = f"Bearer {api_key}" if self.spec.auth_scheme == "bearer" else api_key
            command = command.replace(f"-H '{self.spec.auth_header}: [Filtered]'", f"-H '{self.spec.auth_header}: {shown}'")
        return self.mask(command)

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)
