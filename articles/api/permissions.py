"""The archive's stricter write permissions (the Reviewer group's); the
default, editors only, is newsroom.api.permissions.ReadOnlyOrEditor."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from newsroom.api.permissions import has_perms

CONFIRM_PERMISSION = "articles.confirm_article"
RESEGMENT_PERMISSION = "articles.resegment_page"


class CanConfirm(BasePermission):
    message = "Confirming needs an account with the Reviewer group's permissions."

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
