"""Login throttling: failed logins are counted per account and per address,
and a login form or token request over either limit is answered 429.

Counts live in the cache (never the database: a failed login must write
nothing), in fixed windows of NEWSROOM_LOGIN_WINDOW seconds. The check runs
before the view, so a right password does not get through a throttled
account or address either; the counts fall off when the window ends.

Guarded: the admin's login, DRF's browsable-API login and the API's token
endpoint (`/api/auth/token/`); the URL names are in LOGIN_URL_NAMES. The
address is REMOTE_ADDR, or the header named by NEWSROOM_CLIENT_ADDRESS_HEADER
when a proxy in front sets it (SECURITY.md).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.html import format_html
from django.utils.translation import gettext as _

LOGIN_URL_NAMES = frozenset({"admin:login", "api-token", "rest_framework:login"})
KEY_PREFIX = "newsroom-login-failures"


def _address(request: HttpRequest) -> str:
    header = getattr(settings, "NEWSROOM_CLIENT_ADDRESS_HEADER", "")
    value = request.META.get(header, "") if header else ""
    # A proxy's header may list several hops; the first is the client's.
    return value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def _username(request: HttpRequest) -> str:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return ""
        value = data.get("username", "") if isinstance(data, dict) else ""
        return value if isinstance(value, str) else ""
    return request.POST.get("username", "")


def _keys(*, username: str, address: str) -> dict[str, str]:
    # Hashed: cache keys must be short and free of spaces and control chars.
    def key(kind: str, value: str) -> str:
        digest = hashlib.sha256(value.casefold().encode("utf-8", "replace"))
        return f"{KEY_PREFIX}:{kind}:{digest.hexdigest()[:32]}"

    keys = {"address": key("address", address)}
    if username:
        keys["account"] = key("account", username)
    return keys


def _limits() -> dict[str, int]:
    return {
        "account": settings.NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT,
        "address": settings.NEWSROOM_LOGIN_FAILURES_PER_ADDRESS,
    }


def login_failure_record(*, username: str, address: str) -> None:
    """Count one failed login against the account and the address."""
    window = settings.NEWSROOM_LOGIN_WINDOW
    for key in _keys(username=username, address=address).values():
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=window)


def login_throttled(*, username: str, address: str) -> str | None:
    """ "account" or "address" if that one is over its limit, else None."""
    keys = _keys(username=username, address=address)
    counts = cache.get_many(list(keys.values()))
    limits = _limits()
    for kind, key in keys.items():
        if counts.get(key, 0) >= limits[kind]:
            return kind
    return None


@receiver(user_login_failed, dispatch_uid="newsroom-login-failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None:  # authenticate() outside a request (a shell)
        return
    request = getattr(request, "_request", request)  # DRF's Request
    login_failure_record(
        username=str(credentials.get("username", "")), address=_address(request)
    )


def _too_many(request: HttpRequest, kind: str) -> HttpResponse:
    minutes = max(1, settings.NEWSROOM_LOGIN_WINDOW // 60)
    if kind == "account":
        message = _(
            "Too many failed logins for this account. Try again in %(minutes)d "
            "minutes, or ask an administrator to reset the password."
        ) % {"minutes": minutes}
    else:
        message = _(
            "Too many failed logins from your address. Try again in %(minutes)d "
            "minutes."
        ) % {"minutes": minutes}
    headers = {"Retry-After": str(settings.NEWSROOM_LOGIN_WINDOW)}
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": message, "code": "throttled"}, status=429, headers=headers
        )
    body = format_html(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{}</title>'
        "<h1>{}</h1><p>{}</p></html>",
        _("Too many failed logins"),
        _("Too many failed logins"),
        message,
    )
    return HttpResponse(body, status=429, headers=headers)


class LoginThrottleMiddleware:
    """Answer 429 to a login or token POST over the failure limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and _is_login(request.path_info):
            kind = login_throttled(
                username=_username(request), address=_address(request)
            )
            if kind:
                return _too_many(request, kind)
        return self.get_response(request)


def _is_login(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in LOGIN_URL_NAMES
