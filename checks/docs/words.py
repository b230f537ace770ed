"""How docs say things about routes and dialects, in every locale they are written in.

A row or sentence that calls a route legacy, deprecated or replaced is a warning already
given, in English ("(legacy)", "deprecated", "use ... instead") as in the translations
("（旧版）", "已弃用", "レガシー", "非推奨", "레거시", "더 이상 사용되지 않음"). Claims are read the
same way: "kept for compatibility with", "nothing is deprecated", "we recommend", and the
words translations use for the local server and the cloud. Words of the languages, not
facts of the API: they live here, beside the prose readers.
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


def _any(*words: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{word})" for word in words), re.I)


# "kept for compatibility with", "works as on", "same as": a claim that another dialect has it.
COMPATIBILITY = _any(r"compatib", r"\bsame (?:route|endpoint|path)s? as\b", r"\bkept for\b", r"\bjust like\b",
                     r"\bworks? (?:the same )?as (?:on|in|with)\b", r"\bmirrors?\b", "兼容", "互換", "호환")
# "nothing is deprecated", "no route is deprecated", "all routes are current".
NOTHING_DEPRECATED = _any(
    r"\bnothing (?:here |on this page )?is deprecated\b", r"\bno (?:route|endpoint|path)s? (?:here )?(?:is|are) deprecated\b",
    r"\bnone of (?:the|these|its) (?:route|endpoint)s? (?:is|are) deprecated\b", r"\ball (?:the |these )?(?:route|endpoint)s? "
    r"(?:here |below |above )?are current\b", r"没有(?:任何)?(?:路由|端点|接口)?(?:被|已)?(?:弃用|废弃)", r"(?:均|都)(?:未|没有)(?:被)?(?:弃用|废弃)",
    r"非推奨の(?:ルート|エンドポイント|もの)?は(?:あり|ござい)ません", r"(?:더 이상 사용되지 않는|지원 중단된|사용 중단된) (?:경로|엔드포인트|것)(?:은|는) 없")
# "`/x` is not deprecated" said of one route.
NOT_DEPRECATED = _any(r"\b(?:is|are)(?: still)? not deprecated\b", r"\bnot (?:yet )?deprecated\b", r"\bisn't deprecated\b", r"\baren't deprecated\b",
                      "未(?:被)?弃用", "并未弃用", "非推奨ではありません", "사용 중단되지 않")
# "we recommend", "the recommended way", "prefer", "best": a sentence telling readers to use something.
RECOMMENDS = _any(r"\brecommend", r"\bprefer(?:red)?\b", r"\bbest (?:way|practice|choice)\b", r"\bshould use\b",
                  "推荐", "建议使用", "推奨", "おすすめ", "권장", "추천")
# How translations name the two kinds of server (English names come from the spec titles).
PLACE_WORDS = {"local": ("本地", "ローカル", "로컬"), "cloud": ("云", "雲", "クラウド", "클라우드")}
# Literal pieces at least one of which every claim above contains: a cheap test before the patterns.
CLAIM_HINTS = ("compatib", "same route", "same endpoint", "same path", "kept for", "just like", "work as", "works as",
               "works the same", "mirror", "deprecat", "are current", "recommend", "prefer", "best way", "best practice",
               "best choice", "should use", "兼容", "互換", "호환", "弃用", "废弃", "非推奨", "사용되지 않", "사용 중단", "지원 중단", "推荐", "建议使用", "推奨",
               "おすすめ", "권장", "추천")


def may_claim(text: str) -> bool:
    """False when the text holds none of the claims' words (most pages): skip the patterns."""
    low = text.lower()
    return any(hint in low for hint in CLAIM_HINTS)
