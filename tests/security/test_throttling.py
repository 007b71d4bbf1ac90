"""Failed logins are throttled per account and per address, with a clear 429.

Finding: 212 wrong passwords in a row on `/api/auth/token/` and on the admin
login, and never a 429.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.NEWSROOM_LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.NEWSROOM_LOGIN_FAILURES_PER_ADDRESS = 5
    settings.NEWSROOM_LOGIN_WINDOW = 600


def _admin_login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _token(client, username, password, address="10.0.0.1", as_json=False):
    data = {"username": username, "password": password}
    if as_json:
        return client.post(
            reverse("api-token"),
            data,
            content_type="application/json",
            REMOTE_ADDR=address,
        )
    return client.post(reverse("api-token"), data, REMOTE_ADDR=address)


def test_admin_login_per_account(client, viewer, limits):
    for _ in range(3):
        assert _admin_login(client, "viewer", "wrong").status_code == 200

    refused = _admin_login(client, "viewer", "pw-viewer", address="10.0.0.2")

    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert "此账号登录失败次数过多" in refused.content.decode()


def test_token_per_account_json_and_form(client, viewer, limits):
    for as_json in (True, False, True):
        assert _token(client, "viewer", "wrong", as_json=as_json).status_code == 400

    refused = _token(client, "viewer", "pw-viewer", address="10.9.9.9", as_json=True)

    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "此账号" in refused.json()["detail"]


def test_per_address_across_accounts(client, viewer, limits):
    for n in range(5):
        _token(client, f"nobody{n}", "wrong")

    refused = _admin_login(client, "viewer", "pw-viewer")
    elsewhere = _admin_login(client, "viewer", "pw-viewer", address="10.0.0.7")

    assert refused.status_code == 429
    assert "你的地址" in refused.content.decode()
    assert elsewhere.status_code == 302  # logged in: another address, one failure


def test_under_the_limit_a_right_password_works(client, viewer, limits):
    _token(client, "viewer", "wrong")
    assert _token(client, "viewer", "pw-viewer").status_code == 200
