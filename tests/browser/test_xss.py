"""XSS: ≥200 payloads through every text field, rendered in Chromium; none may execute.

Each payload carries a unique marker: it either calls alert/confirm/prompt with "x<n>" or
sets `window.__xss_<n>`. After every page load the detector looks for
- any dialog (listener on the page, dismissed and recorded),
- any `window.__xss_*` property,
- any element with an on* attribute, a javascript:/data:/vbscript: URL, a marker inside any
  attribute other than a form value (htmx/style/srcdoc injection), a frame/object/embed/base/
  meta-refresh element, or a <script> that is not one of ours under /static/,
- any request for a payload's URL (hx-get="/x1", <img src=x>),
and checks that each payload meant for that page is there as TEXT (text content, or the value
of a form field): it was rendered escaped, not parsed.

The payloads are spread over the fields (one form submission carries a different payload in
every text field) so each is rendered at least once while the file stays fast:

- reflected: member create and edit forms (every text field, an invalid ethnicity makes them
  come back), the directory and export search `q` (page and htmx), the audit filters, the
  account form, the account search, the login username (then shown again in the audit list
  of failed logins), and a 404 page whose URL is a payload;
- stored: members created through the service with payloads in every text field, shown in
  the directory, the profile (and the htmx "reveal" fragment), the edit form and the audit
  list, once with the Content-Security-Policy in force and once with it bypassed (the
  escaping alone must hold);
- imported: an .xlsx built from the import template whose cells and file name carry
  payloads (echoed in the problem list) and a second one that is imported (shown in the
  directory).

Every context is created here, without bypass_csp (unless the test says so): the CSP is part
of the defence being tested. People are signed in with a session cookie, not the login form,
so the failed logins of the login test cannot lock the other accounts out.
"""

from __future__ import annotations

import base64
import io
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, Request

from ningju.accounts.models import User
from ningju.members import importing
from ningju.members import services as member_services
from ningju.members.models import Member, MemberImport
from ningju.orgs.models import Sector, Term
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# --- Payloads --------------------------------------------------------------------------------

# How a payload announces that it ran: every variant names the payload's number.
_RUNS: tuple[Callable[[int], str], ...] = (
    lambda n: f"alert('x{n}')",
    lambda n: f"window.__xss_{n}=1",
    lambda n: f"confirm(`x{n}`)",
)

# {js} is the code to run, {n} the payload's number. Each vector is used with every variant.
_VECTORS: tuple[str, ...] = (
    # script elements
    "<script>{js}</script>",
    "<ScRiPt>{js}</sCrIpT>",
    "<script src=data:text/javascript,{js}></script>",
    "<script>/*</script>*/{js}</script>",
    "<scr<script>ipt>{js}</scr</script>ipt>",
    # event handlers on many tags
    "<img src=x onerror={js}>",
    '<img src="x" onerror="{js}">',
    "<img/src=x/onerror={js}>",
    "<svg onload={js}>",
    "<svg/onload={js}>",
    "<body onload={js}>",
    "<body onpageshow={js}>",
    "<details open ontoggle={js}>",
    "<input autofocus onfocus={js}>",
    "<select autofocus onfocus={js}></select>",
    "<textarea autofocus onfocus={js}></textarea>",
    "<video><source onerror={js}></video>",
    "<audio src=x onerror={js}>",
    "<marquee onstart={js}>x{n}</marquee>",
    "<div onpointerover={js}>x{n}</div>",
    "<x-y onclick={js}>x{n}</x-y>",
    "<style onload={js}></style>",
    "<object data=x onerror={js}>",
    "<image src=x onerror={js}>",
    "<div style=animation-name:x onanimationstart={js}>",
    # javascript: and data: URLs
    "<a href=javascript:{js}>x{n}</a>",
    '<a href="JaVaScRiPt:{js}">x{n}</a>',
    '<a href="&#106;avascript:{js}">x{n}</a>',
    '<a href="java&#x09;script:{js}">x{n}</a>',
    '<iframe src="javascript:{js}"></iframe>',
    "<iframe src=data:text/html,<script>{js}</script>></iframe>",
    "<object data=javascript:{js}></object>",
    "<embed src=javascript:{js}>",
    "<form action=javascript:{js}><button>x{n}</button></form>",
    "<button formaction=javascript:{js}>x{n}</button>",
    "javascript:{js}",
    "data:text/html,<script>{js}</script>",
    # attribute breakouts: quotes, backticks, closing tags
    '"><script>{js}</script>',
    "'><img src=x onerror={js}>",
    "`><img src=x onerror={js}>",
    '" autofocus onfocus="{js}" x="',
    "' autofocus onfocus='{js}' x='",
    "` autofocus onfocus=`{js}` x=`",
    '" onmouseover="{js}',
    "</textarea><script>{js}</script>",
    "</title><script>{js}</script>",
    "</script><script>{js}</script>",
    "</style><script>{js}</script>",
    "</noscript><img src=x onerror={js}>",
    "--><img src=x onerror={js}>",
    "]]><img src=x onerror={js}>",
    # htmx attribute injection
    '<div hx-get="/x{n}" hx-trigger="load">x{n}</div>',
    '<div hx-on:htmx:load="{js}">x{n}</div>',
    '<a hx-get="/x{n}" hx-trigger="load" hx-on::after-request="{js}">x{n}</a>',
    '" hx-get="/x{n}" hx-trigger="load" x="',
    # template syntax
    "{{{{ {js} }}}}",
    "{{% if 1 %}}<script>{js}</script>{{% endif %}}",
    "${{{js}}}",
    "{{{{constructor.constructor('{js}')()}}}}",
    # SVG / MathML namespace tricks
    "<svg><script>{js}</script></svg>",
    "<svg><a xlink:href=javascript:{js}><text>x{n}</text></a></svg>",
    "<svg><animate onbegin={js} attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror={js}>",
    "<svg><style><img src=x onerror={js}></style></svg>",
    "<math><a xlink:href=javascript:{js}>x{n}</a></math>",
    # CSS
    "<div style=background:url(javascript:{js})>x{n}</div>",
    "<div style=width:expression({js})>x{n}</div>",
    "<style>@import 'javascript:{js}';</style>",
    # document-level elements
    '<meta http-equiv="refresh" content="0;url=javascript:{js}">',
    '<iframe srcdoc="<script>{js}</script>"></iframe>',
    "<base href=javascript:{js}//>",
    "<noscript><p title=</noscript><img src=x onerror={js}>></noscript>",
    "<template><img src=x onerror={js}></template>",
    # encodings: entities, UTF-7, escapes, full-width
    "&lt;script&gt;{js}&lt;/script&gt;",
    "&#60;img src=x onerror={js}&#62;",
    "+ADw-script+AD4-{js}+ADw-/script+AD4-",
    "\\u003cscript\\u003e{js}\\u003c/script\\u003e",
    "\\x3cimg src=x onerror={js}\\x3e",
    "%3Cscript%3E{js}%3C/script%3E",
    "＜script＞{js}＜/script＞",
    # JavaScript string breakouts (if a value ever lands in a script)
    "';{js};//",
    '";{js};//',
)


def _data_url_link(n: int) -> str:
    script = base64.b64encode(f"<script>window.__xss_{n}=1</script>".encode()).decode()
    return f'<a href="data:text/html;base64,{script}">x{n}</a>'


def _entity_handler(n: int) -> str:
    return "<img src=x onerror=" + "".join(f"&#{ord(c)};" for c in f"alert('x{n}')") + ">"


def _escaped_srcdoc(n: int) -> str:
    return f'<iframe srcdoc="&lt;img src=x onerror=window.__xss_{n}=1&gt;"></iframe>'


# Vectors whose code is encoded as a whole; each is used three times.
_ENCODED: tuple[Callable[[int], str], ...] = (_data_url_link, _entity_handler, _escaped_srcdoc)


def xss_payloads() -> list[str]:
    """Every payload, distinct; payload k (from 0) carries marker number k+1."""
    payloads: list[str] = []
    for vector in _VECTORS:
        for run in _RUNS:
            n = len(payloads) + 1
            payloads.append(vector.format(js=run(n), n=n))
    for make in _ENCODED:
        for _ in range(3):
            payloads.append(make(len(payloads) + 1))
    assert len(set(payloads)) == len(payloads)
    return payloads


PAYLOADS = xss_payloads()
# --- Where each payload goes ----------------------------------------------------------------

MEMBER_FORM_FIELDS = (
    "name",
    "name_ko",
    "ethnicity",
    "birth_date",
    "work_unit",
    "job_title",
    "id_number",
    "phone",
    "address",
    "email",
    "expertise",
    "biography",
)
ACCOUNT_FORM_FIELDS = ("username", "display_name", "phone", "password")
AUDIT_FILTERS = ("actor", "action", "date_from", "date_to")
STORED_MEMBERS = 6
IMPORT_ECHO_ROWS = 6
IMPORT_OK_ROWS = 5


class _Pool:
    """Payload numbers (indexes into PAYLOADS) not yet given a place."""

    def __init__(self) -> None:
        self.left = list(range(len(PAYLOADS)))
        random.Random(20250730).shuffle(self.left)

    def take(self, max_length: int = 10**6, ok: Callable[[str], bool] = lambda p: True) -> int:
        for position, index in enumerate(self.left):
            if len(PAYLOADS[index]) <= max_length and ok(PAYLOADS[index]):
                return self.left.pop(position)
        raise LookupError(f"no payload left of at most {max_length} characters")

    def take_up_to(self, count: int) -> list[int]:
        taken, self.left = self.left[:count], self.left[count:]
        return taken


def _plain_ascii(payload: str) -> bool:
    return payload.isascii() and not re.search(r"[,;、]", payload)


def _file_name_safe(payload: str) -> bool:
    # Browsers percent-encode " in multipart file names; Django unescapes entities and takes
    # the part after the last slash. Such payloads are tested through the other fields.
    return payload.isascii() and not re.search(r"[\"&/\\\s]", payload)


@dataclass
class Plan:
    # stored through the member service: one dict of field → payload numbers per member
    stored: list[dict[str, list[int]]] = field(default_factory=list)
    # the import that fails: cells echoed in the problem list, and the file's name
    import_echo_rows: list[dict[str, int]] = field(default_factory=list)
    import_echo_file: int = -1
    # the import that succeeds: shown in the directory afterwards
    import_ok_rows: list[dict[str, int]] = field(default_factory=list)
    import_ok_file: int = -1
    # reflected: form submissions (field → payload) and single-field GET searches
    member_create: list[dict[str, int]] = field(default_factory=list)
    member_edit: list[dict[str, int]] = field(default_factory=list)
    account_create: list[dict[str, int]] = field(default_factory=list)
    audit_filters: list[dict[str, int]] = field(default_factory=list)
    directory_q: list[int] = field(default_factory=list)
    export_q: list[int] = field(default_factory=list)
    users_q: list[int] = field(default_factory=list)
    login_username: list[int] = field(default_factory=list)

    def everything(self) -> list[int]:
        numbers: list[int] = []
        for member in self.stored:
            for values in member.values():
                numbers += values
        for rows in (self.import_echo_rows, self.import_ok_rows):
            for row in rows:
                numbers += row.values()
        numbers += [self.import_echo_file, self.import_ok_file]
        for forms in (
            self.member_create,
            self.member_edit,
            self.account_create,
            self.audit_filters,
        ):
            for form in forms:
                numbers += form.values()
        numbers += self.directory_q + self.export_q + self.users_q + self.login_username
        return numbers


def make_plan() -> Plan:
    pool = _Pool()
    plan = Plan()
    # Stored (model lengths respected, as PostgreSQL would enforce them).
    for _ in range(STORED_MEMBERS):
        member = {
            "name": [pool.take(40)],
            "name_ko": [pool.take(40)],
            "work_unit": [pool.take(100)],
            "job_title": [pool.take(100)],
            "expertise": [pool.take(200)],
            "address": [pool.take(200)],
            "email": [pool.take(254)],
            "biography": [pool.take(), pool.take(), pool.take()],
        }
        plan.stored.append(member)
    # Import: cells whose value the problem list repeats, and file names.
    for _ in range(IMPORT_ECHO_ROWS):
        plan.import_echo_rows.append(
            {
                "political_affiliation": pool.take(ok=_plain_ascii),
                "sector": pool.take(ok=_plain_ascii),
                "committees": pool.take(ok=_plain_ascii),
            }
        )
    plan.import_echo_file = pool.take(150, ok=_file_name_safe)
    plan.import_ok_file = pool.take(150, ok=_file_name_safe)
    for _ in range(IMPORT_OK_ROWS):
        plan.import_ok_rows.append(
            {
                "name": pool.take(40),
                "name_ko": pool.take(40),
                "work_unit": pool.take(100),
                "job_title": pool.take(100),
            }
        )
    # Reflected: single-field pages first, then whole forms until nothing is left.
    plan.directory_q = pool.take_up_to(6)
    plan.export_q = pool.take_up_to(3)
    plan.users_q = pool.take_up_to(3)
    plan.login_username = pool.take_up_to(4)
    for _ in range(4):
        plan.audit_filters.append(dict(zip(AUDIT_FILTERS, pool.take_up_to(4), strict=True)))
    for _ in range(4):
        plan.account_create.append(dict(zip(ACCOUNT_FORM_FIELDS, pool.take_up_to(4), strict=True)))
    for _ in range(2):
        plan.member_edit.append(
            dict(zip(MEMBER_FORM_FIELDS, pool.take_up_to(len(MEMBER_FORM_FIELDS)), strict=True))
        )
    while pool.left:
        chunk = pool.take_up_to(len(MEMBER_FORM_FIELDS))
        plan.member_create.append(dict(zip(MEMBER_FORM_FIELDS, chunk, strict=False)))
    return plan


PLAN = make_plan()


# --- Detection -------------------------------------------------------------------------------

DETECT = """
(payloads) => {
  const origin = location.origin;
  const bad = [];
  const markerText = /__xss|\\bx\\d+\\b/;
  const markerPath = /\\/x\\d*(\\/|$)|__xss/;
  const urlAttributes = new Set(["href", "src", "action", "formaction", "data", "poster",
    "background", "xlink:href", "hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete",
    "data-hx-get", "data-hx-post", "data-keepalive-url", "data-login-url"]);
  const where = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["iframe", "frame", "frameset", "object", "embed", "applet", "base"].includes(tag)) {
      bad.push("element " + tag);
    }
    if (tag === "meta" && el.hasAttribute("http-equiv")) bad.push("meta http-equiv");
    if (tag === "script") {
      const ours = el.src && el.src.startsWith(origin + "/static/") && !el.textContent.trim();
      if (!ours) bad.push("script " + (el.src || el.textContent.slice(0, 60)));
    }
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith("on") || name.startsWith("hx-on") || name.startsWith("data-hx-on")) {
        bad.push(where(el) + " has " + name);
        continue;
      }
      if (["srcdoc", "style", "formaction", "xlink:href"].includes(name)) {
        bad.push(where(el) + " has " + name);
        continue;
      }
      if (urlAttributes.has(name)) {
        let url;
        try { url = new URL(value, location.href); } catch (e) { bad.push(where(el) + " bad url"); continue; }
        if (!["http:", "https:"].includes(url.protocol)) bad.push(where(el) + " " + name + " scheme " + url.protocol);
        else if (url.origin !== origin) bad.push(where(el) + " " + name + " leaves the site: " + value.slice(0, 60));
        else if (url.pathname !== location.pathname && markerPath.test(decodeURIComponent(url.pathname))) bad.push(where(el) + " " + name + "=" + value.slice(0, 60));
        continue;
      }
      if (name === "value" && ["input", "option", "button", "textarea"].includes(tag)) continue;
      if (markerText.test(value)) bad.push(where(el) + " " + name + "=" + value.slice(0, 60));
    }
  }
  const text = document.documentElement.textContent;
  const values = new Set();
  for (const el of document.querySelectorAll("input, textarea, select, option")) {
    values.add(el.value);
    if (el.hasAttribute("value")) values.add(el.getAttribute("value"));
  }
  return {
    markers: Object.keys(window).filter((k) => k.startsWith("__xss")),
    bad: bad,
    origin: origin,
    found: payloads.map((p) => text.includes(p) || values.has(p)),
  };
}
"""


@dataclass
class Detector:
    """Watches one browser context: dialogs, requests, and the DOM after each page."""

    origin: str
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    visiting: set[str] = field(default_factory=set)  # paths the test itself goes to

    def attach(self, context: BrowserContext) -> None:
        context.on("page", self._watch_page)
        context.on("request", self._request)

    def _watch_page(self, page: Page) -> None:
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request: Request) -> None:
        # Our own navigations carry payloads in the query string; a request whose PATH is a
        # payload's (hx-get="/x1", src=x) or that leaves the site came from an injection.
        url = request.url
        path = unquote(urlsplit(url).path)
        if path in self.visiting:
            return
        if not url.startswith(self.origin + "/") or re.search(r"/x\d*(?:/|$)|__xss", path):
            self.requests.append(url)

    def check(self, page: Page, label: str, expected: list[int]) -> None:
        """After a page load or swap: nothing ran, nothing was injected, payloads are text."""
        # Let load/error/focus/animation handlers of anything injected fire first.
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)))")
        result = page.evaluate(DETECT, [PAYLOADS[i] for i in expected])
        if result["origin"] != self.origin:
            self.problems.append(f"{label}: the page navigated to {result['origin']}")
        for marker in result["markers"]:
            self.problems.append(f"{label}: {marker} was set")
        for finding in result["bad"]:
            self.problems.append(f"{label}: {finding}")
        for index, found in zip(expected, result["found"], strict=True):
            if found:
                self.seen.add(index)
            else:
                self.problems.append(
                    f"{label}: payload {index} not shown as text: {PAYLOADS[index]}"
                )

    def assert_clean(self, expected: list[int]) -> None:
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"
        assert not self.requests, f"payload requests: {self.requests}"
        assert not self.problems, "\n".join(self.problems[:40])
        missing = sorted(set(expected) - self.seen)
        assert not missing, f"payloads never rendered: {missing}"


@pytest.fixture
def open_context(
    browser: Browser, live_server: Any
) -> Iterator[Callable[..., tuple[Page, Detector]]]:
    contexts: list[BrowserContext] = []

    def _open(user: User | None = None, *, bypass_csp: bool = False) -> tuple[Page, Detector]:
        # Our own context: bypass_csp stays off unless a test asks (the CSP is a defence).
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", bypass_csp=bypass_csp
        )
        contexts.append(context)
        detector = Detector(origin=live_server.url)
        detector.attach(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page, detector

    yield _open
    for context in contexts:
        context.close()


def _fill(page: Page, values: dict[str, str]) -> None:
    """Type into the fields, as a person could; length limits and date pickers removed first."""
    page.evaluate(
        """(ids) => { for (const id of ids) { const el = document.getElementById(id);
             el.removeAttribute('maxlength'); if (el.type === 'date') el.type = 'text'; } }""",
        list(values),
    )
    for element_id, value in values.items():
        page.fill(f"#{element_id}", value)


def _submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


# --- The detector itself ---------------------------------------------------------------------


def test_the_detector_sees_an_injection(open_context: Callable[..., tuple[Page, Detector]]) -> None:
    """A page that does execute a payload must be caught, or the other tests prove nothing."""
    page, detector = open_context()
    image = next(i for i, p in enumerate(PAYLOADS) if p.startswith("<img src=x onerror=window"))
    page.set_content(
        f"<p>{PAYLOADS[image]}</p><a href=\"javascript:void(0)\">x</a><script>alert('x0')</script>"
    )
    detector.origin = "null"
    detector.check(page, "control", [image])
    assert any("__xss" in p for p in detector.problems)
    assert any("onerror" in p for p in detector.problems)
    assert any("scheme javascript:" in p for p in detector.problems)
    assert any("script" in p for p in detector.problems)
    assert any("not shown as text" in p for p in detector.problems)
    assert detector.dialogs == ["alert: x0"]


def test_the_csp_stops_what_escaping_would_miss(
    open_context: Callable[..., tuple[Page, Detector]],
) -> None:
    """On a real page, injected markup runs only when the CSP is bypassed: so the CSP is a
    second wall, and the "escaping-only" pass below really runs without it."""
    image = next(i for i, p in enumerate(PAYLOADS) if p.startswith("<img src=x onerror=window"))
    for bypass_csp in (False, True):
        page, detector = open_context(bypass_csp=bypass_csp)
        page.goto("/accounts/login/")
        page.evaluate(
            "(html) => document.querySelector('main').insertAdjacentHTML('beforeend', html)",
            PAYLOADS[image],
        )
        # The broken image fails to load asynchronously: give its onerror time to fire.
        if bypass_csp:
            page.wait_for_function(f"() => window.__xss_{image + 1} !== undefined", timeout=10_000)
        else:
            page.wait_for_timeout(1_000)
        detector.check(page, "injected", [])
        assert any("onerror" in p for p in detector.problems)
        executed = any(f"__xss_{image + 1} was set" in p for p in detector.problems)
        assert executed is bypass_csp


def test_every_payload_has_a_place() -> None:
    numbers = PLAN.everything()
    assert len(PAYLOADS) >= 200
    assert sorted(numbers) == list(range(len(PAYLOADS))), "each payload exactly once"


# --- Reflected: forms and searches that echo what was typed ---------------------------------


def test_reflected_payloads_do_not_execute(
    open_context: Callable[..., tuple[Page, Detector]],
) -> None:
    w = factories.world()
    member = Member.objects.get(name="金哲洙")
    expected: list[int] = []

    # After the first submission the page is the form again (with the errors): the next
    # round is typed straight into it.
    page, detector = open_context(w["staff"])
    page.goto("/members/new/")
    for round_ in PLAN.member_create:
        _fill(page, {f"id_{name}": PAYLOADS[i] for name, i in round_.items()})
        _submit(page, "form.stacked button[type=submit]")
        detector.check(page, "member create", list(round_.values()))
        expected += round_.values()
    page.goto(f"/members/{member.pk}/edit/")
    for round_ in PLAN.member_edit:
        _fill(page, {f"id_{name}": PAYLOADS[i] for name, i in round_.items()})
        _submit(page, "form.stacked button[type=submit]")
        detector.check(page, "member edit", list(round_.values()))
        expected += round_.values()
    for i in PLAN.directory_q:
        page.goto("/members/?" + urlencode({"q": PAYLOADS[i]}))
        detector.check(page, "directory q", [i])
        expected.append(i)
    # The htmx search: the results are swapped in place (the fragment does not repeat q).
    page.goto("/members/")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.fill("#id_q", PAYLOADS[PLAN.directory_q[0]])
        page.press("#id_q", "Enter")
    detector.check(page, "directory q (htmx)", [])
    for i in PLAN.export_q:
        page.goto("/members/export/?" + urlencode({"q": PAYLOADS[i]}))
        detector.check(page, "export q", [i])
        expected.append(i)
    detector.assert_clean(expected)

    page, detector = open_context(w["auditor"])
    for round_ in PLAN.audit_filters:
        page.goto("/audit/?" + urlencode({name: PAYLOADS[i] for name, i in round_.items()}))
        detector.check(page, "audit filters", list(round_.values()))
    detector.assert_clean([i for r in PLAN.audit_filters for i in r.values()])

    page, detector = open_context(w["sysadmin"])
    page.goto("/accounts/users/new/")
    for round_ in PLAN.account_create:
        _fill(page, {f"id_{name}": PAYLOADS[i] for name, i in round_.items()})
        _submit(page, "form.stacked button[type=submit]")
        detector.check(page, "account create", list(round_.values()))
    for i in PLAN.users_q:
        page.goto("/accounts/users/?" + urlencode({"q": PAYLOADS[i]}))
        detector.check(page, "account search", [i])
    detector.assert_clean([i for r in PLAN.account_create for i in r.values()] + list(PLAN.users_q))
    assert not User.objects.filter(username__contains="<").exists()

    # The login form echoes the username; failed logins then show in the audit list.
    page, detector = open_context()
    page.goto("/accounts/login/")
    for i in PLAN.login_username:
        _fill(page, {"id_username": PAYLOADS[i], "id_password": "not-the-password"})
        _submit(page, "main button[type=submit]")
        detector.check(page, "login username", [i])
    detector.assert_clean(list(PLAN.login_username))
    # Every page repeats its own URL (the language form's "next"); a 404 too.
    for i in PLAN.login_username[:2]:
        detector.visiting.add("/no-such-page/" + PAYLOADS[i])
        page.goto(
            "/no-such-page/" + quote(PAYLOADS[i], safe="") + "?" + urlencode({"q": PAYLOADS[i]})
        )
        detector.check(page, "404 page", [])
    detector.assert_clean(list(PLAN.login_username))
    page, detector = open_context(w["auditor"])
    page.goto("/audit/?" + urlencode({"action": "auth.login_failed"}))
    detector.check(page, "audit list of failed logins", list(PLAN.login_username))
    detector.assert_clean(list(PLAN.login_username))


# --- Stored: members with payloads in every text field --------------------------------------


def _store_members(w: factories.World) -> list[tuple[Member, dict[str, list[int]]]]:
    term = Term.objects.get(organisation=w.prefecture, is_current=True)
    sector = Sector.objects.filter(organisation=w.prefecture).first()
    assert sector is not None
    created = []
    for values in PLAN.stored:
        text = {name: "\n".join(PAYLOADS[i] for i in numbers) for name, numbers in values.items()}
        data = member_services.MemberData(
            sex="female",
            ethnicity="朝鲜族",
            political_affiliation="cdl",
            sector_id=sector.pk,
            **text,
        )
        member = member_services.member_create(
            acting_user=w["staff"], organisation=w.prefecture, term=term, data=data
        )
        created.append((member, values))
    return created


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-only"])
def test_stored_payloads_do_not_execute(
    open_context: Callable[..., tuple[Page, Detector]], bypass_csp: bool
) -> None:
    w = factories.world()
    members = _store_members(w)
    page, detector = open_context(w["staff"], bypass_csp=bypass_csp)
    listed = ("name", "name_ko", "work_unit", "job_title")
    page.goto("/members/")
    detector.check(page, "directory", [i for _m, v in members for f in listed for i in v[f]])
    for member, values in members:
        shown = [i for name, numbers in values.items() if name != "address" for i in numbers]
        page.goto(f"/members/{member.pk}/")
        detector.check(page, f"profile {member.pk}", shown)
        # 查看完整信息: the htmx fragment with the full address.
        page.get_by_role("button", name="查看完整信息").click()
        page.wait_for_selector("#personal-data [role=status]")
        detector.check(page, f"revealed {member.pk}", values["address"])
        page.goto(f"/members/{member.pk}/edit/")
        detector.check(page, f"edit {member.pk}", shown)
    page, audit_detector = open_context(w["auditor"], bypass_csp=bypass_csp)
    page.goto("/audit/?" + urlencode({"action": "member."}))
    audit_detector.check(page, "audit list", [v["name"][0] for _m, v in members])
    audit_detector.assert_clean([v["name"][0] for _m, v in members])
    detector.assert_clean([i for values in PLAN.stored for v in values.values() for i in v])


# --- Imported: spreadsheet cells and file names ----------------------------------------------


def _workbook(w: factories.World, rows: list[dict[str, str]]) -> bytes:
    """The organisation's own import template with `rows` filled in."""
    workbook = load_workbook(io.BytesIO(importing.build_template(w.prefecture)))
    sheet = workbook[importing.SHEET_TITLE]
    keys = [column.key for column in importing.COLUMNS]
    for offset, row in enumerate(rows):
        for key, value in row.items():
            importing.put(sheet, 2 + offset, keys.index(key) + 1, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _valid_row(**cells: str) -> dict[str, str]:
    return {
        "name": "测试",
        "sex": "男",
        "ethnicity": "朝鲜族",
        "political_affiliation": "中共党员",
        "sector": "中共",
        **cells,
    }


def _upload(page: Page, name: str, content: bytes) -> None:
    page.goto("/members/import/")
    page.set_input_files(
        "#id_file",
        files=[{"name": name, "mimeType": importing.XLSX_CONTENT_TYPE, "buffer": content}],
    )
    _submit(page, "form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/members/import/\d+/$"))


def test_imported_payloads_do_not_execute(
    open_context: Callable[..., tuple[Page, Detector]],
) -> None:
    w = factories.world()
    page, detector = open_context(w["staff"])
    echo_rows = [
        _valid_row(**{key: PAYLOADS[i] for key, i in row.items()}) for row in PLAN.import_echo_rows
    ]
    echoed = [i for row in PLAN.import_echo_rows for i in row.values()]
    _upload(page, PAYLOADS[PLAN.import_echo_file] + ".xlsx", _workbook(w, echo_rows))
    assert MemberImport.objects.get().status == MemberImport.Status.INVALID
    detector.check(page, "import problems", [*echoed, PLAN.import_echo_file])

    ok_rows = [
        _valid_row(**{key: PAYLOADS[i] for key, i in row.items()}) for row in PLAN.import_ok_rows
    ]
    ok_cells = [i for row in PLAN.import_ok_rows for i in row.values()]
    _upload(page, PAYLOADS[PLAN.import_ok_file] + ".xlsx", _workbook(w, ok_rows))
    assert MemberImport.objects.filter(status=MemberImport.Status.COMMITTED).count() == 1
    detector.check(page, "import committed", [PLAN.import_ok_file])
    page.goto("/members/import/")
    detector.check(page, "recent imports", [PLAN.import_echo_file, PLAN.import_ok_file])
    page.goto("/members/")
    detector.check(page, "directory after import", ok_cells)
    detector.assert_clean([*echoed, *ok_cells, PLAN.import_echo_file, PLAN.import_ok_file])
