"""Who may write through the API: the same permissions as the admin.

Reading is open to everyone (anonymous reads are throttled). Writing needs an
authenticated user with the model permissions the admin's "Editor" group
grants (change text blocks and articles). Apps add their own stricter
classes (e.g. articles.api.permissions) with `has_perms`. The services check
the same permissions again: these classes only refuse early, with a clear
401/403.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

EDITOR_GROUP = "Editor"
REVIEWER_GROUP = "Reviewer"
EDITOR_PERMISSIONS = ("articles.change_textblock", "articles.change_article")


def has_perms(user, *perms: str) -> bool:
    """An active, authenticated user holding every one of `perms`."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perms(perms)
    )


class ReadOnlyOrEditor(BasePermission):
    """Safe methods for all; anything else for editors (and reviewers)."""

    message = "Editing needs an account with the Editor group's permissions."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return has_perms(request.user, *EDITOR_PERMISSIONS)
