"""Answers about the enum parameters of the dialects a page is judged by.

`Dialects` wraps the specs of one page (its profile's, or every profile's when it has
none): which words spell a query parameter (`sort_by`, `sortBy`), which operations take
it, which values each dialect accepts, the other dialect's spelling of a value
(`x-wrong-dialect`) and how prose names the dialects a page is *not* about. Several
lint rules ask it; it lives here, beside the facts it answers from.
"""

from __future__ import annotations

import functools
import re

from checks.apispec.facts import spec_for
from checks.apispec.loader import PROFILES
from checks.apispec.routes import twin_path


def normalise(name: str) -> str:
    """`sort_by`, `sortBy`, `sort-by` and `SortBy` all become `sortby`."""
    return re.sub(r"[_\-\s]", "", name).lower().rstrip("?")


def short_title(spec) -> str:
    """"Comfy Cloud" from the title "Comfy Cloud — Jobs API"."""
    return re.split(r"\s+[—-]\s+", spec.title)[0]


def dialect_name(spec) -> str:
    """"Comfy Cloud (cloud)"."""
    return f"{short_title(spec)} ({spec.profile})"


@functools.lru_cache(maxsize=None)
def _dialects(profiles: tuple) -> "Dialects":
    return Dialects([spec_for(name) for name in profiles])


def dialects_for(specs) -> "Dialects":
    """The (cached) Dialects of a page's judging specs."""
    return _dialects(tuple(spec.profile for spec in specs))


def _memo(method):
    """Cache a Dialects method per instance: its answers depend on the spec only."""

    @functools.wraps(method)
    def cached(self, *args):
        key = (method.__name__, *args)
        if key not in self._answers:
            self._answers[key] = method(self, *args)
        return self._answers[key]

    return cached


class Dialects:
    """Answers about enum parameters for the specs a page is judged by (one, or all for no profile)."""

    def __init__(self, specs):
        self.specs = list(specs)
        self._answers: dict = {}

    @functools.cached_property
    def enum_words(self) -> frozenset[str]:
        """Lower-case spellings of the enum parameters: a block without any cannot set one."""
        enums = {name for profile in PROFILES for op in spec_for(profile).jobs_operations
                 for name in spec_for(profile).enum_parameters(op.operation_id)}
        return frozenset(w for spelling, name in self.spellings.items() if name in enums
                         for w in (spelling.lower(), normalise(spelling)))

    @functools.cached_property
    def _others(self) -> re.Pattern | None:
        """How prose names the dialects this page is NOT about ("local server", "Comfy Cloud")."""
        judging = {spec.profile for spec in self.specs}
        names = set()
        for profile in PROFILES:
            if profile not in judging:
                words = short_title(spec_for(profile)).lower().split()
                names.add(" ".join(words))
                names.add(" ".join(words[-2:]) if len(words) > 2 else words[-1])
        if not names:
            return None
        return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b", re.I)

    def mentions_other(self, text: str) -> bool:
        """True for a sentence, row or tab title about another dialect (a comparison, not a defect)."""
        return bool(text) and self._others is not None and self._others.search(text) is not None

    @functools.cached_property
    def _setting(self) -> re.Pattern:
        words = "|".join(sorted(map(re.escape, self.enum_words), key=len, reverse=True))
        return re.compile(rf"\b(?:{words})\??[\"'`]?\]?\s*[=:,]")

    def mentions_enum_parameter(self, code: str) -> bool:
        """True when the code may set an enum parameter (`status=`, `"sort_by":`, `sortBy?:`, `("status",`,
        `params["status"] =`)."""
        return self._setting.search(code.lower()) is not None

    @functools.cached_property
    def spellings(self) -> dict[str, str]:
        """Every query parameter name of every profile (and its camelCase) -> the parameter."""
        found = {}
        for profile in PROFILES:
            spec = spec_for(profile)
            for op in spec.jobs_operations:
                for name, param in spec.parameters(op.operation_id).items():
                    if param.get("in") == "query":
                        found[name] = name
                        found[re.sub(r"_(\w)", lambda m: m.group(1).upper(), name)] = name
        return found

    @functools.cached_property
    def by_normal(self) -> dict[str, str]:
        return {normalise(spelling): name for spelling, name in self.spellings.items()}

    @functools.cached_property
    def field_names(self) -> set[str]:
        """Fields of a job in any profile: a parameter with such a name (`status`) is ambiguous in an object."""
        return {name for profile in PROFILES for name in spec_for(profile).job_fields(detail=True)}

    def parameter(self, key: str) -> str | None:
        return self.by_normal.get(normalise(key))

    @_memo
    def operations_with(self, parameter: str) -> tuple:
        ids = []
        for profile in PROFILES:
            spec = spec_for(profile)
            for op in spec.jobs_operations:
                if parameter in spec.parameters(op.operation_id) and op.operation_id not in ids:
                    ids.append(op.operation_id)
        return tuple(ids)

    @_memo
    def operation_for(self, path: str | None, method: str | None, parameter: str) -> tuple:
        """Operation ids a request path means, in any profile (so `/jobs` still means listJobs)."""
        if path:
            candidates = [path, twin_path(path)]
            for candidate in candidates:
                for profile in PROFILES:
                    ops = spec_for(profile).match_path(candidate, method)
                    if ops:
                        return tuple(op.operation_id for op in ops)
            return ()
        return self.operations_with(parameter)

    @_memo
    def enum(self, spec, parameter: str, operation_ids) -> list[str] | None:
        for op_id in operation_ids or ():
            values = spec.parameter_enum(parameter, op_id)
            if values:
                return values
        return None

    @_memo
    def is_list(self, parameter: str, operation_ids) -> bool:
        """True for array parameters sent comma-separated (`status=pending,in_progress`)."""
        for spec in self.specs:
            for op_id in operation_ids:
                param = spec.parameters(op_id).get(parameter)
                if param and param["schema"].get("type") == "array":
                    return True
        return False

    @_memo
    def known(self, parameter: str, value: str) -> bool:
        """True when any profile knows the value for this parameter (as valid or as a wrong-dialect spelling)."""
        for profile in PROFILES:
            spec = spec_for(profile)
            for op_id in self.operations_with(parameter):
                if value in (spec.parameter_enum(parameter, op_id) or []) or value in spec.wrong_dialect(parameter, op_id):
                    return True
        return False

    @_memo
    def verdict(self, parameter: str, value: str, operation_ids) -> tuple[str, str | None] | None:
        """None when some judging dialect accepts the value; else (message tail, right value)."""
        judged = [(spec, self.enum(spec, parameter, operation_ids)) for spec in self.specs]
        judged = [(spec, values) for spec, values in judged if values]
        if not judged or any(value in values for _, values in judged):
            return None
        rights = []
        for spec, _ in judged:
            for op_id in operation_ids:
                right = spec.wrong_dialect(parameter, op_id).get(value)
                if right and right not in rights:
                    rights.append(right)
        if len(judged) == 1:
            spec, values = judged[0]
            who = f"is not accepted by {dialect_name(spec)}"
            valid = ", ".join(values)
        else:
            who = "is not accepted by any dialect"
            sets = {tuple(values) for _, values in judged}
            valid = ", ".join(judged[0][1]) if len(sets) == 1 else "; ".join(
                f"{spec.profile}: {', '.join(values)}" for spec, values in judged)
        right = rights[0] if len(rights) == 1 else None
        hint = f"; use `{right}`" if right else ""
        return f"{who}{hint} (valid: {valid})", right
