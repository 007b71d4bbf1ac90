"""The alignment of an old source with a new one (pure: no database)."""

import random

from articles.alignment import (
    SourceAlignment,
    correction_rebase,
    successor_choose,
)

OLD = (
    "今日要闻\n"
    "城东新建一座图书馆，藏书十万册。市民可以免费借阅。\n"
    "河西公园春季花展开幕，游客络绎不绝。\n"
    "本报讯 昨天下午，区里召开-堂生动的报告会。\n"
)


def spans_of(source: str, *pieces: str) -> list[tuple[int, int]]:
    out = []
    for piece in pieces:
        start = source.index(piece)
        out.append((start, start + len(piece)))
    return out


def test_identical_sources_map_every_span_onto_itself():
    alignment = SourceAlignment(OLD, OLD)
    for start, end in spans_of(OLD, "今日要闻", "河西公园春季花展开幕", "报告会。"):
        mapped = alignment.span(start, end)
        assert (mapped.start, mapped.end) == (start, end)
        assert mapped.unchanged and mapped.mappable
    assert alignment.kept_share == 1.0


def test_rewrapped_lines_and_spaces_are_not_changes():
    new = OLD.replace("，藏书", "，\n藏书").replace("河西公园", "河 西公园")
    alignment = SourceAlignment(OLD, new)
    ((start, end),) = spans_of(OLD, "城东新建一座图书馆，藏书十万册。")
    mapped = alignment.span(start, end)
    assert new[mapped.start : mapped.end] == "城东新建一座图书馆，\n藏书十万册。"
    assert mapped.unchanged
    ((start, end),) = spans_of(OLD, "河西公园春季花展开幕")
    mapped = alignment.span(start, end)
    assert new[mapped.start : mapped.end] == "河 西公园春季花展开幕"


def test_spans_follow_text_inserted_before_them_and_absorb_changes_inside():
    new = "号外：特别报道。\n" + OLD.replace("-堂", "一堂")
    alignment = SourceAlignment(OLD, new)
    ((start, end),) = spans_of(OLD, "本报讯 昨天下午，区里召开-堂生动的报告会。")
    mapped = alignment.span(start, end)
    assert (
        new[mapped.start : mapped.end] == "本报讯 昨天下午，区里召开一堂生动的报告会。"
    )
    assert mapped.mappable and not mapped.unchanged
    assert mapped.size - mapped.kept == 1
    ((start, end),) = spans_of(OLD, "今日要闻")
    mapped = alignment.span(start, end)
    assert new[mapped.start : mapped.end] == "今日要闻"


def test_a_deleted_span_is_not_mappable_and_its_neighbours_are():
    new = OLD.replace("河西公园春季花展开幕，游客络绎不绝。\n", "")
    alignment = SourceAlignment(OLD, new)
    gone = alignment.span(*spans_of(OLD, "河西公园春季花展开幕，游客络绎不绝。")[0])
    assert not gone.mappable and gone.kept == 0
    assert gone.start == gone.end  # an empty span, where the text was
    after = alignment.span(*spans_of(OLD, "本报讯")[0])
    assert new[after.start : after.end] == "本报讯" and after.mappable


def test_a_rewritten_span_is_not_mappable():
    new = OLD.replace(
        "河西公园春季花展开幕，游客络绎不绝。", "北郊工厂秋季投产，订单排到明年。"
    )
    alignment = SourceAlignment(OLD, new)
    rewritten = alignment.span(
        *spans_of(OLD, "河西公园春季花展开幕，游客络绎不绝。")[0]
    )
    assert not rewritten.mappable


def test_neighbouring_spans_stay_disjoint_and_in_order_whatever_changed():
    rng = random.Random(12)
    chars = "".join(chr(0x4E00 + i) for i in range(400))  # CJK ideographs
    old = "".join(
        rng.choice(chars) + ("。\n" if rng.random() < 0.08 else "") for _ in range(3000)
    )
    new = list(old)
    for _ in range(60):  # letters changed, inserted and deleted here and there
        i = rng.randrange(len(new))
        new[i : i + rng.randrange(3)] = rng.choice(["", "改", "新字"])
    new = "".join(new)
    alignment = SourceAlignment(old, new)
    cuts = sorted({0, len(old), *(rng.randrange(len(old)) for _ in range(80))})
    mapped = [alignment.span(s, e) for s, e in zip(cuts, cuts[1:], strict=False)]
    for before, after in zip(mapped, mapped[1:], strict=False):
        assert before.start <= before.end <= after.start <= after.end
    assert alignment.kept_share > 0.9


def test_a_correction_is_carried_over_where_the_source_left_it_alone():
    text, clean = correction_rebase(
        old_machine="区里召开-堂生动的报告会，到会三白人。",
        old_text="区里召开一堂生动的报告会，到会三白人。",
        new_machine="区里召开-堂生动的报告会，到会三百人。",
    )
    assert (text, clean) == ("区里召开一堂生动的报告会，到会三百人。", True)


def test_a_correction_where_the_source_changed_too_is_kept_and_flagged():
    text, clean = correction_rebase(
        old_machine="区里召开-堂生动的报告会。",
        old_text="区里召开一堂生动的报告会。",
        new_machine="区里召开二堂生动的报告会。",
    )
    assert (text, clean) == ("区里召开一堂生动的报告会。", False)


def test_uncorrected_text_follows_the_new_machine_text():
    assert correction_rebase(
        old_machine="旧文本。", old_text="旧文本。", new_machine="新文本。"
    ) == ("新文本。", True)
    assert correction_rebase(
        old_machine="旧文本。", old_text="改过的文本。", new_machine="旧文本。"
    ) == ("改过的文本。", True)


def test_successor_is_the_candidate_overlapping_most():
    assert successor_choose([(0, 10), (20, 30)], {7: [(0, 4)], 8: [(18, 40)]}) == 8
    assert successor_choose([(0, 10)], {7: [(50, 60)]}) is None
