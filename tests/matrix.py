"""The authorisation matrix's vocabulary: a Case row and the role sets rows use.

tests/test_permissions.py holds the foundation's and the proposals' rows; every other area
adds a module under tests/permission_cases/ exporting `CASES` (a list of Case), which
test_permissions collects. tests/test_url_coverage.py fails on any URL or API operation that
no row names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests import factories
from tests.factories import ROLE_USERS

INSIDERS = {"member", "standing", "chair", "director", "staff"}
COUNTY_INSIDERS = {"county_staff", "county_member"}
STAFF = {"staff"}
ANY_STAFF = {"staff", "county_staff"}  # role-gated lists: each sees its own organisation
ALL = set(ROLE_USERS)


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[factories.World], str]
    allowed: set[str]
    denied_status: int
    method: str = "get"
    ok_status: int = 200  # what an allowed role gets (302 for a POST that redirects)
    denied: dict[str, int] = field(default_factory=dict)  # per-role refusal, if different
    # The POST body; an empty form re-renders with errors. API rows send it as JSON. A
    # callable gets the world (for ids of objects the row's url lambda does not return).
    data: dict[str, Any] | Callable[[factories.World], dict[str, Any]] | None = None
    # Public pages and operations: what someone not signed in gets (None: sent to sign in).
    anonymous: int | None = None

    def expected(self, username: str) -> int:
        if username in self.allowed:
            return self.ok_status
        return self.denied.get(username, self.denied_status)
