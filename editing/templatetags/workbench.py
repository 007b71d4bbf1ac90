"""The workbench's block rows, rendered in Python.

A page has hundreds of blocks; rendering each through `{% include %}` took most
of the workbench's time, a format string takes a tenth of it. Every value is
escaped.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_ROW = """<li class="wb-block wb-kind-{kind}" id="block-{pk}" data-block="{pk}" \
tabindex="0" draggable="true"><form method="post" action="{action}" \
class="wb-block-form"><input type="hidden" name="csrfmiddlewaretoken" \
value="{csrf}"><input type="hidden" name="version" value="{version}">\
<input type="hidden" name="block" value="{pk}"><input type="hidden" \
name="anchor" value="block-{pk}"><div class="wb-block-bar"><input \
type="checkbox" name="block" value="{pk}" form="bulk-form" class="wb-select" \
aria-label="select block {pk}"> <span class="wb-seq" title="source order \
[start:end]">{sequence} [{start}:{end}]</span> <input name="kind" \
list="block-kinds" value="{kind}" size="9" aria-label="kind"> <button \
type="submit" name="op" value="retype">Set kind</button> {moves}{marks}</div>\
{draft_note}<div class="wb-text-form"><textarea name="text" rows="{rows}" \
class="wb-text{draft_class}" aria-label="text of block {pk}">{text}</textarea> \
<button type="submit" name="op" value="correct" class="wb-correct">Save text\
</button> <input type="number" name="position" min="1" max="{length}" \
class="wb-position" aria-label="split position" placeholder="pos"> <button \
type="submit" name="op" value="split" class="wb-split">Split</button></div>\
</form></li>
"""
_MOVES = (
    '<button type="submit" name="op" value="top" title="to the top of its '
    'article" class="wb-top">⤒</button><button type="submit" name="op" '
    'value="up" title="up" class="wb-up">↑</button><button type="submit" '
    'name="op" value="down" title="down" class="wb-down">↓</button> '
)


@register.simple_tag(takes_context=True)
def workbench_blocks(context, blocks, action: str, version: int):
    """The <li> rows of `blocks` (each may carry a refused `draft` text)."""
    csrf = escape(context.get("csrf_token", ""))
    action = escape(action)
    rows = []
    for block in blocks:
        draft = getattr(block, "draft", None)
        marks = ""
        if block.origin == "editor":
            marks += '<span class="wb-edited">edited</span> '
        if block.confidence < 0.8:
            marks += (
                '<span class="wb-doubt" title="machine confidence">'
                f"? {block.confidence:.1f}</span>"
            )
        rows.append(
            _ROW.format(
                kind=escape(block.kind),
                pk=block.pk,
                action=action,
                csrf=csrf,
                version=version,
                sequence=block.sequence,
                start=block.start,
                end=block.end,
                moves=_MOVES if block.article_id else "",
                marks=marks,
                draft_note=(
                    '<p class="wb-draft">Your unsaved text is below; the saved '
                    f"text is now: <q>{escape(block.text)}</q></p>"
                    if draft is not None
                    else ""
                ),
                rows=3 if len(block.text) > 60 else 1,
                draft_class=" wb-has-draft" if draft is not None else "",
                text=escape(block.text if draft is None else draft),
                length=len(block.text),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
