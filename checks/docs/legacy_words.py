"""How docs say "this is the old way" in every locale they are written in.

A row or sentence that calls a route legacy, deprecated or replaced is a warning already
given, in English ("(legacy)", "deprecated", "use ... instead") as in the translations
("（旧版）", "已弃用", "レガシー", "非推奨", "레거시", "더 이상 사용되지 않음"). Words of the
languages, not facts of the API: they live here, beside the prose readers.
"""

from __future__ import annotations

import re

# Each locale's words for legacy / deprecated / replaced / retired / migrate / instead.
MARKERS = {
    "en": (r"deprecat", r"legacy", r"replac", r"retire", r"instead", r"migrat", r"no longer", r"removed",
           r"\bold(?:er)?\b", r"superseded", r"obsolete"),
    "zh": ("旧版", "旧的", "已弃用", "弃用", "废弃", "已废弃", "遗留", "不再推荐", "不推荐", "替代", "取代", "改用", "迁移",
           "舊版", "已棄用", "棄用", "廢棄", "取代", "遷移"),
    "ja": ("レガシー", "非推奨", "廃止", "旧版", "旧 API", "旧API", "代わりに", "置き換え", "移行", "古い"),
    "ko": ("레거시", "더 이상 사용되지 않", "사용 중단", "지원 중단", "폐기", "구버전", "이전 버전", "대신", "마이그레이션", "대체"),
}

_PATTERN = re.compile("|".join(f"(?:{word})" for words in MARKERS.values() for word in words), re.I)


def marks_legacy(text: str) -> bool:
    """True when the text calls something legacy, deprecated or replaced, in any locale's words."""
    return bool(text) and _PATTERN.search(text) is not None
