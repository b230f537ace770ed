"""The v2 contract: checks and scenarios for Comfy API v2 (`jobs-checks contract --profile v2`).

Response checks (`responses`) judge every v2 response, fuzzed or scripted; the scenarios
create the run's own jobs and check their lifecycle, idempotency keys, cancel, the event
stream, outputs and credentials. `runner.run_v2` is the programme; the v1 runner hands a
`v2` run to it.
"""
