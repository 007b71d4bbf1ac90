"""Context-free recognisers for the kinds of line a Chinese newspaper page has.

These patterns are conventions of the Chinese press in general (bylines marked
■, 本报讯 datelines, 编辑/校对 credit lines, weather reports), not of one
paper; what is specific to a paper lives in its PublicationProfile.
"""

from __future__ import annotations

import re

from .draft import BlockKind, Credit, Role
from .normalise import clean_name, fold_width, visible_length

# --- furniture -------------------------------------------------------------

_CREDIT_LABELS = (
    r"责任编辑|值班编辑|图片编辑|美术编辑|责编|编辑|美编|版式设计|版式|组版|排版|"
    r"责任校对|文字校对|校对|审校|电话"
)
_CREDIT_FIELD = re.compile(rf"({_CREDIT_LABELS})\s*[/:\uff1a]\s*")
_CREDIT_ROLES = {
    "责任编辑": Role.EDITOR,
    "责编": Role.EDITOR,
    "编辑": Role.EDITOR,
    "图片编辑": Role.EDITOR,
    "值班编辑": Role.EDITOR,
    "美术编辑": Role.LAYOUT,
    "美编": Role.LAYOUT,
    "版式设计": Role.LAYOUT,
    "版式": Role.LAYOUT,
    "责任校对": Role.PROOFREADER,
    "文字校对": Role.PROOFREADER,
    "审校": Role.PROOFREADER,
    "组版": Role.LAYOUT,
    "排版": Role.LAYOUT,
    "校对": Role.PROOFREADER,
}
_WEATHER_CUES = re.compile(
    r"气温|℃|°C|风\s*\d\s*[-~到至]?\s*\d?\s*级|[阴晴多云雨雪]转|[小中大暴]雨|雷阵雨"
)
_WEATHER_TIME = re.compile(r"今天|明天|今日|明日|白天|夜里|后天|早晨")
_NOTICE = re.compile(
    r"未经.{0,12}(?:授权|许可|同意).{0,12}(?:转载|复制|摘编)|法律顾问|友情提醒|温馨提示|"
    r"版权所有|本报地址|邮发代号|零售价|订阅热线|督印|承印|印刷[:\uff1a]|社址|"
    r"出版人[:\uff1a]|新闻热线|投诉电话"
)
# A weather box: the day's highest and lowest temperatures.
_TEMPERATURES = re.compile(r"(?:最高|最低)?气温\s*-?\d+\s*(?:℃|°C|°|度)")
_LOTTERY = re.compile(r"六合彩|双色球|大乐透|福彩|体彩|彩票|头奖|开奖|攪珠|搅珠")
_LATIN_NAME = re.compile(r"[A-Z][A-Z .&'-]{3,30}")
_COMPANY = re.compile(r"\S{2,20}(?:有限公司|集团)")
_PUBLIC_AD = re.compile(r"公\W?益\W?广\W?告")
# 《某某日报》（2025年01月10日第 18 版）: where a reprinted piece first ran.
_CITATION = re.compile(
    r"^(?:来源|原载|转自|摘自)?[:：]?《[^》]{2,20}》\s*[(（][^()（）\d]*\d[^()（）]*"
    r"(?:版|期)\s*[)）]$"
)
_AD = re.compile(
    r"广告|地址\s*[:\uff1a]|热线\s*[:\uff1a]?\s*\d|咨询电话|联系电话|招生|招聘|优惠|特价|"
    r"免费入场|立即(?:登记|报名|预约|购买|下载)|扫码|www\.|\.com|全新改版"
)


_GRAPHIC_CREDIT = re.compile(r"^(?:制图|绘图|图表|漫画|插图|设计)\s*[/:：]\s*\S{2,8}$")


def furniture_kind(text: str) -> BlockKind | None:
    """CREDIT, WEATHER, NOTICE or AD for a line that is page furniture."""
    if len(_CREDIT_FIELD.findall(text)) >= 2 or _GRAPHIC_CREDIT.match(text.strip()):
        return BlockKind.CREDIT
    if _PUBLIC_AD.search(text):
        return BlockKind.AD
    if _CITATION.match(text.strip()):
        return BlockKind.NOTICE
    length = visible_length(text)
    if length <= 200 and _NOTICE.search(text):
        return BlockKind.NOTICE
    if (
        length <= 200
        and _WEATHER_TIME.search(text)
        and len(_WEATHER_CUES.findall(text)) >= 2
    ):
        return BlockKind.WEATHER
    if length <= 40 and (
        _TEMPERATURES.search(text) or (_WEATHER_TIME.search(text) and "气温" in text)
    ):
        return BlockKind.WEATHER
    if length <= 80 and (_AD.search(text) or _LOTTERY.search(text)):
        if not _looks_like_prose(text):
            return BlockKind.AD
    if _LATIN_NAME.fullmatch(text.strip()) or _COMPANY.fullmatch(text.strip()):
        # The paper's name in Latin letters; a company's name alone (an ad).
        return (
            BlockKind.MASTHEAD if _LATIN_NAME.fullmatch(text.strip()) else BlockKind.AD
        )
    return None


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def is_figures(text: str) -> bool:
    """A line of figures (an infographic's numbers, a table row), not a title."""
    groups = _NUMBER.findall(text)
    digits = sum(len(g) for g in groups)
    length = visible_length(text) or 1
    return len(groups) >= 3 or (len(groups) >= 2 and digits >= 0.4 * length)


def _looks_like_prose(text: str) -> bool:
    # Prose has clauses: several commas. Ads are lists of phrases.
    return text.count(",") + text.count("\uff0c") >= 3


def parse_credits(text: str) -> list[Credit]:
    """`编辑/何 苗 电话/12345678 版式/任思远` → editor 何苗, layout 任思远."""
    fields = list(_CREDIT_FIELD.finditer(text))
    credits = []
    for i, field in enumerate(fields):
        end = fields[i + 1].start() if i + 1 < len(fields) else len(text)
        role = _CREDIT_ROLES.get(field.group(1))
        if role is None:
            continue  # a telephone number, not a person
        names = split_names(text[field.end() : end])
        credits.extend(Credit(role=role, name=name) for name in names or [None])
    return credits


def split_names(text: str) -> list[str]:
    """`王小明 李华` → two names; `何 苗` (a letter-spaced name) → one."""
    tokens = [t for t in re.split(r"[\s/|｜、,，]+", fold_width(text)) if t]
    names: list[str] = []
    pending = ""
    for token in tokens:
        if len(token) == 1:
            if pending:
                names.append(pending + token)
                pending = ""
            else:
                pending = token
        else:
            if pending:
                names.append(pending)
                pending = ""
            names.append(token)
    if pending:
        names.append(pending)
    if len(names) > 1 and any(len(n) == 1 for n in names):
        return [clean_name(text)]
    return names


# --- bylines and datelines -------------------------------------------------

_MARK = "■□▲△●◆◇★"
_ROLE_WORDS = {
    "本报记者": Role.REPORTER,
    "特约记者": Role.REPORTER,
    "实习记者": Role.REPORTER,
    "记者": Role.REPORTER,
    "实习生": Role.CORRESPONDENT,
    "通讯员": Role.CORRESPONDENT,
    "摄影": Role.PHOTOGRAPHER,
    "摄": Role.PHOTOGRAPHER,
    "图": Role.PHOTOGRAPHER,
    "文": Role.REPORTER,
}
_SPACED_ROLE = re.compile(
    r"本\s*报\s*记\s*者|特\s*约\s*记\s*者|实\s*习\s*记\s*者|记\s*者|实\s*习\s*生|"
    r"通\s*讯\s*员|摄\s*影"
)
_BYLINE_MARKED = re.compile(
    rf"[{_MARK}]\s*(?:本\s*报\s*)?(?:记\s*者|通\s*讯\s*员|摄|文|图|实\s*习|特\s*约)"
)
_BYLINE_PLAIN = re.compile(r"^(?:本\s*报\s*)?(?:记\s*者|通\s*讯\s*员|摄\s*影)(?:\s|$)")
_NAME = r"[\u4e00-\u9fff]{1,3}\s?[\u4e00-\u9fff]{1,2}"
# 文/某某, 图/某某, 某某/文, 某某/摄, 某某 摄, （某某 摄）
_BYLINE_SLASH = re.compile(
    rf"^(?:(?:文|图|摄|摄影|记者|文字|图片)\s*[/／:\uff1a]\s*{_NAME}"
    rf"|(?:图\s*[/／]\s*文|文\s*[/／]\s*图)\s*[:\uff1a]?\s*{_NAME}"
    rf"|{_NAME}\s*[/／]\s*(?:文|图|摄|摄影)|{_NAME}\s+摄"
    rf"|[(\uff08]\s*{_NAME}\s*摄\s*[)\uff09])$"
)
# 图/文 某某: one person wrote and photographed.
_WORDS_AND_PICTURES = re.compile(
    rf"^(?:图\s*[/／]\s*文|文\s*[/／]\s*图)\s*[:\uff1a]?\s*({_NAME})$"
)
_SLASHED_ROLE = re.compile(
    rf"^({_NAME})\s*(?:[/／]\s*)?(摄影|摄|(?<=[/／])文|(?<=[/／])图)$"
)
# Traditional forms of the role words (a traditional page's byline).
_TRADITIONAL_ROLES = {
    "記者": "记者",
    "通訊員": "通讯员",
    "攝影": "摄影",
    "實習生": "实习生",
    "本報": "本报",
    "攝": "摄",
    "圖": "图",
}
_TRADITIONAL_ROLE_RE = re.compile("|".join(_TRADITIONAL_ROLES))


def fold_role_words(text: str) -> str:
    return _TRADITIONAL_ROLE_RE.sub(lambda m: _TRADITIONAL_ROLES[m.group()], text)


_DATELINE = re.compile(
    r"^(?:本报讯|本报[^\s,\uff0c。]{1,8}电|(?:新华社|中新社|人民网|央视网)[^\s,\uff0c。]{0,12}电"
    r"|据新华社[^\s,\uff0c。]{0,12}电)"
)


def is_byline(text: str) -> bool:
    if visible_length(text) > 40:
        return False
    text = text.strip()
    return bool(
        _BYLINE_MARKED.search(text)
        or _BYLINE_PLAIN.match(text)
        or _BYLINE_SLASH.match(fold_width(text))
    )


def parse_byline(text: str) -> list[Credit]:
    """Roles and names of a byline; names before the first mark fill nameless roles.

    `任思远 ■记 者 通讯员 何苗` → reporter 任思远, correspondent 何苗;
    `■记 者 通讯员` → a reporter and a correspondent, names not printed.
    """
    text = fold_role_words(fold_width(text)).strip().strip("()\uff08\uff09")
    if both := _WORDS_AND_PICTURES.match(text):
        name = clean_name(both.group(1))
        return [Credit(Role.REPORTER, name), Credit(Role.PHOTOGRAPHER, name)]
    if slashed := _SLASHED_ROLE.match(text):
        text = f"{slashed.group(2)} {slashed.group(1)}"
    text = _SPACED_ROLE.sub(lambda m: re.sub(r"\s+", "", m.group()), text)
    text = re.sub(rf"[{_MARK}]", " ■ ", text)
    entries: list[tuple[Role, list[str]]] = []
    stray: list[str] = []
    tokens = _join_split_names(text.split())
    for token in tokens:
        if token == "■":
            continue
        role_word = next((w for w in _ROLE_WORDS if token.startswith(w)), None)
        if role_word:
            entries.append((_ROLE_WORDS[role_word], []))
            rest = token[len(role_word) :].strip("/:\uff1a")
            if rest:
                entries[-1][1].append(rest)
        elif entries:
            entries[-1][1].append(token)
        else:
            stray.append(token)
    for _, names in entries:
        if not names and stray:
            names.append(stray.pop(0))
    credits = []
    for role, names in entries:
        credits.extend(Credit(role=role, name=name) for name in names or [None])
    return credits


def _join_split_names(tokens: list[str]) -> list[str]:
    # Two-character names are typeset with a space: `王 强` is one name.
    out: list[str] = []
    for token in tokens:
        if (
            out
            and len(token) == 1
            and len(out[-1]) == 1
            and out[-1] != "■"
            and token != "■"
            and token not in _ROLE_WORDS
            and out[-1] not in _ROLE_WORDS
        ):
            out[-1] += token
        else:
            out.append(token)
    return out


_CAPTION = re.compile(r"^(?:[图圖]\s*[①-⑳\d一二三四五六七八九十]*\s*[:：]|[■▲△●]\s*\S)")


def is_caption(text: str) -> bool:
    """`图①：…`, `■…` (a photo caption, as many papers mark them)."""
    return bool(_CAPTION.match(text.strip())) and not is_byline(text)


def dateline_length(text: str) -> int:
    """Length of the dateline (`本报讯`) opening `text`, 0 when there is none."""
    match = _DATELINE.match(text)
    return match.end() if match else 0


# --- titles ----------------------------------------------------------------

_QUOTED = re.compile(r"[\"“'‘《(\uff08][^\"”'’》)\uff09]{0,30}[\"”'’》)\uff09]")
_SENTENCE_PUNCT = re.compile(r"[。\uff01\uff1f\uff1b\uff1a\uff0c、,;:!?]|\.(?!\d)")
_NUMBERED_SUBHEAD = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(\uff08][一二三四五六七八九十\d]+[)\uff09]|\d{1,2}[.、])"
)
MAX_TITLE_LENGTH = 34
KICKER_CUES = re.compile(r"(?:强调|指出|表示|要求|提出|希望|时|之际|期间|会上|调研时)$")
_DASH_START = re.compile(r"^[-—–─﹣－]+")
# Measure words after 一: a leading dash before one of these is a misread 一
# (`-堂生动党课` is `一堂生动党课`), not a subtitle dash.
_MEASURE_WORDS = set(
    "堂件场个张条次批位名项种份段句片把道座家届门桩组封首间所支只根幅朵本部台辆架艘栋层户份声番轮股串对双群排"
) | {"桩"}


def is_title_like(text: str) -> bool:
    """Short, with no sentence punctuation outside quotes: could be a title."""
    length = visible_length(text)
    if not 2 <= length <= MAX_TITLE_LENGTH:
        return False
    bare = _QUOTED.sub("", text)
    if _SENTENCE_PUNCT.search(bare):
        return (
            is_balanced_subhead(text)
            or is_numbered_subhead(text)
            or is_speaker_title(bare)
        )
    return not re.fullmatch(r"[\d\s.,:/-]+", text)


_SPEAKER = re.compile(r"[^\s:：]{2,6}[:：][^:：]{2,}")


def is_speaker_title(text: str) -> bool:
    """`某某：要做好这件事`: a speaker and what they said, as a headline.

    One colon after a short name, no other punctuation but a final ? or !.
    """
    body = text.rstrip("？！?!")
    stripped = _SPEAKER.sub("", body)
    return (
        bool(_SPEAKER.search(body))
        and not _SENTENCE_PUNCT.search(stripped)
        and body.count("：") + body.count(":") == 1
        and not _SENTENCE_PUNCT.search(re.sub("[:：]", "", body))
        and visible_length(body) <= 24
    )


_OPENERS = "“‘《（(「『【"
_CLOSERS = "”’》）)」』】"


def brackets_balanced(text: str) -> bool:
    """Every quote or bracket opened in `text` is closed in it."""
    return all(
        text.count(a) == text.count(b) for a, b in zip(_OPENERS, _CLOSERS, strict=True)
    )


def is_balanced_subhead(text: str) -> bool:
    """`守住绿水青山,留住乡愁记忆`: two parallel phrases around one comma."""
    parts = re.split(r"[,\uff0c]", text.strip())
    if len(parts) != 2 or _SENTENCE_PUNCT.search(parts[0] + parts[1]):
        return False
    a, b = (visible_length(p) for p in parts)
    return a >= 3 and b >= 3 and abs(a - b) <= 1


def is_numbered_subhead(text: str) -> bool:
    return (
        bool(_NUMBERED_SUBHEAD.match(text)) and visible_length(text) <= MAX_TITLE_LENGTH
    )


def starts_with_dash(text: str) -> bool:
    match = _DASH_START.match(text)
    if not match:
        return False
    nxt = text[match.end() : match.end() + 1]
    return not (len(match.group()) == 1 and nxt in _MEASURE_WORDS)


def fix_dash_yi(text: str) -> str:
    """`-堂` → `一堂`: OCR reads the character 一 as a hyphen before a measure word."""
    if _YI_DASH.search(text):  # most lines hold none: a search, not a sub
        return _DASH_BEFORE_MEASURE.sub(r"\1一", text)
    return text


# The hyphens OCR makes of 一 (the hyphen first: literal in a class).
_YI_DASHES = "-－﹣"
_YI_DASH = re.compile(f"[{_YI_DASHES}]")
_DASH_BEFORE_MEASURE = re.compile(
    rf"(^|[\s,\uff0c。])[{_YI_DASHES}](?=[{''.join(sorted(_MEASURE_WORDS))}])"
)


# OCR reads the dollar sign as an S: in a line that prints an amount as `$2`,
# `S1000` (an S straight before digits, not inside a Latin word) is `$1000`.
_DOLLAR_AMOUNT = re.compile(r"[$＄]\s?\d")
_S_FOR_DOLLAR = re.compile(r"(?<![A-Za-z])S(?=\d)")


def fix_letter_errors(text: str) -> str:
    """The OCR letter errors of a line that a convention can undo."""
    text = fix_dash_yi(text)
    if "S" in text and _DOLLAR_AMOUNT.search(text):
        text = _S_FOR_DOLLAR.sub("$", text)
    return text


def normalise_subtitle_dash(text: str) -> str:
    return _DASH_START.sub("——", text, count=1)
