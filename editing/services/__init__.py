"""The editors' operations on a page's blocks and articles, with history and undo.

Every operation is keyword-only, takes the `user` doing it and the page
version the editor's view was based on (`expected_version`), and runs in
`page_change` (change.py): it checks the user's permission (PermissionDenied),
locks the page and refuses a stale version with ConflictError (a
ValidationError), changes the rows in one transaction, keeps Article.body in
sync, records the change as ONE PageChange whose rows hold the before/after
state of every row touched (history.py), and bumps the archive revision.

    text_block_split(*, user, block, position, expected_version) -> PageChange
    text_blocks_merge(*, user, blocks, expected_version)
    text_blocks_move(*, user, blocks, article=None, new_article=False,
                     expected_version)
    text_block_retype(*, user, block, kind, expected_version)
    text_block_correct(*, user, block, text, expected_version)
    article_blocks_reorder(*, user, article, block_ids, expected_version)
    text_block_step(*, user, block, step, expected_version)   # up/down/top
    article_update(*, user, article, fields: dict, bylines=None,
                   expected_version)      # bylines: [{"role", "name"}, ...]
    article_delete(*, user, article, expected_version)
    article_confirm(*, user, article, expected_version)
    page_resegment(*, user, page, expected_version)
    change_undo(*, user, change, expected_version)
    page_mentions_review(*, user, page, mention_ids, status, expected_version)

Permissions: "Editor" (articles.change_textblock / change_article) may do the
corrections and undo them; "Reviewer" may also confirm articles
(articles.confirm_article) and re-run segmentation (articles.resegment_page).
"""

from editing.services.articles import (
    ARTICLE_FIELDS,
    article_blocks_reorder,
    article_confirm,
    article_delete,
    article_update,
    text_block_step,
)
from editing.services.blocks import (
    text_block_correct,
    text_block_retype,
    text_block_split,
    text_blocks_merge,
    text_blocks_move,
)
from editing.services.change import page_change
from editing.services.locking import (
    CONFIRM_PERMISSION,
    EDITOR_PERMISSIONS,
    RESEGMENT_PERMISSION,
    ConflictError,
)
from editing.services.resegment import page_resegment
from editing.services.review import page_mentions_review
from editing.services.undo import change_undo

__all__ = [
    "ARTICLE_FIELDS",
    "CONFIRM_PERMISSION",
    "EDITOR_PERMISSIONS",
    "RESEGMENT_PERMISSION",
    "ConflictError",
    "article_blocks_reorder",
    "article_confirm",
    "article_delete",
    "article_update",
    "change_undo",
    "page_change",
    "page_mentions_review",
    "page_resegment",
    "text_block_correct",
    "text_block_retype",
    "text_block_split",
    "text_block_step",
    "text_blocks_merge",
    "text_blocks_move",
]
