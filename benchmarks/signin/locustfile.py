"""The plenary sign-in burst: 1,000 members scan the QR within 60 s and tap "确认签到".

One ScreenUser is the projector: it reloads the staff sign-in screen every 10 s (as the
page's htmx poll does) and publishes the QR's target URL it reads from the page's
`data-signin-url`. Each MemberUser uses a pre-made session (the member logged in on their
phone earlier that day), POSTs the sign-in (the tap on "确认签到") and stops. With SCAN=1
it first GETs the scanned URL (the confirmation page), then waits 0.5–2 s and taps: the
full phone journey, twice the requests. Spawn rate 1000/60 s puts every arrival inside one
minute.
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import gevent
from locust import FastHttpUser, between, constant, events, task

DATA = json.loads((Path(__file__).with_name("var") / "sessions.json").read_text())
MEETING = DATA["meeting"]
SIGNIN_PATH: dict[str, str] = {}
_lock = threading.Lock()
_members = iter(DATA["members"])
URL_RE = re.compile(r'data-signin-url="https?://[^/"]+(/meetings/signin/[^"]+)"')


def _cookie(row: dict[str, str]) -> dict[str, str]:
    return {"Cookie": f"ningju_session={row['session']}; ningju_csrf={row['csrf']}"}


def _read_screen(client, row: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    with client.get(
        f"/meetings/{MEETING}/screen/", headers=_cookie(row), name="screen", catch_response=True
    ) as response:
        match = URL_RE.search(response.text or "")
        if response.status_code != 200 or not match:
            response.failure(f"screen: {response.status_code}, no QR url")
            return
        SIGNIN_PATH["path"] = match.group(1)


@events.test_start.add_listener
def _first_code(environment, **kwargs):  # type: ignore[no-untyped-def]
    """The projector is on before anyone scans: read the first QR before the first member."""
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 (loopback http)
        f"{environment.host}/meetings/{MEETING}/screen/", headers=_cookie(DATA["staff"])
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        match = URL_RE.search(response.read().decode())
    if not match:
        raise RuntimeError("the sign-in screen shows no QR: is sign-in open?")
    SIGNIN_PATH["path"] = match.group(1)


class ScreenUser(FastHttpUser):
    fixed_count = 1
    wait_time = constant(10)

    @task
    def refresh(self) -> None:
        _read_screen(self.client, DATA["staff"])


class MemberUser(FastHttpUser):
    wait_time = between(0.5, 2)  # reading the confirmation page before the tap

    def on_start(self) -> None:
        with _lock:
            self.row = next(_members, None)
        self.done = self.row is None
        self.headers = _cookie(self.row) if self.row else {}
        self.scanned = os.environ.get("SCAN", "0") != "1"

    def _rest(self) -> None:
        # A member who has signed in stays seated: no further requests (StopUser would
        # make locust start a fresh user at once, raising the arrival rate).
        self.done = True
        gevent.sleep(3600)

    @task
    def sign_in(self) -> None:
        if self.done:
            self._rest()
            return
        path = SIGNIN_PATH["path"]
        if not self.scanned:
            with self.client.get(
                path, headers=self.headers, name="scan (confirm page)", catch_response=True
            ) as response:
                if response.status_code != 200 or "确认签到" not in (response.text or ""):
                    response.failure(f"scan: {response.status_code}")
                    self._rest()
                    return
            self.scanned = True
            return  # the wait_time between tasks is the moment before the tap
        with self.client.post(
            path,
            data=f"csrfmiddlewaretoken={self.row['csrf']}",
            headers={
                **self.headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.row["csrf"],
            },
            name="tap (sign in)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "签到成功" not in (response.text or ""):
                response.failure(f"sign-in: {response.status_code}")
        self._rest()
