"""The page workbench: a custom admin view (of articles' PageAdmin) where
editors fix a page's blocks and articles. Views stay thin: they read the form,
call a service from editing.services and report its outcome as a message.

Works without JavaScript (every operation is a form); workbench.js adds
drag-and-drop reordering, keyboard shortcuts and split-at-caret.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import labels
from articles.models import (
    BYLINE_ROLES,
    Article,
    Page,
    PageChange,
    PageChangeRow,
    TextBlock,
)
from articles.parsing import ArticleKind
from editing import services as ops
from editing.selectors import (
    CONFIDENCE_WORDS,
    DOUBT_THRESHOLD,
    page_blocks,
    page_workbench,
)
from people.models import MentionStatus

DRAFTS_KEY = "workbench_drafts"  # {block id: text a conflict refused}


def workbench_view(
    request: HttpRequest, object_id: int, *, model_admin
) -> HttpResponse:
    page = get_object_or_404(Page, pk=object_id)
    if not model_admin.has_view_permission(request, page):
        raise PermissionDenied
    part = request.GET.get("part", "")
    bench = page_workbench(page_id=page.pk, part=int(part) if part.isdigit() else 1)
    drafts = request.session.pop(DRAFTS_KEY, {})
    for block in [b for a in bench.articles for b in a.block_list] + bench.unassigned:
        block.draft = drafts.get(str(block.pk))
    user = request.user
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Page._meta,
        "title": _("Workbench: %(page)s") % {"page": bench.page},
        # Full width: the admin's side navigation stays closed here.
        "is_nav_sidebar_enabled": False,
        "confidence_words": CONFIDENCE_WORDS,
        "bench": bench,
        "page": bench.page,
        # (value, label): the values stay English, editors read the labels.
        "article_kinds": [(k.value, labels.label(k.value)) for k in ArticleKind],
        "byline_roles": [(r.value, labels.label(r.value)) for r in BYLINE_ROLES],
        "doubt_threshold": DOUBT_THRESHOLD,
        "doubt_percent": round(DOUBT_THRESHOLD * 100),
        "can_edit": user.has_perms(ops.EDITOR_PERMISSIONS),
        "can_confirm": user.has_perm(ops.CONFIRM_PERMISSION),
        "can_resegment": user.has_perm(ops.RESEGMENT_PERMISSION),
    }
    return TemplateResponse(request, "admin/articles/page/workbench.html", context)


def _block(request, page, name="block") -> TextBlock:
    return get_object_or_404(TextBlock, pk=request.POST.get(name), page=page)


def _blocks(request, page) -> list[TextBlock]:
    return page_blocks(page=page, ids=request.POST.getlist("block"))


def _article(request, page, name="article") -> Article:
    """The article named in the form, of this page only: the version the
    form carries is this page's, so an article of another page would be
    checked against the wrong page's version."""
    pk = _int(request.POST.get(name))
    article = Article.objects.filter(pk=pk, page=page).first()
    if article is None:
        raise ValidationError(
            _("Article %(id)s is on another page.") % {"id": pk}, code="other_page"
        )
    return article


def _reorder(request, page, version):
    """Apply a full order given by the drag-and-drop script (`order`:
    comma-separated ids)."""
    ids = [int(pk) for pk in request.POST.get("order", "").split(",") if pk]
    return ops.article_blocks_reorder(
        user=request.user,
        article=_article(request, page),
        block_ids=ids,
        expected_version=version,
    )


def _step(request, page, version, *, step: str):
    """Move one block up, down or to the top of its article."""
    return ops.text_block_step(
        user=request.user,
        block=_block(request, page),
        step=step,
        expected_version=version,
    )


def _move(request, page, version):
    target = request.POST.get("target", "")
    return ops.text_blocks_move(
        user=request.user,
        blocks=_blocks(request, page),
        article=_article(request, page, "target") if target.isdigit() else None,
        new_article=target == "new",
        expected_version=version,
    )


def _article_update(request, page, version):
    post = request.POST
    bylines = [
        {"role": role, "name": name}
        for role, name in zip(
            post.getlist("byline_role"), post.getlist("byline_name"), strict=False
        )
    ]
    return ops.article_update(
        user=request.user,
        article=_article(request, page),
        fields={f: post.get(f, "") for f in ops.ARTICLE_FIELDS if f in post},
        bylines=bylines,
        expected_version=version,
    )


def _split(request, page, version):
    position = request.POST.get("position", "").strip()
    if not position:
        raise ValidationError(
            _(
                "Where should the block be split? Click in its text where the "
                "new block should begin (or type that character position in "
                "“at”), then press Split."
            )
        )
    return ops.text_block_split(
        user=request.user,
        block=_block(request, page),
        position=_int(position),
        expected_version=version,
    )


def _merge(request, page, version):
    if len(request.POST.getlist("block")) < 2:
        raise ValidationError(
            _(
                "Select at least two blocks to merge: tick their boxes (or "
                "press x on each), then Merge (or m)."
            )
        )
    return ops.text_blocks_merge(
        user=request.user, blocks=_blocks(request, page), expected_version=version
    )


OPERATIONS: dict[str, Callable] = {
    "split": _split,
    "merge": _merge,
    "move": _move,
    "reorder": _reorder,
    "up": functools.partial(_step, step="up"),
    "down": functools.partial(_step, step="down"),
    "top": functools.partial(_step, step="top"),
    "retype": lambda r, p, v: ops.text_block_retype(
        user=r.user, block=_block(r, p), kind=r.POST.get("kind", ""), expected_version=v
    ),
    "correct": lambda r, p, v: ops.text_block_correct(
        user=r.user, block=_block(r, p), text=r.POST.get("text", ""), expected_version=v
    ),
    "article_update": _article_update,
    "article_delete": lambda r, p, v: ops.article_delete(
        user=r.user, article=_article(r, p), expected_version=v
    ),
    "confirm": lambda r, p, v: ops.article_confirm(
        user=r.user, article=_article(r, p), expected_version=v
    ),
    "resegment": lambda r, p, v: ops.page_resegment(
        user=r.user, page=p, expected_version=v
    ),
    # One change of the timeline, or a step back or forward (Ctrl+Z, u / U).
    "undo": lambda r, p, v: ops.change_step_undo(
        user=r.user,
        change=get_object_or_404(PageChange, pk=r.POST.get("change"), page=p),
        expected_version=v,
    ),
    "redo": lambda r, p, v: ops.change_step_redo(
        user=r.user,
        change=get_object_or_404(PageChange, pk=r.POST.get("change"), page=p),
        expected_version=v,
    ),
    "undo_last": lambda r, p, v: ops.page_undo(user=r.user, page=p, expected_version=v),
    "redo_last": lambda r, p, v: ops.page_redo(user=r.user, page=p, expected_version=v),
}


def _mention_review(request, page, version, *, status: str):
    """Confirm or reject names the extractor found in the page's articles."""
    # One checkbox per person or organisation: its value lists every mention.
    ids = [pk for v in request.POST.getlist("mention") for pk in v.split(",")]
    if not ids:
        raise ValidationError(_("Tick the names to confirm or reject first."))
    count = ops.page_mentions_review(
        user=request.user,
        page=page,
        mention_ids=[pk for pk in ids if pk.isdigit()],
        status=status,
        expected_version=version,
    )
    if status == MentionStatus.CONFIRMED:
        return _("Confirmed %(count)d mention(s) of names") % {"count": count}
    return _("Rejected %(count)d mention(s) of names") % {"count": count}


OPERATIONS["mention_confirm"] = functools.partial(
    _mention_review, status=MentionStatus.CONFIRMED
)
OPERATIONS["mention_reject"] = functools.partial(
    _mention_review, status=MentionStatus.REJECTED
)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            _("Not a number: %(value)s.") % {"value": value}
        ) from None


@require_POST
def workbench_action(request: HttpRequest, object_id: int, *, model_admin):
    """Run one operation and go back to the workbench with its outcome."""
    page = get_object_or_404(Page, pk=object_id)
    url = reverse("admin:articles_page_workbench", args=[page.pk])
    operation = OPERATIONS.get(request.POST.get("op", ""))
    if operation is None:
        messages.error(request, _("Unknown operation."))
        return HttpResponseRedirect(url)
    try:
        version = _int(request.POST.get("version"))
        change = operation(request, page, version)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You do not have permission to do this."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if request.POST.get("op") == "correct" and request.POST.get("block"):
            # Keep the editor's text: the reloaded workbench offers it again.
            drafts = request.session.get(DRAFTS_KEY, {})
            drafts[request.POST["block"]] = request.POST.get("text", "")
            request.session[DRAFTS_KEY] = drafts
        anchor = request.POST.get("anchor", "")
        url += f"#{anchor}" if anchor else ""
    else:
        if isinstance(change, str):  # a review of names: no page change
            messages.success(request, f"{change}.")
            anchor = request.POST.get("anchor", "")
        else:
            messages.success(
                request,
                _("%(summary)s (version %(version)s).")
                % {"summary": change.summary, "version": change.page_version},
            )
            anchor = focus_after(change, request.POST.get("anchor", ""))
        url += f"#{anchor}" if anchor else ""
    return HttpResponseRedirect(url)


def focus_after(change: PageChange, asked: str) -> str:
    """Where the workbench puts the focus after `change`: the block or article
    the form named if it still exists, else the first surviving block the
    change touched (in source order), else its first surviving article."""
    kind, _sep, pk = asked.partition("-")
    models = {"block": TextBlock, "article": Article}
    if pk.isdigit() and kind in models:
        if models[kind].objects.filter(pk=pk, page_id=change.page_id).exists():
            return asked
    Row = PageChangeRow.Model
    touched: dict[str, list[int]] = {Row.TEXT_BLOCK: [], Row.ARTICLE: []}
    for row in change.rows.all():
        touched.setdefault(row.model, []).append(row.object_id)
    block = (
        TextBlock.objects.filter(pk__in=touched[Row.TEXT_BLOCK], page_id=change.page_id)
        .order_by("sequence")
        .first()
    )
    if block is not None:
        return f"block-{block.pk}"
    article = (
        Article.objects.filter(pk__in=touched[Row.ARTICLE], page_id=change.page_id)
        .order_by("sequence")
        .first()
    )
    return f"article-{article.pk}" if article is not None else ""
