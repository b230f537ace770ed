"""Run the opted-in samples of docs pages against a server and collect one outcome per program.

Flow: paths -> pages (the linter's extractor and profiles) -> plans -> programs pointed at a
recording proxy in front of the server (the embedded reference server by default, one per
profile) -> runs in temporary folders -> outcomes with the likely culprit.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from typing import Callable

from checks.masking import Masker
from checks.docs.config import Config
from checks.examples import diagnose
from checks.examples.assemble import assemble
from checks.examples.execute import CannotRun, run_program
from checks.examples.outcomes import FAILED, PASSED, SKIPPED, TIMED_OUT, ExamplesResult, Outcome
from checks.examples.plan import RUN_LANGUAGES, PlanError, opted_in, plan_page
from checks.examples.proxy import RecordingProxy
from checks.examples.sandbox import Limits, isolation
from checks.net import is_loopback
from checks.examples.substitute import DEFAULT_KEY_NAMES, DEFAULT_URL_NAMES, Target, doc_urls_for, environment

WORKFLOW_FILE = "workflow_api.json"


class RunError(Exception):
    """The run cannot go on (no key for a server that needs one, a non-loopback server without consent)."""


@dataclass
class RunOptions:
    paths: list[str]
    base_url: str | None = None  # None: an embedded reference server per profile
    profile: str | None = None  # judge every page as this dialect; None: each page's own
    api_key: str | None = None  # for --base-url servers that need one
    api_key_source: str = "the --api-key-env variable"  # where the key should come from, for messages
    timeout: float = 60.0  # seconds per program
    languages: tuple[str, ...] = RUN_LANGUAGES
    allow_writes: bool = False  # run against a non-loopback server (samples submit jobs)
    workflow: dict | None = None  # written as workflow_api.json beside each program; default: a tiny image job
    url_names: tuple[str, ...] = DEFAULT_URL_NAMES
    key_names: tuple[str, ...] = DEFAULT_KEY_NAMES
    doc_urls: tuple[str, ...] = ()  # more URLs the docs use for the server
    config: Config | None = None
    server_options: dict = field(default_factory=dict)  # embedded server: faults, time_scale, version
    pass_env: tuple[str, ...] = ()  # the caller's variables a program may see (--pass-env); none by default
    limits: Limits = field(default_factory=Limits)
    require_isolation: bool = False  # --sandbox require: refuse to run where namespaces are not available


class _Servers:
    """The server each profile's programs run against: the given one, or a reference server started on demand."""

    def __init__(self, options: RunOptions, stack: contextlib.ExitStack):
        self._options, self._stack = options, stack
        self._started: dict[str, tuple[str, str | None]] = {}

    def get(self, profile: str) -> tuple[str, str | None]:
        if profile in self._started:
            return self._started[profile]
        from checks.apispec import spec_for

        if self._options.base_url:
            key = self._options.api_key
            if spec_for(profile).auth_header and not key:
                raise RunError(f"the {profile} server at {self._options.base_url} needs an API key: "
                               f"set {self._options.api_key_source}")
            found = (self._options.base_url, key)
        else:
            from checks.reference_server import running_server

            try:
                handle = self._stack.enter_context(running_server(profile, **self._options.server_options))
            except ValueError as exc:
                raise RunError(str(exc)) from None
            found = (handle.base_url, next(iter(handle.api_keys), None))
        self._started[profile] = found
        return found

    @property
    def base_urls(self) -> dict[str, str]:
        return {profile: url for profile, (url, _) in self._started.items()}


def _workflow_bytes(options: RunOptions) -> bytes:
    if options.workflow is None:
        from checks.contract.workflows import plain

        workflow = plain().prompt
    else:
        workflow = options.workflow
    return json.dumps(workflow, indent=2).encode("utf-8")


def program_environment(proxy_url: str, target: Target, api_key: str | None, passed: tuple[str, ...] = ()) -> dict[str, str]:
    """What a program gets besides PATH, locale, HOME and TMPDIR (the sandbox's): the server's variables
    with the test key, proxies that refuse other hosts, no buffering, and the caller's variables named in `passed`.

    Nothing else of the caller's environment reaches it: not its tokens, nor its own value of a key variable.
    """
    env = {name: os.environ[name] for name in passed if name in os.environ}
    env.update(environment(target, api_key))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[name] = env[name.lower()] = proxy_url
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost,::1"
    # Node's fetch honours the proxy variables only when asked (Node 24+; older ones ignore this).
    env.update(PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1", PYTHONFAULTHANDLER="1", NODE_NO_WARNINGS="1",
               NODE_USE_ENV_PROXY="1")
    return env


def _run_one(page, language, pieces, profile, servers: _Servers, options: RunOptions, files,
             result: ExamplesResult) -> Outcome:
    from checks.apispec import spec_for

    spec = spec_for(profile)
    base_url, api_key = servers.get(profile)
    masker = Masker.for_run([api_key], variables=options.key_names)
    common = dict(page=page.path, language=language, profile=profile, blocks=len(pieces))
    with RecordingProxy(base_url, mask=masker, timeout=options.timeout) as proxy:
        target = Target(proxy.url, doc_urls_for([spec], options.doc_urls), options.url_names, options.key_names,
                        spec.auth_header)
        program = assemble(page.path, language, pieces, target)
        source, line = program.first_location
        try:
            env = program_environment(proxy.url, target, api_key, options.pass_env)
            run = run_program(program, env=env, timeout=options.timeout, files=files, limits=options.limits,
                              port=proxy.port, require_isolation=options.require_isolation)
        except CannotRun as exc:
            return Outcome(**common, verdict=SKIPPED, source=source, line=line, reason=str(exc))
    if run.isolation is not None:
        result.sandbox = run.isolation.record()
    result.notes += [note for note in run.notes if note not in result.notes]
    exchanges = list(proxy.exchanges)
    text, where = diagnose.rewrite_output(run.output, program, run, {proxy.url: base_url})
    text = masker(text)
    if where is not None:
        source, line = where
    output = diagnose.tail(text, timed_out=run.timed_out)
    details = dict(exit_code=run.exit_code, output=output, last_exchange=exchanges[-1] if exchanges else None,
                   requests=len(exchanges), seconds=run.seconds, source=source, line=line)
    if run.timed_out:
        statuses = frozenset(spec.status_enum())
        return Outcome(**common, **details, verdict=TIMED_OUT, reason=f"still running after {options.timeout:g} s",
                       hint=diagnose.timeout_hint(exchanges, statuses))
    if run.exit_code == 0:
        return Outcome(**common, **details, verdict=PASSED)
    last_line = output[-1] if output else ""
    reason = f"exit code {run.exit_code}" + (f": {last_line.strip()}" if last_line.strip() else "")
    if run.limit:
        reason = f"stopped by the sandbox's {run.limit} ({reason})"
    return Outcome(**common, **details, verdict=FAILED, reason=reason, hint=masker(diagnose.failure_hint(text, exchanges)))


def run_examples(options: RunOptions, on_outcome: Callable[[Outcome], None] | None = None) -> ExamplesResult:
    """Run every opted-in page under `options.paths`; RunError when the run cannot go on at all."""
    from checks.docs.discover import discover
    from checks.docs.extract import extract_page

    if options.base_url and not is_loopback(options.base_url) and not options.allow_writes:
        raise RunError(f"{options.base_url} is not a loopback server and samples submit jobs: "
                       f"pass --allow-writes to run them there")
    if options.require_isolation and not isolation().namespaces:
        raise RunError(f"samples must run isolated (--sandbox require), but this machine cannot: {isolation().why_not}")
    config = options.config or Config()
    result = ExamplesResult()
    files = {WORKFLOW_FILE: _workflow_bytes(options)}
    with contextlib.ExitStack() as stack:
        servers = _Servers(options, stack)
        for path in discover(options.paths, config):
            page = extract_page(path, config=config)
            result.pages += 1
            result.errors += [f"{p.path}:{p.line}: {p.message}" for p in page.problems if p.code == "JC001"]
            if page.is_snippet or not opted_in(page):
                continue  # a snippet runs where a page renders it
            result.runnable_pages += 1
            try:
                plan = plan_page(page, options.languages)
            except PlanError as exc:
                result.errors.append(f"{path}: {exc}")
                continue
            profile = options.profile or page.profile
            outcomes = []
            if not plan.programs:
                outcomes.append(Outcome(page=path, language="-", verdict=SKIPPED, profile=profile,
                                        reason=f"no {', '.join(options.languages)} block to run"))
            for language, pieces in plan.programs.items():
                if profile is None:
                    outcomes.append(Outcome(page=path, language=language, verdict=SKIPPED, blocks=len(pieces),
                                            source=pieces[0].source, line=pieces[0].line,
                                            reason="the page has no profile: set jobs-checks-profile or pass --profile"))
                    continue
                outcomes.append(_run_one(page, language, pieces, profile, servers, options, files, result))
            for outcome in outcomes:
                result.outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
        result.base_urls = servers.base_urls
    return result
