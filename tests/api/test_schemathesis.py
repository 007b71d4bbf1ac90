"""Property-based tests of every operation of /api/schema/ (schemathesis).

Each operation is called with generated parameters and bodies, as an editor
(token) so that writes run their real code path, against a small archive. No
answer may be a server error, and every answer must match the schema: status
code documented, content type documented, body valid against its schema.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis import checks

pytestmark = pytest.mark.django_db

CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.content_type_conformance,
    checks.status_code_conformance,
]


# Loaded at collection (the schema needs no database). schemathesis's lazy
# loader (pytest.from_fixture) does not work with pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def api_schema():
    return schema


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # The WSGI handler closes the database connection after each request,
    # which would end the test's transaction; Django's own test client
    # disconnects these handlers the same way.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same cases on every run and in CI
)
def test_api_conforms_to_its_schema(case, archive, editor_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"}, checks=CHECKS
    )


def test_schema_lists_every_operation(api_schema):
    operations = {
        (op.method.upper(), op.path)
        for result in api_schema.get_all_operations()
        for op in [result.ok()]
    }

    assert ("PATCH", "/api/articles/{id}/") in operations
    assert ("POST", "/api/blocks/{id}/correct/") in operations
    assert ("GET", "/api/export/text/") in operations
    assert len(operations) >= 18
