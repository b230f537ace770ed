"""Linter configuration: `[tool.jobs-checks]` in pyproject.toml, or a `jobs-checks.toml`.

Everything is optional; linting a checkout of the ComfyUI docs works with none of it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_LOCALES = ("zh", "ja", "ko")
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """The configuration file is unreadable or holds a value we cannot use."""


@dataclass
class Config:
    profiles: dict[str, str] = field(default_factory=dict)  # glob -> profile, checked before the built-in layout map
    locales: tuple[str, ...] = DEFAULT_LOCALES
    select: set[str] | None = None  # rule codes (or prefixes like "JC2") to run; None = all
    ignore: set[str] = field(default_factory=set)
    severity: dict[str, str] = field(default_factory=dict)  # code -> error|warning|info
    known_globals: set[str] = field(default_factory=set)  # names every code block may use
    env_vars: set[str] = field(default_factory=set)  # shell variables readers are told to export
    exclude: tuple[str, ...] = ()  # globs of files never linted
    root: Path | None = None  # docs root for `/snippets/...` imports (default: auto-detected)
    source: Path | None = None  # the file this came from

    def rule_enabled(self, code: str) -> bool:
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        return self.select is None or any(code.startswith(prefix) for prefix in self.select)

    def severity_of(self, code: str, default: str) -> str:
        return self.severity.get(code, default)


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def find_config_file(start: Path) -> tuple[Path, dict] | None:
    """The nearest jobs-checks.toml, or pyproject.toml with a [tool.jobs-checks] table."""
    for folder in [start, *start.parents]:
        dedicated = folder / "jobs-checks.toml"
        if dedicated.is_file():
            return dedicated, _read_toml(dedicated)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("jobs-checks")
            if table is not None:
                return pyproject, table
    return None


def _string_set(table: dict, key: str, where: Path) -> set[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return set(value)


def config_from_table(table: dict, where: Path) -> Config:
    known = {"profiles", "locales", "select", "ignore", "severity", "known-globals", "env-vars", "exclude", "root"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    profiles = table.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(v, str) for v in profiles.values()):
        raise ConfigError(f"{where}: `profiles` must map globs to profile names")
    from checks.apispec import LINT_PROFILES

    for glob, profile in profiles.items():
        if profile not in LINT_PROFILES:
            raise ConfigError(f"{where}: profile {profile!r} for {glob!r} is not one of {', '.join(LINT_PROFILES)}")
    severity = table.get("severity", {})
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{where}: severity of {code} must be one of {', '.join(SEVERITIES)}, not {level!r}")
    root = table.get("root")
    return Config(
        profiles=dict(profiles),
        locales=tuple(_string_set(table, "locales", where)) or DEFAULT_LOCALES if "locales" in table else DEFAULT_LOCALES,
        select=_string_set(table, "select", where) if "select" in table else None,
        ignore=_string_set(table, "ignore", where),
        severity=dict(severity),
        known_globals=_string_set(table, "known-globals", where),
        env_vars=_string_set(table, "env-vars", where),
        exclude=tuple(sorted(_string_set(table, "exclude", where))),
        root=(where.parent / root).resolve() if isinstance(root, str) else None,
        source=where,
    )


def config_for(paths: list[str], explicit: str | None = None) -> Config:
    """Configuration for a run over `paths`: the `--config` file, else the nearest to the first path."""
    if explicit is not None:
        from checks.docs.discover import with_site_locales

        if not Path(explicit).is_file():
            raise ConfigError(f"--config: no such file: {explicit}")
        return with_site_locales(load_config(explicit=Path(explicit)), paths or ["."])
    from checks.docs.discover import with_site_locales

    first = Path(paths[0]) if paths else Path(".")
    config = load_config(first if first.is_dir() else first.parent)
    return with_site_locales(config, paths or ["."])


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Configuration for a run started in `start` (default: the current directory)."""
    if explicit is not None:
        table = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            table = table.get("tool", {}).get("jobs-checks", {})
        return config_from_table(table, explicit)
    found = find_config_file((start or Path.cwd()).resolve())
    if found is None:
        return Config()
    return config_from_table(found[1], found[0])
