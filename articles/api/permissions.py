"""Who may do what through the API: the same roles as the admin.

Reading is open to everyone (anonymous reads are throttled). Writing needs an
authenticated member of the "Editor" or "Reviewer" group (or a superuser);
confirming an article and re-running segmentation need "Reviewer". The
services check the same rules again: these classes only turn a refusal into a
clear 401/403 before any work is done.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

EDITOR_GROUP = "Editor"
REVIEWER_GROUP = "Reviewer"


def user_in_groups(user, *groups: str) -> bool:
    """True for a superuser or an active member of one of `groups`."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: a request checks this once.
    names = getattr(user, "_newsroom_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._newsroom_group_names = names
    return bool(names.intersection(groups))


class ReadOnlyOrEditor(BasePermission):
    """Safe methods for all; anything else for editors and reviewers."""

    message = "Editing needs an account in the Editor or Reviewer group."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return user_in_groups(request.user, EDITOR_GROUP, REVIEWER_GROUP)


class IsReviewer(BasePermission):
    """Reviewers only (confirming, re-running segmentation)."""

    message = "This needs an account in the Reviewer group."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return user_in_groups(request.user, REVIEWER_GROUP)
