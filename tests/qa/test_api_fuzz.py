"""The HTTP API fuzzed from its own OpenAPI schema (schemathesis): no input yields a 5xx.

Runs against the real app (the real model over the bundled report) in process, through
its ASGI interface. Examples are derandomized, so every run sends the same requests,
and bounded (``EXAMPLES`` per operation), so the test takes seconds.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings

from qa.api import create_app

pytestmark = pytest.mark.slow

EXAMPLES = 25
# Generous: a busy machine must not turn a slow answer into a failure (schemathesis waits 10 s).
REQUEST_TIMEOUT_S = 120
OPERATIONS = [
    ("GET", "/api/"),
    ("POST", "/api/ask"),
    ("GET", "/api/search"),
    ("GET", "/api/passages/{doc}/{number}"),
    ("GET", "/api/passages/{passage_id}"),
    ("GET", "/api/documents"),
    ("GET", "/api/health"),
]


def server_errors(schema, method: str, path: str, mode: GenerationMode, examples: int = EXAMPLES) -> list[str]:
    """Every request generated for one operation (valid ones, or ones that break the schema) that got a 5xx."""
    found = []

    @given(case=schema[path][method].as_strategy(mode))
    @settings(max_examples=examples, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(timeout=REQUEST_TIMEOUT_S)
        if response.status_code >= 500:
            found.append(f"{response.status_code} {case.method} {case.formatted_path} query={case.query} body={case.body!r}: {response.text[:200]}")

    run()
    return found


@pytest.fixture(scope="module")
def api_schema(real_assistant):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(real_assistant))


def test_every_operation_is_fuzzed(api_schema):
    listed = sorted((op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations())
    assert listed == sorted(OPERATIONS)


@pytest.mark.parametrize("method, path", OPERATIONS)
def test_no_valid_request_gets_a_server_error(api_schema, method, path):
    assert server_errors(api_schema, method, path, GenerationMode.POSITIVE) == []


# Those with something to break: a body, a query or a path parameter.
@pytest.mark.parametrize("method, path", [op for op in OPERATIONS if op[1] not in ("/api/", "/api/documents", "/api/health")])
def test_no_invalid_request_gets_a_server_error(api_schema, method, path):
    assert server_errors(api_schema, method, path, GenerationMode.NEGATIVE) == []
