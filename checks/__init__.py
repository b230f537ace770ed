"""comfy-jobs-checks: contract tests and docs lint for the ComfyUI Jobs API."""

__version__ = "0.1.0"
