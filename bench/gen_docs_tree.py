"""Write a large, realistic Mintlify docs tree for benchmarking the linter.

    python bench/gen_docs_tree.py OUT_DIR [--pages 5000] [--seed 1]

English pages plus zh/ja/ko mirrors, JSX wrappers (Steps, Tabs, CodeGroup, Note,
Accordion), tables, snippets imported by pages, and code in python, typescript,
javascript, bash and json — a fifth of the pages carry code, some call the Jobs API,
the rest is prose. Examples follow the spec (checks.apispec), except on ~5% of the API
pages, which sort by the other dialect's field so the linter has something to find.
All text is generated here; the same seed gives the same tree.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the checkout, for checks.apispec

LOCALES = ("zh", "ja", "ko")
SECTIONS = (
    ("development/cloud", "cloud"),
    ("development/comfyui-server", "comfyui"),
    ("api-reference/cloud", "cloud"),
    ("tutorials/image", None),
    ("tutorials/video", None),
    ("tutorials/audio", None),
    ("interface", None),
    ("installation", None),
    ("custom-nodes", None),
    ("troubleshooting", None),
)
WORDS = (
    "node workflow queue prompt model sampler latent image graph output input seed steps scheduler "
    "checkpoint loader batch server client request response history status cache memory device "
    "preview widget canvas group template render upscale mask vae clip lora tensor frame audio "
    "video export import settings panel shortcut extension manager install update folder path"
).split()
# Per-locale syllables so mirrors look translated (and differ in size) without real translation.
LOCALE_WORDS = {
    "zh": list("工作流节点队列模型采样图像输出输入种子步骤调度检查点加载批次服务器客户端请求响应历史状态缓存内存设备预览"),
    "ja": list("ワークフローノードキューモデルサンプラー画像出力入力シードステップスケジューラ読み込みサーバー"),
    "ko": list("워크플로노드대기열모델샘플러이미지출력입력시드단계스케줄러체크포인트로더서버클라이언트요청응답"),
}


class Writer:
    """Writes one page in one language. `shape` draws decide structure and code, the
    same for a page and its mirrors; `rng` draws only choose words, which differ per language."""

    def __init__(self, shape: random.Random, rng: random.Random, locale: str | None):
        self.shape = shape
        self.rng = rng
        self.locale = locale

    def words(self, low: int, high: int) -> str:
        rng = self.rng
        count = rng.randint(low, high)
        if self.locale is None:
            return " ".join(rng.choice(WORDS) for _ in range(count))
        pool = LOCALE_WORDS[self.locale]
        return "".join("".join(rng.choice(pool) for _ in range(rng.randint(2, 4))) for _ in range(count // 2 + 1))

    def sentence(self) -> str:
        text = self.words(6, 16)
        return (text[:1].upper() + text[1:] + (". " if self.locale is None else "。"))

    def paragraph(self) -> str:
        body = "".join(self.sentence() for _ in range(self.rng.randint(2, 6))).strip()
        if self.shape.random() < 0.4:
            body += f" `{self.shape.choice(WORDS)}_{self.shape.choice(WORDS)}`"
        return body

    def list_block(self) -> str:
        marker = self.shape.choice(("-", "*", "1."))
        return "\n".join(f"{marker} {self.words(3, 10)}" for _ in range(self.shape.randint(3, 7)))

    def table(self) -> str:
        columns = self.shape.randint(2, 4)
        header = "| " + " | ".join(self.words(1, 2) for _ in range(columns)) + " |"
        rule = "|" + "|".join("---" for _ in range(columns)) + "|"
        rows = ["| " + " | ".join(f"`{self.shape.choice(WORDS)}`" if c == 0 else self.words(2, 6) for c in range(columns)) + " |"
                for _ in range(self.shape.randint(3, 9))]
        return "\n".join([header, rule, *rows])


class Dialect:
    """What a page of one profile writes in its Jobs API examples, read from the spec."""

    def __init__(self, profile: str | None):
        from checks.apispec import spec_for

        self.cloud = profile == "cloud"
        self.spec = spec_for(profile or "comfyui")
        parameters = self.spec.parameters("listJobs")
        self.sort_by = parameters["sort_by"]["schema"]["default"]
        self.statuses = list(self.spec.status_enum())
        self.header = self.spec.auth_header
        self.base = "https://cloud.comfy.org" if self.cloud else "http://127.0.0.1:8188"
        self.response = _example(self.spec, {"$ref": "#/components/schemas/JobList"})


def _example(spec, schema, depth: int = 0):
    """The smallest value valid for `schema`: required properties only, first enum value."""
    schema = spec.deref(schema)
    if depth > 8:
        return None
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return _example(spec, schema[key][0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if "allOf" in schema or "properties" in schema or kind == "object":
        properties = spec.properties(schema)
        return {key: _example(spec, properties[key], depth + 1) for key in sorted(spec.required(schema)) if key in properties}
    if kind == "array":
        return [_example(spec, schema.get("items", {}), depth + 1)]
    if kind == "integer":
        return 1718000000000 if schema.get("x-unit") == "ms" else max(schema.get("minimum", 0), 0)
    return {"number": 1.5, "boolean": False, "string": "example"}.get(kind)


_DIALECTS: dict = {}


def dialect(profile: str | None) -> Dialect:
    if profile not in _DIALECTS:
        _DIALECTS[profile] = Dialect(profile)
    return _DIALECTS[profile]


def api_code(rng: random.Random, language: str, profile: str | None, defect: bool = False) -> str:
    """A Jobs API call in `language` for `profile` (local server when None).

    With `defect`, the call sorts by the other dialect's field: a mistake the linter should catch.
    """
    d = dialect(profile)
    sort_by = dialect(None if d.cloud else "cloud").sort_by if defect else d.sort_by
    status = rng.choice(d.statuses)
    limit = rng.randint(1, 50)
    if language == "python":
        header = f', headers={{"{d.header}": API_KEY}}' if d.header else ""
        return (
            "import requests\n\n"
            f'BASE_URL = "{d.base}"\n'
            + ('API_KEY = "your-api-key"\n' if d.header else "")
            + f'response = requests.get(f"{{BASE_URL}}/api/jobs", params={{"status": "{status}", '
            f'"sort_by": "{sort_by}", "limit": {limit}}}{header})\n'
            "for job in response.json()[\"jobs\"]:\n"
            "    print(job[\"id\"], job[\"status\"])\n"
        )
    if language in ("typescript", "javascript"):
        typed = ": string" if language == "typescript" else ""
        header = f', {{ headers: {{ "{d.header}": apiKey }} }}' if d.header else ""
        return (
            f'const baseUrl{typed} = "{d.base}";\n'
            + (f'const apiKey{typed} = process.env.COMFY_API_KEY ?? "";\n' if d.header else "")
            + f"const response = await fetch(`${{baseUrl}}/api/jobs?status={status}&sort_by={sort_by}&limit={limit}`{header});\n"
            "const data = await response.json();\n"
            "for (const job of data.jobs) {\n  console.log(job.id, job.status);\n}\n"
        )
    if language == "bash":
        key = 'export COMFY_API_KEY="your-api-key"\n' if d.header else ""
        header = f' \\\n  -H "{d.header}: $COMFY_API_KEY"' if d.header else ""
        return f'export BASE_URL={d.base}\n{key}curl "$BASE_URL/api/jobs?status={status}&sort_by={sort_by}&limit={limit}"{header}\n'
    example = json.loads(json.dumps(d.response))
    for job in example.get("jobs", []):
        job["id"] = f"job-{rng.randint(1, 999)}"
    return json.dumps(example, indent=2) + "\n"


def plain_code(rng: random.Random, language: str) -> str:
    name = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}"
    if language == "python":
        return f"def {name}(value):\n    result = value * {rng.randint(2, 9)}\n    return result\n\nprint({name}(3))\n"
    if language in ("typescript", "javascript"):
        typed = ": number" if language == "typescript" else ""
        return f"function {name.replace('_', '')}(value{typed}) {{\n  return value * {rng.randint(2, 9)};\n}}\nconsole.log({name.replace('_', '')}(3));\n"
    if language == "bash":
        return f"cd ComfyUI\npython main.py --port {rng.randint(8000, 9000)}\n"
    return json.dumps({name: rng.randint(0, 100), "enabled": rng.random() < 0.5}, indent=2) + "\n"


def code_fence(rng: random.Random, profile: str | None, calls_api: bool, indent: str = "", defect: bool = False) -> str:
    language = rng.choice(("python", "typescript", "javascript", "bash", "json"))
    title = {"python": "Python", "typescript": "TypeScript", "javascript": "JavaScript", "bash": "cURL", "json": "Response"}[language]
    code = api_code(rng, language, profile, defect) if calls_api else plain_code(rng, language)
    body = "".join(indent + line + "\n" if line else "\n" for line in code.rstrip("\n").split("\n"))
    return f"{indent}```{language} {title}\n{body}{indent}```"


def page_text(shape: random.Random, rng: random.Random, locale: str | None, title: str, profile: str | None,
              has_code: bool, calls_api: bool, snippet: str | None, defect: bool = False) -> str:
    writer = Writer(shape, rng, locale)
    parts = [f"---\ntitle: \"{title}\"\ndescription: \"{writer.words(5, 10)}\"\n---"]
    if snippet:
        parts.append(f"import SharedSteps from '/snippets/{snippet}'")
    parts.append(writer.paragraph())
    for section in range(shape.randint(2, 6)):
        parts.append(f"## {writer.words(2, 5).title()} {{#section-{section}}}")
        for _ in range(shape.randint(1, 4)):
            parts.append(writer.paragraph())
        roll = shape.random()
        if roll < 0.25:
            parts.append(writer.list_block())
        elif roll < 0.35:
            parts.append(f"<Note>\n  {writer.sentence()}\n</Note>")
        elif roll < 0.42:
            parts.append(f'<Accordion title="{writer.words(2, 4)}">\n  {writer.paragraph()}\n</Accordion>')
        if has_code and shape.random() < 0.6:
            style = shape.random()
            if style < 0.4:
                parts.append(code_fence(shape, profile, calls_api, defect=defect))
            elif style < 0.7:
                fences = "\n".join(code_fence(shape, profile, calls_api, defect=defect) for _ in range(shape.randint(2, 3)))
                parts.append(f"<CodeGroup>\n{fences}\n</CodeGroup>")
            else:
                steps = "\n".join(
                    f'  <Step title="{writer.words(2, 4)}">\n    {writer.sentence()}\n{code_fence(shape, profile, calls_api, "    ", defect)}\n  </Step>'
                    for _ in range(shape.randint(2, 3)))
                parts.append(f"<Steps>\n{steps}\n</Steps>")
        if has_code and shape.random() < 0.2:
            parts.append(writer.table())
    if snippet:
        parts.append("<SharedSteps />")
    return "\n\n".join(parts) + "\n"


def snippet_text(rng: random.Random, profile: str | None) -> str:
    """Cloud snippets call the Jobs API; shared ones (no profile) hold generic code."""
    writer = Writer(rng, rng, None)
    return f"{writer.paragraph()}\n\n{code_fence(rng, profile, profile is not None)}\n"


def generate(out_dir: str, pages: int = 5000, seed: int = 1) -> dict:
    """Write the tree; return counts (pages, english, with_code, bytes)."""
    rng = random.Random(seed)
    english = max(1, pages // (1 + len(LOCALES)))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "docs.json"), "w", encoding="utf-8") as handle:
        json.dump({"name": "Benchmark docs", "theme": "mint"}, handle)
    snippets = []
    for number in range(40):
        folder, profile = ("cloud", "cloud") if number % 3 == 0 else ("", None)
        name = f"{folder + '/' if folder else ''}shared-{number}.mdx"
        snippets.append((name, profile))
        _write(out_dir, f"snippets/{name}", snippet_text(rng, profile))
    stats = {"pages": 0, "english": english, "with_code": 0, "bytes": 0}
    plan = []
    for number in range(english):
        section, profile = SECTIONS[number % len(SECTIONS)]
        has_code = rng.random() < 0.12 or (profile is not None and rng.random() < 0.3)
        calls_api = has_code and (profile is not None or rng.random() < 0.1)
        snippet = None
        if rng.random() < 0.05:
            matching = [name for name, snippet_profile in snippets if snippet_profile in (profile, None)]
            snippet = rng.choice(matching)
        defect = calls_api and rng.random() < 0.05
        plan.append((f"{section}/page-{number:05d}.mdx", profile, has_code, calls_api, snippet, defect))
    locales = [None, *LOCALES]
    remaining = pages
    for locale in locales:
        for relative, profile, has_code, calls_api, snippet, defect in plan:
            if remaining <= 0:
                break
            shape = random.Random(f"{seed}:{relative}")
            words = random.Random(f"{seed}:{relative}:{locale}")
            title = relative.rsplit("/", 1)[1][:-4].replace("-", " ").title()
            text = page_text(shape, words, locale, title, profile, has_code, calls_api, snippet, defect)
            path = relative if locale is None else f"{locale}/{relative}"
            stats["bytes"] += _write(out_dir, path, text)
            stats["pages"] += 1
            stats["with_code"] += has_code
            remaining -= 1
    return stats


def _write(root: str, relative: str, text: str) -> int:
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.pages < 1:
        parser.error("--pages must be at least 1")
    stats = generate(args.out_dir, args.pages, args.seed)
    print(f"wrote {stats['pages']} pages ({stats['english']} English, {stats['with_code']} with code), "
          f"{stats['bytes'] / 1e6:.1f} MB to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
