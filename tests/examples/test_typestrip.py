"""Erasing TypeScript types: what is erased, what refuses, and that nothing moves."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from checks.examples.typestrip import NotErasable, strip_types

SAMPLE = """import type { Options } from "./options";
interface JobSummary { id: string; status?: string }
type Page = { jobs: JobSummary[] };
export interface Exported { a: number }
const BASE_URL: string = "http://127.0.0.1:1";
declare const injected: number;
abstract class Client<T> implements Options {
  private readonly retries: number = 3;
  label?: string;
  abstract send(path: string): Promise<T>;
}
async function get<T>(path: string, limit?: number): Promise<T> {
  const response = (await fetch(path)) as Response;
  return (await response.json()) satisfies T;
}
const field = maybe!.value!;
const chained = maybe?.value ? 1 : 2;
const typed = get<Page>("/api/jobs");
let later: Array<string> | undefined;
const identity = <T,>(value: T): T => value;
function overloaded(a: string): void;
function overloaded(a: unknown) {}
"""


def test_types_become_spaces_and_nothing_else_changes():
    stripped = strip_types(SAMPLE)
    assert len(stripped) == len(SAMPLE)
    assert all(after in (before, " ") for before, after in zip(SAMPLE, stripped))
    assert [i for i, c in enumerate(SAMPLE) if c == "\n"] == [i for i, c in enumerate(stripped) if c == "\n"]
    for gone in ("interface", "JobSummary", ": string", "<T>", " as Response", "satisfies", "private", "readonly",
                 "abstract", "implements", "declare", "limit?", "maybe!"):
        assert gone not in stripped, gone
    for kept in ('const BASE_URL', '"http://127.0.0.1:1"', "maybe?.value", 'get      ("/api/jobs")', "=> value"):
        assert kept in stripped, kept


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not on PATH")
def test_node_accepts_the_stripped_code(tmp_path):
    program = tmp_path / "stripped.mjs"
    program.write_text(strip_types(SAMPLE).replace('import type', '//'), encoding="utf-8")
    checked = subprocess.run(["node", "--check", str(program)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr


def test_plain_javascript_is_untouched():
    code = 'const response = await fetch(`${BASE_URL}/api/jobs`);\nconsole.log(a < b, c > d);\n'
    assert strip_types(code) == code


@pytest.mark.parametrize("code, why", [
    ("enum Status { Pending }", "an enum"),
    ("namespace Api { export const x = 1; }", "a namespace"),
    ("class Client { constructor(private key: string) {} }", "parameter property"),
    ("const = ;", "does not parse"),
])  # fmt: skip
def test_syntax_that_needs_a_transform_refuses(code, why):
    with pytest.raises(NotErasable, match=why):
        strip_types(code)
