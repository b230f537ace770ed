"""Version gates, proved: before anything is skipped as newer than the server, one harmless request shows it is absent.

The spec dates routes and parameters (`x-since`); a server reporting an older version
should lack them, but a version string can lie (a patched build, a backport). For each
operation the server predates, the run sends one request that changes nothing (a GET, a
cancel of an id nobody has, a batch cancel of no job) and for each parameter one GET
with a value only a server that has it would refuse. The answer decides, and the report
says which request proved what.
"""

from __future__ import annotations

from checks.apispec.query import parameter_rules
from checks.apispec.versions import available
from checks.contract.catalogue import scenario
from checks.contract.outcomes import is_router_answer
from checks.contract.scenarios.base import ScenarioRun
from checks.contract.target import WriteRefused

NOT_A_VALUE = "jobs-checks-not-a-value"


def _harmless_request(run: ScenarioRun, op) -> dict | None:
    """Arguments of a request to `op` that changes nothing, or None when there is none."""
    if op.destructive:
        return None
    arguments: dict = {}
    if "{job_id}" in op.path:
        arguments["path_parameters"] = {"job_id": run.unknown_id()}
    if op.method == "GET" or (op.method == "POST" and "{job_id}" in op.path):
        return arguments
    body = (op.raw.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema") or {}
    required = run.spec.deref(body).get("required") or []
    properties = run.spec.properties(body)
    if required and all(properties.get(name, {}).get("type") == "array" for name in required):
        return {**arguments, "body": {name: [] for name in required}}  # e.g. cancel no job at all
    return None


def _absent(exchange) -> bool:
    return exchange.status == 405 or is_router_answer(exchange.status, exchange.content_type, exchange.text)


@scenario(order=0)
def run_gates(run: ScenarioRun) -> None:
    """First: for each route and parameter newer than the server, one harmless request shows whether it is there."""
    if run.version is None:
        return
    for op in run.spec.operations:
        if available(op.since, run.version):
            continue
        where = f"{op.method} {op.path}"
        arguments = _harmless_request(run, op)
        if arguments is None:
            run.confirmed_absent.add(op.operation_id)
            run.outcomes.note(f"{where}: not available in {run.version} (added in {op.since}); not probed, no "
                              f"request to it is harmless")
            continue
        try:
            exchange = run.send(op.operation_id, **arguments)
        except WriteRefused as exc:
            run.outcomes.note(f"{where}: not available in {run.version} (added in {op.since}); not probed: {exc}")
            run.confirmed_absent.add(op.operation_id)
            continue
        evidence = f"{exchange.request_line} answered {exchange.status}"
        if _absent(exchange):
            run.confirmed_absent.add(op.operation_id)
            run.outcomes.note(f"{where}: route not served by this server ({run.version}; added in {op.since}) "
                              f"- confirmed: {evidence}")
        else:
            run.present_despite_version.add(op.operation_id)
            run.outcomes.note(f"{where}: the server reports {run.version}, older than {op.since}, but serves the "
                              f"route ({evidence}); it is checked like any other")
    for op in run.spec.operations:
        if op.method != "GET" or op.operation_id in run.confirmed_absent:
            continue
        for name, rule in parameter_rules(run.spec, op.operation_id).items():
            if available(rule.since, run.version):
                continue
            exchange = run.send(op.operation_id, query={name: NOT_A_VALUE, "limit": 1}
                                if "limit" in parameter_rules(run.spec, op.operation_id) else {name: NOT_A_VALUE})
            evidence = f"{exchange.request_line} answered {exchange.status}"
            if 200 <= exchange.status < 300:
                run.confirmed_absent.add(f"{op.operation_id}.{name}")
                run.outcomes.note(f"{op.method} {op.path}: parameter {name} not read by this server ({run.version}; "
                                  f"added in {rule.since}) - confirmed: {evidence}, the value was ignored")
            else:
                run.present_despite_version.add(f"{op.operation_id}.{name}")
                run.outcomes.note(f"{op.method} {op.path}: the server reports {run.version}, older than {rule.since}, "
                                  f"but reads parameter {name} ({evidence}); it is checked like any other")


def parameter_available(run: ScenarioRun, operation_id: str, name: str) -> bool:
    """Whether the server reads a parameter: by its version, unless a gate request showed otherwise."""
    key = f"{operation_id}.{name}"
    if key in run.present_despite_version:
        return True
    rule = parameter_rules(run.spec, operation_id).get(name)
    return rule is not None and available(rule.since, run.version) and key not in run.confirmed_absent


def operation_available(run: ScenarioRun, operation_id: str) -> bool:
    op = run.spec.operation(operation_id)
    if op is None or operation_id in run.confirmed_absent:
        return False
    return operation_id in run.present_despite_version or available(op.since, run.version)
