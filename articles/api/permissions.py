"""The archive's stricter write permissions (the Reviewer group's); the
default, editors only, is newsroom.api.permissions.ReadOnlyOrEditor."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from newsroom.api.permissions import EDITOR_PERMISSIONS, has_perms

CONFIRM_PERMISSION = "articles.confirm_article"
RESEGMENT_PERMISSION = "articles.resegment_page"


def sees_editors(user) -> bool:
    """Whether `user` may see who made each change: staff and editors, not
    readers (#12: the history shows readers what changed and when)."""
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_staff or has_perms(user, *EDITOR_PERMISSIONS)
    )


class CanConfirm(BasePermission):
    message = _("Confirming needs an account with the Reviewer group's permissions.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or has_perms(
            request.user, CONFIRM_PERMISSION
        )


class CanResegment(BasePermission):
    message = "Re-running segmentation needs the Reviewer group's permissions."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or has_perms(
            request.user, RESEGMENT_PERMISSION
        )
