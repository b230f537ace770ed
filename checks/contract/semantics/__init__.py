"""The contract's semantic checks, one small module per concern.

Each module registers its checks in `checks.contract.catalogue`; response checks
take `(ctx, response, case)` like any schemathesis check, scenario checks take the
data a deterministic scenario collected.
"""
