"""Executable examples: run the docs' own code samples against a live server.

Static rules catch wrong values; only running a sample catches a polling loop that waits
for a status the API never returns, or a step that reads a field the response lacks.

    from checks.examples.runner import RunOptions, run_examples
    result = run_examples(RunOptions(paths=["docs/"], timeout=30))
    result.exit_code, result.outcomes   # 0 / 1 / 2; one Outcome per (page, language)

Flow: pages (the linter's extractor, profiles, snippet imports) -> `plan` (which blocks,
opt-in by frontmatter `jobs-checks-run`) -> `assemble` (one program per language,
`substitute`d to call the server) -> `execute` (temp folder, timeout) behind a recording
`proxy` -> `diagnose` (page lines, likely culprit) -> `outcomes` -> `report` formats.
The opt-in convention is documented in `checks.examples.plan`.
"""
