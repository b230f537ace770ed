"""Send what the spec forbids and expect its documented client errors.

Values come from the spec: each enum parameter gets the other dialect's values
(`x-wrong-dialect`) and a made-up one, a list of ids a value that is no id; integers get
a non-number and the values just outside `minimum`/`maximum` (a clamped minimum is not
an error). Parameters newer than the server are left out.
"""

from __future__ import annotations

from http import HTTPStatus

from checks.apispec.query import parameter_rules
from checks.contract.catalogue import scenario
from checks.contract.scenarios.base import ScenarioRun
from checks.contract.scenarios.gates import parameter_available
from checks.contract.semantics.errors import bad_parameters_are_400, unknown_job_is_404

NOT_A_VALUE = "jobs-checks-not-a-value"
NOT_A_NUMBER = "twelve"
NOT_A_UUID = "not-a-job-id"


def bad_values(spec, name: str, schema: dict) -> list[object]:
    """Values of one listJobs parameter that the spec rejects."""
    rule = parameter_rules(spec).get(name)
    values: list[object] = []
    if schema.get("type") == "array":
        if (schema.get("items") or {}).get("enum"):
            values += [NOT_A_VALUE, ",".join([*schema["items"]["enum"][:1], NOT_A_VALUE])]
        elif (schema.get("items") or {}).get("pattern"):
            values.append(NOT_A_VALUE)
    elif schema.get("enum"):
        values += [value for value in spec.wrong_dialect(name) if value not in schema["enum"]]
        values.append(NOT_A_VALUE)
    elif schema.get("type") == "integer":
        values.append(NOT_A_NUMBER)
        if "minimum" in schema and (rule is None or rule.clamped_minimum is None):
            values.append(schema["minimum"] - 1)
        if "maximum" in schema:
            values.append(schema["maximum"] + 1)
    return values


@scenario(order=80)
def run_negative(run: ScenarioRun) -> None:
    """Send what the spec forbids (bad enum values, bounds, unknown ids) and expect its documented errors."""
    rejected = run.target.declared("listJobs", HTTPStatus.BAD_REQUEST)
    if rejected is None:
        run.skip(bad_parameters_are_400, "listJobs", "the spec declares no 400 for listJobs")
    else:
        for name, param in run.spec.parameters("listJobs").items():
            if not parameter_available(run, "listJobs", name):
                continue
            for value in bad_values(run.spec, name, param["schema"]):
                exchange = run.send("listJobs", query={name: value})
                run.verdict(bad_parameters_are_400, "listJobs", name, str(value), exchange.status, rejected,
                            run.error_problems(exchange) if exchange.status == rejected else [], exchange=exchange)

    missing = run.target.declared("getJob", HTTPStatus.NOT_FOUND)
    if missing is None:
        run.skip(unknown_job_is_404, "getJob", "the spec declares no 404 for getJob")
        return
    job_id = run.unknown_id()
    exchange = run.send("getJob", path_parameters={"job_id": job_id})
    run.verdict(unknown_job_is_404, "getJob", job_id, exchange.status, missing,
                run.error_problems(exchange) if exchange.status == missing else [], exchange=exchange)
    param = run.spec.parameters("getJob").get("job_id", {})
    must_be_uuid = param.get("schema", {}).get("format") == "uuid"
    expected = run.target.declared("getJob", HTTPStatus.BAD_REQUEST) if must_be_uuid else missing
    exchange = run.send("getJob", path_parameters={"job_id": NOT_A_UUID})
    run.verdict(unknown_job_is_404, "getJob", NOT_A_UUID, exchange.status, expected or missing,
                run.error_problems(exchange) if exchange.status == (expected or missing) else [], exchange=exchange)
