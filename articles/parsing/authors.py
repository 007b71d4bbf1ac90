"""Author lines without a label: names alone under a headline, `（作者为…）`.

Commentary and theory pages print the author's name alone on a line under
the headline (often letter-spaced: `张 三`, several names on one line), and
the author's affiliation in brackets at the end of the article. Both are
conventions of the Chinese press; a name is recognised by its shape (a
common surname, one or two more characters, not a word of the dictionary).
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba

from .normalise import CJK_RE, fold_width

jieba.setLogLevel(60)

# Common surnames (百家姓, the most frequent few hundred), then compound ones.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申"
    "欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙"
    "鲍华喻祁蒲房滕屈饶牟艾尤阳穆卓古吉缪芦麦褚娄窦戚岑宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟"
    "邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝匡鞠惠荆乐冀郁胥储栗燕楚鄢劳谌"
    "奚皮粟冼蔺楼盘厉伊仝郜阚权帅屠豆朴盖练廉漆卿狄索晋扈晁芮阙浦戈伏鹿薄邸雍辜羊阿乌裘"
    "亓邰赫杭鲜逯茹诸亢嵇戎勾茅尉冶檀昝富习和单"
)
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 "
    "南宫 西门 独孤".split()
)
# A token this frequent in jieba's dictionary is a word, not a name…
_WORD_FREQUENCY = 50
# …unless it is more frequent than any word of jieba's own dictionary (all
# below a million): the archive taught it to jieba as a name (search.analysis).
_TAUGHT_NAME_FREQUENCY = 1_000_000
_MAX_NAMES = 5
_SEPARATORS = re.compile(r"[\s、,，]+")
AFFILIATION = re.compile(r"^[(（]\s*作\s*者\s*(?:为|单\s*位|系|是|：|:)")


@lru_cache(maxsize=4096)
def is_name(token: str) -> bool:
    """Could `token` be a person's name (surname + one or two characters)?"""
    if not 2 <= len(token) <= 4 or not all(CJK_RE.match(c) for c in token):
        return False
    if token[:2] in _COMPOUND_SURNAMES:
        given = token[2:]
    elif token[0] in _SURNAMES:
        given = token[1:]
    else:
        return False
    if not 1 <= len(given) <= 2:
        return False
    frequency = jieba.dt.FREQ.get(token) or 0
    return frequency < _WORD_FREQUENCY or frequency >= _TAUGHT_NAME_FREQUENCY


def name_line(text: str) -> list[str] | None:
    """The names of a line that holds nothing but names, else None.

    `张 三` → [张三]; `李四 王 五` → [李四, 王五]; `欧 阳 某` (vertical, merged)
    → [欧阳某].
    """
    tokens = [t for t in _SEPARATORS.split(fold_width(text).strip()) if t]
    if not tokens or len(tokens) > 2 * _MAX_NAMES:
        return None
    names: list[str] = []
    pending = ""
    for token in tokens:
        if len(token) == 1:
            # Letter-spaced two-character names: `王 强`.
            if pending:
                names.append(pending + token)
                pending = ""
            else:
                pending = token
            continue
        if pending:
            return None
        names.append(token)
    if pending or not names or len(names) > _MAX_NAMES:
        return None
    return names if all(is_name(n) for n in names) else None


def is_affiliation(text: str) -> bool:
    """`（作者为某大学教授）`, `（作者单位：某研究院）` closing a commentary."""
    return bool(AFFILIATION.match(fold_width(text).strip()))


# --- credits inside an article's text ------------------------------------------

_ROLE_IN_BRACKETS = (
    r"本报记者|特约记者|实习记者|记者|通讯员|实习生|摄影|摄|文|图|記者|通訊員|實習生|攝"
)
# 本报讯（记者 某某 实习生 某某）, 新华社北京1月9日电（记者 某某）
_OPENING_CREDIT = re.compile(
    rf"^\s*[(（]\s*((?:{_ROLE_IN_BRACKETS})[^()（）]{{1,30}})[)）]"
)
# …。（通讯员 某某）closing a brief; …。（某某 摄）closing a caption
_CLOSING_CREDIT = re.compile(
    rf"[(（]\s*((?:{_ROLE_IN_BRACKETS})[^()（）]{{1,30}}|[^()（）\s]{{2,4}}\s*(?:摄|攝)(?:影)?)"
    r"\s*[)）]\s*$"
)


def opening_credit(text: str) -> str | None:
    """The byline in brackets opening a news item's body, after its dateline."""
    match = _OPENING_CREDIT.match(text)
    return match.group(1) if match else None


def closing_credit(text: str) -> str | None:
    """The credit in brackets closing a brief or a photo caption."""
    match = _CLOSING_CREDIT.search(text)
    return match.group(1) if match else None
