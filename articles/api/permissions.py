"""Who may do what through the API: the same permissions as the admin.

Reading is open to everyone (anonymous reads are throttled). Writing needs an
authenticated user with the model permissions the admin's "Editor" group
grants (change text blocks and articles); confirming an article and re-running
segmentation need the "Reviewer" permissions. The services check the same
permissions again: these classes only refuse early, with a clear 401/403.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

EDITOR_GROUP = "Editor"
REVIEWER_GROUP = "Reviewer"
EDITOR_PERMISSIONS = ("articles.change_textblock", "articles.change_article")
CONFIRM_PERMISSION = "articles.confirm_article"
RESEGMENT_PERMISSION = "articles.resegment_page"


def _has(user, *perms: str) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perms(perms)
    )


def sees_editors(user) -> bool:
    """Whether `user` may see who made each change: staff and editors, not
    readers (#12: the history shows readers what changed and when)."""
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_staff or user.has_perms(EDITOR_PERMISSIONS)
    )


class ReadOnlyOrEditor(BasePermission):
    """Safe methods for all; anything else for editors (and reviewers)."""

    message = "Editing needs an account with the Editor group's permissions."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return _has(request.user, *EDITOR_PERMISSIONS)


class CanConfirm(BasePermission):
    message = "Confirming needs an account with the Reviewer group's permissions."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or _has(request.user, CONFIRM_PERMISSION)


class CanResegment(BasePermission):
    message = "Re-running segmentation needs the Reviewer group's permissions."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or _has(
            request.user, RESEGMENT_PERMISSION
        )
