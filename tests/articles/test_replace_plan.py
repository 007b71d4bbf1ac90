"""The plan of a page's blocks on a replaced source (pure: no database)."""

from articles.parsing import parse_page
from articles.replace_plan import BlockFate, OldBlock, replace_plan

OLD = (
    "# 城东新建图书馆\n\n"
    "本报讯 城东新建一座图书馆，藏书十万册。市民可以免费借阅-次。\n\n"
    "# 河西花展开幕\n\n"
    "河西公园春季花展开幕，游客络绎不绝。今年展出的花卉有三百种。\n"
)


def parse(text):
    return parse_page(text, profiles=(), source_name="page.txt")


def old_blocks(draft):
    """The draft's blocks as rows: ids 100+, article ids 1000+."""
    return [
        OldBlock(
            id=100 + i,
            start=b.start,
            end=b.end,
            machine_text=b.text,
            text=b.text,
            article_id=None if b.article is None else 1000 + b.article,
        )
        for i, b in enumerate(draft.blocks)
    ]


def block_of(blocks, text):
    return next(b for b in blocks if text in b.text)


def assert_partition(plan, source):
    covered = [0] * len(source)
    spans = [(b.start, b.end) for b in plan.kept]
    spans += [(b.start, b.end) for b in plan.chosen.values()] + plan.gaps
    for start, end in spans:
        for i in range(start, end):
            covered[i] += 1
    assert all(covered[i] == 1 for i, ch in enumerate(source) if not ch.isspace())


def plan_for(new_text, blocks, kept_article):
    return replace_plan(
        old_source=OLD,
        draft=parse(new_text),
        old_blocks=blocks,
        kept_blocks={b.id for b in blocks if b.article_id == kept_article},
        dropped_articles={b.article_id for b in blocks} - {kept_article, None},
        clean=lambda span: "".join(span.split()),
    )


def test_kept_blocks_follow_their_text_and_keep_the_correction():
    blocks = old_blocks(parse(OLD))
    body = block_of(blocks, "城东新建一座图书馆")
    corrected = OldBlock(
        body.id,
        body.start,
        body.end,
        body.machine_text,
        body.machine_text.replace("-次", "一次"),
        body.article_id,
    )
    blocks = [corrected if b.id == body.id else b for b in blocks]
    new = "# 号外\n\n特别报道。\n\n" + OLD.replace("十万册", "二十万册")

    plan = plan_for(new, blocks, body.article_id)

    kept = {b.id: b for b in plan.kept}
    carried = kept[body.id]
    assert new[carried.start : carried.end].startswith(
        "城东新建一座图书馆，藏书二十万册"
    )
    assert carried.text.endswith("藏书二十万册。市民可以免费借阅一次。")
    assert carried.fate == BlockFate.REMAPPED
    headline = block_of(blocks, "城东新建图书馆")
    assert kept[headline.id].fate == BlockFate.UNCHANGED
    assert new[kept[headline.id].start : kept[headline.id].end].endswith(
        "城东新建图书馆"
    )
    assert_partition(plan, new)
    # The other article is re-made from the draft, and is its successor.
    dropped = block_of(blocks, "河西公园").article_id
    successor = plan.successors[dropped]
    assert successor is not None and successor in plan.new_articles


def test_a_block_whose_text_is_gone_is_kept_as_it_was():
    blocks = old_blocks(parse(OLD))
    body = block_of(blocks, "河西公园")
    new = OLD.replace(
        "河西公园春季花展开幕，游客络绎不绝。今年展出的花卉有三百种。", ""
    )

    plan = plan_for(new, blocks, body.article_id)

    gone = next(b for b in plan.kept if b.id == body.id)
    assert gone.fate == BlockFate.UNMAPPABLE
    assert (gone.text, gone.machine_text) == (body.text, body.machine_text)
    assert gone.start == gone.end
    assert plan.article_fate(body.article_id) == BlockFate.UNMAPPABLE
    assert_partition(plan, new)


def test_same_source_keeps_everything_where_it_was():
    draft = parse(OLD)
    blocks = old_blocks(draft)
    kept_article = blocks[-1].article_id

    plan = plan_for(OLD, blocks, kept_article)

    assert all(b.fate == BlockFate.UNCHANGED for b in plan.kept)
    for block in plan.kept:
        old = next(b for b in blocks if b.id == block.id)
        assert (block.start, block.end) == (old.start, old.end)
    assert_partition(plan, OLD)
