"""Look for server defects the contract does not cover: a body no JSON parser accepts.

Only operations whose spec says such a body is harmless (`x-probe-malformed-json`) get
one; the answer is judged as a server defect (a 500 is a crash), never as a contract
violation, and nothing else is sent to destructive routes.
"""

from __future__ import annotations

from checks.apispec.validate import declares_json
from checks.contract.catalogue import scenario
from checks.contract.scenarios.base import ScenarioRun
from checks.contract.scenarios.gates import operation_available
from checks.contract.semantics.robustness import malformed_json_is_a_client_error
from checks.contract.target import WriteRefused


@scenario(order=90)
def run_robustness(run: ScenarioRun) -> None:
    """One body that is not JSON to each operation that takes it harmlessly; a 5xx is a server defect."""
    for op in run.spec.operations:
        if not op.probe_malformed_json or not operation_available(run, op.operation_id):
            continue
        try:
            exchange = run.target.send_malformed(op.operation_id)
        except WriteRefused as exc:
            run.skip(malformed_json_is_a_client_error, op.operation_id, str(exc))
            continue
        run.outcomes.answered(exchange.operation, exchange.status, exchange.content_type, exchange.text,
                              declares_json(run.spec, op.operation_id, exchange.status))
        run.defect_verdict(malformed_json_is_a_client_error, exchange, exchange.request_line, exchange.status,
                           exchange.text)
