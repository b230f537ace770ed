"""Report formats of a run: console table, JUnit XML, JSON. Each reads a `RunReport`
and masks its final text with the run's `Masker`."""
