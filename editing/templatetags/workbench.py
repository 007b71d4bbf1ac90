"""The workbench's block rows, rendered in Python.

A page has hundreds of blocks; rendering each through `{% include %}` took most
of the workbench's time, a format string takes a tenth of it. Every value is
escaped.

One number per block: its id, shown as "Block 123" in the row, the checkbox,
the text box, the messages and the timeline (ids survive splits, merges and
moves; the source order is shown apart as "source 12 [340:380]").
"""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles import labels
from articles.parsing import BlockKind
from editing.selectors import CONFIDENCE_WORDS, confidence_word

register = template.Library()

_ROW = """<li class="wb-block wb-kind-{kind}" id="block-{pk}" data-block="{pk}" \
tabindex="-1" draggable="true" aria-labelledby="block-{pk}-name">\
<form method="post" action="{action}" class="wb-block-form"><input \
type="hidden" name="csrfmiddlewaretoken" value="{csrf}"><input type="hidden" \
name="version" value="{version}"><input type="hidden" name="block" \
value="{pk}"><input type="hidden" name="anchor" value="block-{pk}">\
<div class="wb-block-bar"><input type="checkbox" name="block" value="{pk}" \
form="bulk-form" class="wb-select" id="select-{pk}"> <label for="select-{pk}" \
class="wb-num" id="block-{pk}-name">{name}</label> <span class="wb-seq">\
{source}</span> <label class="wb-kind-label">{kind_label} <select name="kind">\
{kind_options}</select></label> <button type="submit" \
name="op" value="retype">{set_kind}</button> {moves}{marks}</div>\
{draft_note}<div class="wb-text-form"><textarea name="text" rows="{rows}" \
class="wb-text{draft_class}" aria-label="{text_label}">{text}</textarea> \
<span class="wb-text-buttons"><button type="submit" name="op" value="correct" \
class="wb-correct">{save}</button> <label class="wb-position-label">{at} \
<input type="number" name="position" min="1" max="{length}" \
class="wb-position"></label> <button type="submit" name="op" value="split" \
class="wb-split" aria-describedby="split-help">{split}</button></span></div>\
</form></li>
"""


def _moves(name: str) -> str:
    return format_html(
        '<span class="wb-moves"><button type="submit" name="op" value="top" '
        'class="wb-top" aria-label="{}" title="{}">⤒</button><button '
        'type="submit" name="op" value="up" class="wb-up" aria-label="{}" '
        'title="{}">↑</button><button type="submit" name="op" value="down" '
        'class="wb-down" aria-label="{}" title="{}">↓</button></span> ',
        *[_("Move %(block)s to the top of its article") % {"block": name}] * 2,
        *[_("Move %(block)s up") % {"block": name}] * 2,
        *[_("Move %(block)s down") % {"block": name}] * 2,
    )


def _kind_options() -> str:
    """The <option>s of every block kind, labelled in the reader's language."""
    return "".join(
        format_html('<option value="{}">{}</option>', kind.value, labels.label(kind))
        for kind in BlockKind
    )


def _kind_select(options: str, kind: str) -> str:
    """`options` with `kind` selected (a kind the parser no longer makes is
    kept as it is, first)."""
    value = f'value="{escape(kind)}"'
    if value in options:
        return options.replace(value, value + " selected", 1)
    kept = format_html('<option value="{}" selected>{}</option>', kind, kind)
    return kept + options


def _marks(block) -> str:
    marks = ""
    if block.origin == "editor":
        marks += format_html('<span class="wb-edited">{}</span> ', _("edited"))
    # A block an editor corrected is no longer the machine's doubt.
    if block.origin == "machine":
        marks += confidence_mark(block.confidence)
    return marks


@register.filter
def status_label(value: str) -> str:
    """An article's status in the reader's language."""
    return labels.status_label(value)


@register.simple_tag
def confidence_mark(confidence: float) -> str:
    """The machine's doubt in words (the legend's), or nothing when sure."""
    word = confidence_word(confidence)
    if not word:
        return ""
    label = dict((key, label) for key, label, _help in CONFIDENCE_WORDS)[word]
    return format_html('<span class="wb-doubt wb-doubt-{}">{}</span>', word, label)


@register.simple_tag(takes_context=True)
def workbench_blocks(context, blocks, action: str, version: int):
    """The <li> rows of `blocks` (each may carry a refused `draft` text).
    Blocks are not Tab stops (their controls are); workbench.js makes the
    list one Tab stop with the arrow keys inside (a roving tabindex)."""
    csrf = escape(context.get("csrf_token", ""))
    action = escape(action)
    labels = {
        "kind_label": escape(_("kind")),
        "set_kind": escape(_("Set kind")),
        "save": escape(_("Save text")),
        "at": escape(_("at")),
        "split": escape(_("Split")),
    }
    options = _kind_options()
    rows = []
    for block in blocks:
        draft = getattr(block, "draft", None)
        name = _("Block %(number)s") % {"number": block.pk}
        rows.append(
            _ROW.format(
                kind=escape(block.kind),
                kind_options=_kind_select(options, block.kind),
                pk=block.pk,
                action=action,
                csrf=csrf,
                version=version,
                name=escape(name),
                source=escape(
                    _("source %(sequence)s [%(start)s:%(end)s]")
                    % {
                        "sequence": block.sequence,
                        "start": block.start,
                        "end": block.end,
                    }
                ),
                moves=_moves(name) if block.article_id else "",
                marks=_marks(block),
                draft_note=(
                    format_html(
                        '<p class="wb-draft">{} <q>{}</q></p>',
                        _("Your unsaved text is below; the saved text is now:"),
                        block.text,
                    )
                    if draft is not None
                    else ""
                ),
                rows=3 if len(block.text) > 60 else 1,
                draft_class=" wb-has-draft" if draft is not None else "",
                text_label=escape(_("Text of %(block)s") % {"block": name}),
                text=escape(block.text if draft is None else draft),
                length=len(block.text),
                **labels,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
