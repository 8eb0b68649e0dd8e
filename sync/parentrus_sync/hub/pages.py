"""The coordinator's pages: sign in, the school's numbers, the school's policy, invitations,
laptops and imports.

Every page's words are in ``templates/``; this module only decides what to show.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

import anyio
import segno
from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parentrus_sync.hub import auth, policy_form, signin_form
from parentrus_sync.hub.charts import figure_svg
from parentrus_sync.hub.dashboard import Dashboard, build, term_title
from parentrus_sync.hub.export import dashboard_csv
from parentrus_sync.hub.figures import about_text, margin_text, shown_text, words
from parentrus_sync.hub.hub import Hub, address_key
from parentrus_sync.hub.ingest import Refusal, import_bundle
from parentrus_sync.hub.invitations import create_invitation
from parentrus_sync.hub.offloop import OffLoop
from parentrus_sync.hub.programme import Programme, programme_numbers
from parentrus_sync.hub.storage import PROGRAMME_ROLE, Coordinator, Device, School
from parentrus_sync.hub.terms import Term, UnknownTerm, recent_terms, term_named, term_of
from parentrus_sync.protocol import Invitation, Policy

# A bundle may hold 16 MiB of reports (protocol.read_bundle); the form around it a little more.
LARGEST_UPLOAD = 17 * 1024 * 1024
#: Every other form (signing in, a policy, an invitation) is a few hundred bytes: the
#: sign-in form, open to anyone, read 17 MB from whoever sent it.
LARGEST_FORM = 64 * 1024
#: How long a form may take to arrive (seconds): as long as the API gives a body for
#: small ones; a file of reports from a slow school connection, signed in, longer.
FORM_SECONDS = 15.0
UPLOAD_SECONDS = 300.0


class FormLimits(NamedTuple):
    """How big a form may be, how long it may take to arrive, and the message.html text
    for one that is too big."""

    largest: int
    seconds: float
    too_large: str


def _limits(upload: bool) -> FormLimits:
    # Read when a route is made, so a test may change the module's figures first.
    if upload:
        return FormLimits(LARGEST_UPLOAD, UPLOAD_SECONDS, "too-large")
    return FormLimits(LARGEST_FORM, FORM_SECONDS, "form-too-large")


HEADERS = {
    # No inline script or style anywhere: charts colour themselves with attributes.
    "Content-Security-Policy": (
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
        "object-src 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",  # the school's numbers stay off shared computers' disks
}


class _NotHere(Exception):
    """An address this account may not see: answered as one that is not there (404), so a
    school's coordinator cannot tell another school's address from a made-up one."""


Handler = Callable[[Request], Awaitable[Response]]
# Run whole off the event loop (they call storage): plain functions, not coroutines.
SignedIn = Callable[[Request, auth.Session], Response]


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("parentrus_sync.hub", "templates"), autoescape=True)
    env.filters["shown"] = shown_text
    env.filters["margin"] = margin_text
    env.filters["about"] = about_text
    env.filters["epsilon"] = policy_form.number_text
    # The day number by hand: Windows' strftime has no flag that drops its leading zero.
    env.filters["day"] = lambda moment: f"{moment.day} {moment:%b %Y}" if moment else ""
    env.filters["short_device"] = lambda device: device[:10] + "…"
    env.globals["chart"] = lambda figure: Markup(figure_svg(figure))  # noqa: S704 - our SVG, escaped inside
    return env


@cache
def _shared_environment() -> Environment:
    return _environment()


def error_page(status: int, message: str) -> HTMLResponse:
    """A plain page for a person who reached an address that is not there, or met a
    fault in the hub (``message`` is one of message.html's, e.g. "hub-fault")."""
    page = _shared_environment().get_template("message.html")
    body = page.render(message=message, csrf="", signed_in=False)
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def page_routes(hub: Hub, off_loop: OffLoop) -> list[BaseRoute]:
    """The coordinator's pages, for ``create_app`` to mount beside the API; every page
    that reads or writes storage runs through ``off_loop``."""
    return _Pages(hub, off_loop).routes()


class _Pages:
    def __init__(self, hub: Hub, off_loop: OffLoop) -> None:
        self.hub = hub
        self.off_loop = off_loop
        self.sessions = auth.Sessions(hub)
        self.sign_in_forms = signin_form.SignInForms(hub)
        auth.make_ready()
        self.env = _environment()

    def routes(self) -> list[BaseRoute]:
        static = StaticFiles(packages=[("parentrus_sync.hub", "static")])
        return [
            Route("/", self._signed_in(self.dashboard)),
            Route("/login", self.login_page, methods=["GET"]),
            Route("/login", self.login, methods=["POST"]),
            Route("/logout", self._signed_in(self.logout, post=True), methods=["POST"]),
            Route("/export.csv", self._signed_in(self.export)),
            Route("/programme.csv", self._signed_in(self.programme_export)),
            Route("/report", self._signed_in(self.report)),
            Route("/policy", self._signed_in(self.policy_page), methods=["GET"]),
            Route("/policy", self._signed_in(self.policy_post, post=True), methods=["POST"]),
            Route("/invitations", self._signed_in(self.invitations), methods=["GET"]),
            Route("/invitations", self._signed_in(self.invite, post=True), methods=["POST"]),
            Route("/invitations/{key}", self._signed_in(self.invitation)),
            Route("/invitations/{key}/file", self._signed_in(self.invitation_file)),
            Route("/devices", self._signed_in(self.devices)),
            Route("/devices/{device}/revoke", self._signed_in(self.confirm_revoke)),
            Route(
                "/devices/{device}/revoke",
                self._signed_in(self.revoke, post=True),
                methods=["POST"],
            ),
            Route("/devices/{device}/discard", self._signed_in(self.confirm_discard)),
            Route(
                "/devices/{device}/discard",
                self._signed_in(self.discard, post=True),
                methods=["POST"],
            ),
            Route(
                "/devices/{device}/count-again",
                self._signed_in(self.count_again, post=True),
                methods=["POST"],
            ),
            Route("/import", self._signed_in(self.import_page), methods=["GET"]),
            Route(
                "/import",
                self._signed_in(self.import_post, post=True, upload=True),
                methods=["POST"],
            ),
            Mount("/static", app=_with_headers(static), name="static"),
        ]

    # --- helpers

    def render(
        self, name: str, status: int = 200, session: auth.Session | None = None, **context: Any
    ) -> HTMLResponse:
        template = self.env.get_template(name)
        context.setdefault("csrf", session.csrf if session else "")
        context.setdefault("signed_in", bool(session and session.username))
        return HTMLResponse(template.render(**context), status_code=status, headers=HEADERS)

    def refuse(self, status: int, message: str, session: auth.Session | None = None) -> Response:
        return self.render("message.html", status, session, message=message)

    def _signed_in(self, handler: SignedIn, *, post: bool = False, upload: bool = False) -> Handler:
        """Only for a signed-in coordinator; a POST also needs the session's CSRF token.
        ``upload``: the form carries a file of reports (bigger, and longer to arrive)."""
        limits = _limits(upload)

        async def endpoint(request: Request) -> Response:
            try:
                return await checked(request)
            finally:
                await request.close()  # an uploaded file's temporary copy goes at once

        async def checked(request: Request) -> Response:
            session = await self.off_loop.run(self.sessions.find, request)
            # Signed in before the form is read: a post from anyone else is not read at all.
            if session is None or session.username is None:
                return RedirectResponse("/login", 303, headers=HEADERS)
            if post:
                form = await self._form(request, limits)
                if isinstance(form, Response):
                    return form
                if not auth.csrf_ok(session, form.get("csrf")):
                    return self.refuse(403, "expired")
                request.state.form = form
            return await self.off_loop.run(self._as_account, handler, request, session)

        return endpoint

    def _as_account(self, handler: SignedIn, request: Request, session: auth.Session) -> Response:
        """The handler, for the signed-in account as it is now (its role and school are
        read on every request, so a change holds at once)."""
        account = self.hub.storage.coordinator(session.username or "")
        if account is None:  # the account was taken away while signed in
            self.sessions.end(request)
            return RedirectResponse("/login", 303, headers=HEADERS)
        request.state.account = account
        try:
            return handler(request, session)
        except _NotHere:
            return self.refuse(404, "not-found", session)

    def _visible(self, request: Request) -> list[School]:
        """The schools the signed-in account may see: its own, or every one."""
        account: Coordinator = request.state.account
        return [s for s in self.hub.storage.schools() if account.may_see(s.slug)]

    def _programme_view(self, request: Request) -> bool:
        account: Coordinator = request.state.account
        return account.role == PROGRAMME_ROLE and len(self.hub.storage.schools()) > 1

    def _menu_school(self, school: str | None) -> str | None:
        """The school the menu's links keep to on a hub of several (else the first's)."""
        return school if len(self.hub.storage.schools()) > 1 else None

    async def _form(self, request: Request, limits: FormLimits) -> dict[str, Any] | Response:
        """The form posted, if its declared size is within the limits and it all arrives
        in time; else a page saying what went wrong."""
        size = request.headers.get("content-length")
        if size is None or not size.isdigit():
            return self.refuse(411, "no-length")
        if int(size) > limits.largest:
            return self.refuse(413, limits.too_large)
        try:
            with anyio.fail_after(limits.seconds):
                # The policy form has a checkbox for each breakdown on the menu.
                form = await request.form(max_files=1, max_fields=40)
        except (TimeoutError, ClientDisconnect):
            return self.refuse(408, "cut-off")
        return dict(form.items())

    def _school(self, request: Request) -> str | None:
        """The school asked for, else the first the account may see; _NotHere for a school
        it may not see or that is not there, alike."""
        schools = [s.slug for s in self._visible(request)]
        wanted = request.query_params.get("school")
        if wanted:
            return self._may_see(request, wanted)
        return schools[0] if schools else None

    def _may_see(self, request: Request, school: str) -> str:
        account: Coordinator = request.state.account
        if not account.may_see(school) or self.hub.storage.school(school) is None:
            raise _NotHere
        return school

    def _term(self, request: Request, school: str | None, name: str) -> Term:
        """The term asked for; else the newest recent term that holds a report, so that the
        page opens on numbers; else the term holding today. UnknownTerm for a bad name."""
        asked = request.query_params.get(name)
        if asked:
            return term_named(asked)
        today = self.hub.today()
        if school is not None:
            periods = {r.report_id.period for r in self.hub.storage.reports(school)}
            for term in recent_terms(today):
                if any(term.holds_period(p) for p in periods):
                    return term
        return term_of(today)

    def _board(self, school: str, term: Term) -> Dashboard:
        held = self.hub.storage.school(school)
        policy = held.policy if held is not None else Policy(school=school)
        reports = self.hub.storage.reports(school)
        return build(school, reports, term, policy, self.hub.today())

    # --- signing in and out

    async def login_page(self, request: Request) -> Response:
        session = await self.off_loop.run(self.sessions.find, request)
        if session is not None and session.username:
            return RedirectResponse("/", 303, headers=HEADERS)
        # No session before signing in (a visitor would fill the sessions table): the
        # form's token is checked against a cookie of its own (signin_form).
        cookie, csrf = self.sign_in_forms.new_cookie()
        response = self.render("login.html", csrf=csrf)
        self.sign_in_forms.set_cookie(response, cookie)
        return response

    async def login(self, request: Request) -> Response:
        try:
            return await self._login(request)
        finally:
            await request.close()

    async def _login(self, request: Request) -> Response:
        session = await self.off_loop.run(self.sessions.find, request)
        form = await self._form(request, _limits(upload=False))
        if isinstance(form, Response):
            return form
        csrf = form.get("csrf")
        if not self.sign_in_forms.ok(request, csrf):
            return self.refuse(403, "expired")
        username = str(form.get("username", "")).strip()[:200]
        password = str(form.get("password", ""))[:1000]
        client = address_key(request.client.host) if request.client else "unknown"
        # Argon2id takes a while on purpose: off the event loop, so the API keeps answering.
        result = await self.off_loop.run(auth.check_login, self.hub, username, password, client)
        if result.outcome is auth.Outcome.SIGNED_IN:
            # A new session id on signing in, so nobody can plant one beforehand.
            token = await self.off_loop.run(self._signed_in_anew, request, username)
            response = RedirectResponse("/", 303, headers=HEADERS)
            self.sessions.set_cookie(response, token)
            return response
        status = 429 if result.outcome is auth.Outcome.WAIT else 401
        page = self.render(
            "login.html", status, session, result=result.outcome.value,
            wait=result.wait_words, username=username, csrf=csrf,
        )  # fmt: skip
        if result.outcome is auth.Outcome.WAIT:
            page.headers["Retry-After"] = str(result.wait_seconds)
        return page

    def _signed_in_anew(self, request: Request, username: str) -> str:
        self.sessions.end(request)
        token, _ = self.sessions.start(username)
        return token

    def logout(self, request: Request, session: auth.Session) -> Response:
        self.sessions.end(request)
        response = RedirectResponse("/login", 303, headers=HEADERS)
        self.sessions.clear_cookie(response)
        return response

    # --- the school's numbers

    def dashboard(self, request: Request, session: auth.Session) -> Response:
        if not request.query_params.get("school") and self._programme_view(request):
            return self.programme(request, session)
        school = self._school(request)
        try:
            term = self._term(request, school, "time")
        except UnknownTerm as error:
            return self.refuse(400, str(error), session)
        board = None if school is None else self._board(school, term)
        held = None if school is None else self.hub.storage.school(school)
        return self.render(
            "dashboard.html", session=session, board=board, school=school,
            schools=self._visible(request), chosen=term.name, nav_school=self._menu_school(school),
            programme=self._programme_view(request), school_name=held.name if held else "",
            several=self._menu_school(school) is not None,  # a hub of several: name the school
            choices=_term_choices(self.hub.today(), term), term_title=term_title,
            # Said on the numbers page only when the school sets a maximum.
            keeping=policy_form.keep_words(held.policy)
            if held is not None and held.policy.keep_closed_months is not None
            else "",
        )  # fmt: skip

    def export(self, request: Request, session: auth.Session) -> Response:
        school = self._school(request)
        if school is None:
            return self.refuse(404, "no-school", session)
        try:
            term = self._term(request, school, "time")
        except UnknownTerm as error:
            return self.refuse(400, str(error), session)
        held = self.hub.storage.school(school)
        board = self._board(school, term)
        text = dashboard_csv(board, held.name if held else school)
        headers = {
            **HEADERS,
            "Content-Disposition": f'attachment; filename="{school}-{term.name}.csv"',
        }
        return Response(text, media_type="text/csv; charset=utf-8", headers=headers)

    # --- the programme's numbers: every school's, and the totals over them

    def programme(self, request: Request, session: auth.Session) -> Response:
        schools = self.hub.storage.schools()
        try:
            term = self._programme_term(request, schools)
        except UnknownTerm as error:
            return self.refuse(400, str(error), session)
        numbers = self._programme_numbers(schools, term)
        return self.render(
            "programme.html", session=session, numbers=numbers, chosen=term.name,
            choices=_term_choices(self.hub.today(), term), term_title=term_title,
        )  # fmt: skip

    def programme_export(self, request: Request, session: auth.Session) -> Response:
        if not self._programme_view(request):
            raise _NotHere
        schools = self.hub.storage.schools()
        try:
            term = self._programme_term(request, schools)
        except UnknownTerm as error:
            return self.refuse(400, str(error), session)
        numbers = self._programme_numbers(schools, term)
        text = dashboard_csv(numbers.totals, str(words()["programme"]["csv_name"]))
        headers = {
            **HEADERS,
            "Content-Disposition": f'attachment; filename="programme-{term.name}.csv"',
        }
        return Response(text, media_type="text/csv; charset=utf-8", headers=headers)

    def _programme_numbers(self, schools: list[School], term: Term) -> Programme:
        held = {s.slug: self.hub.storage.reports(s.slug) for s in schools}
        return programme_numbers(schools, held, term, self.hub.today())

    def _programme_term(self, request: Request, schools: list[School]) -> Term:
        """The term asked for, else the newest recent term in which any school has a report."""
        asked = request.query_params.get("time")
        if asked:
            return term_named(asked)
        periods = {r.report_id.period for s in schools for r in self.hub.storage.reports(s.slug)}
        for term in recent_terms(self.hub.today()):
            if any(term.holds_period(p) for p in periods):
                return term
        return term_of(self.hub.today())

    def report(self, request: Request, session: auth.Session) -> Response:
        school = self._school(request)
        try:
            term = self._term(request, school, "term")
        except UnknownTerm as error:
            return self.refuse(400, str(error), session)
        if school is None:
            return self.refuse(404, "no-school", session)
        board = self._board(school, term)
        return self.render(
            "report.html", session=session, board=board, school=self.hub.storage.school(school),
            title=board.title, term=term.name, printed=self.hub.now(),
        )  # fmt: skip

    # --- the school's policy

    def policy_page(self, request: Request, session: auth.Session) -> Response:
        school = self._school(request)
        held = self.hub.storage.school(school) if school is not None else None
        if held is None:
            return self.refuse(404, "no-school", session)
        saved = request.query_params.get("saved") == "1"
        entered = policy_form.Entered.of(held.policy)
        return self._policy_view(request, session, held, entered, held.policy, saved=saved)

    def policy_post(self, request: Request, session: auth.Session) -> Response:
        form = request.state.form
        held = self.hub.storage.school(self._may_see(request, str(form.get("school", ""))))
        if held is None:
            return self.refuse(404, "no-school", session)
        entered = policy_form.Entered.from_form(form)
        try:
            policy = entered.policy(held.policy)
        except policy_form.PolicyProblem as problem:
            # The saved policy's figures stay on show beside the form as it was filled in.
            return self._policy_view(
                request, session, held, entered, held.policy, problem=str(problem), status=400
            )
        if form.get("action") == "preview":
            return self._policy_view(request, session, held, entered, policy, preview=True)
        self.hub.storage.set_policy(policy)
        return RedirectResponse(f"/policy?school={held.slug}&saved=1", 303, headers=HEADERS)

    def _policy_view(
        self,
        request: Request,
        session: auth.Session,
        school: School,
        entered: policy_form.Entered,
        shown: Policy,
        status: int = 200,
        **context: Any,
    ) -> Response:
        plan_view = policy_form.view(shown.plan(), entered)
        return self.render(
            "policy.html", status, session, school=school, schools=self.hub.storage.schools(),
            # A programme coordinator chooses among every school; the menu keeps this one.
            visible=self._visible(request), nav_school=self._menu_school(school.slug),
            current=school.policy, entered=entered, shown=shown, view=plan_view,
            keeping=policy_form.keep_words(school.policy),
            laptops_shown=policy_form.LAPTOPS_SHOWN, field=policy_form.BREAKDOWN_FIELD,
            titles=words()["titles"], **context,
        )  # fmt: skip

    # --- invitations

    def invitations(self, request: Request, session: auth.Session) -> Response:
        now = self.hub.now()
        schools = self._visible(request)
        names = {s.slug: s.name for s in schools}
        rows = [
            (r, names[r.school], _status(r.used, r.expires, now))
            for r in sorted(self.hub.storage.invitations(), key=lambda r: r.created, reverse=True)
            if r.school in names
        ]
        return self.render("invitations.html", session=session, rows=rows, schools=schools)

    def invite(self, request: Request, session: auth.Session) -> Response:
        school = self._may_see(request, str(request.state.form.get("school", "")))
        invitation, _code = create_invitation(self.hub, school, self.hub.now())
        key = secrets.token_urlsafe(16)
        session.files[key] = (f"invitation-{school}.json", invitation.to_file_bytes())
        return RedirectResponse(f"/invitations/{key}", 303, headers=HEADERS)

    def invitation(self, request: Request, session: auth.Session) -> Response:
        held = session.files.get(request.path_params["key"])
        if held is None:
            return self.refuse(404, "invitation-gone", session)
        invitation = Invitation.from_file_bytes(held[1])
        # The QR code holds the invitation file itself, compactly, so a laptop that reads
        # it gets exactly what the file would give, with no other format to agree on.
        compact = json.dumps(invitation.to_json(), separators=(",", ":"), ensure_ascii=False)
        qr = segno.make(compact, error="m", micro=False)
        svg = Markup(qr.svg_inline(scale=4, dark="#000", light="#fff", title="QR code"))  # noqa: S704
        return self.render(
            "invitation.html", session=session, invitation=invitation,
            code=str(invitation.code), qr=svg, key=request.path_params["key"],
        )  # fmt: skip

    def invitation_file(self, request: Request, session: auth.Session) -> Response:
        held = session.files.get(request.path_params["key"])
        if held is None:
            return self.refuse(404, "invitation-gone", session)
        headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{held[0]}"'}
        return Response(held[1], media_type="application/json", headers=headers)

    # --- laptops

    def devices(self, request: Request, session: auth.Session) -> Response:
        names = {s.slug: s.name for s in self._visible(request)}
        rows = sorted(
            (d for d in self.hub.storage.devices() if d.school in names),
            key=lambda d: (d.revoked is not None, d.enrolled),
        )
        return self.render("devices.html", session=session, rows=rows, names=names)

    def confirm_revoke(self, request: Request, session: auth.Session) -> Response:
        device = self._device(request)
        if device is None:
            return self.refuse(404, "no-device", session)
        return self.render("revoke.html", session=session, device=device)

    def revoke(self, request: Request, session: auth.Session) -> Response:
        device = self._device(request)
        if device is None:
            return self.refuse(404, "no-device", session)
        self.hub.storage.revoke(device.device, self.hub.now())
        return RedirectResponse("/devices", 303, headers=HEADERS)

    def confirm_discard(self, request: Request, session: auth.Session) -> Response:
        device = self._device(request)
        if device is None:
            return self.refuse(404, "no-device", session)
        if device.revoked is None:
            return self.refuse(409, "not-stopped", session)
        return self.render("discard.html", session=session, device=device)

    def discard(self, request: Request, session: auth.Session) -> Response:
        device = self._device(request)
        if device is None:
            return self.refuse(404, "no-device", session)
        if device.revoked is None:
            return self.refuse(409, "not-stopped", session)
        self.hub.storage.discard(device.device, self.hub.now())
        return RedirectResponse("/devices", 303, headers=HEADERS)

    def count_again(self, request: Request, session: auth.Session) -> Response:
        device = self._device(request)
        if device is None:
            return self.refuse(404, "no-device", session)
        self.hub.storage.count_again(device.device)
        return RedirectResponse("/devices", 303, headers=HEADERS)

    def _device(self, request: Request) -> Device | None:
        """The laptop in the address, if the account may see its school: another school's
        laptop is answered as one that is not there."""
        account: Coordinator = request.state.account
        device = self.hub.storage.device(request.path_params["device"])
        return device if device is not None and account.may_see(device.school) else None

    # --- reports from a USB stick

    def import_page(self, request: Request, session: auth.Session) -> Response:
        return self.render("import.html", session=session)

    def import_post(self, request: Request, session: auth.Session) -> Response:
        upload = request.state.form.get("bundle")
        if not isinstance(upload, UploadFile):
            return self.render("import.html", 400, session, problem="no-file")
        body = upload.file.read(LARGEST_UPLOAD + 1)  # off the loop: a plain file read
        account: Coordinator = request.state.account
        try:
            # A school's coordinator adds only their own school's reports.
            outcomes = import_bundle(self.hub, body, self.hub.now(), account.may_see)
        except Refusal as refusal:
            return self.render("import.html", 400, session, problem=refusal.reason)
        return self.render("import.html", session=session, outcomes=outcomes)


def _term_choices(today: date, chosen: Term) -> list[tuple[str, list[Term]]]:
    """The terms to choose from, newest first, grouped by school year: the recent ones and
    the one on show."""
    terms = recent_terms(today)
    if chosen not in terms:
        terms.append(chosen)
    order = {"spring": 0, "summer": 1, "autumn": 2}
    terms.sort(key=lambda t: (t.year, order[t.season]), reverse=True)
    groups: dict[str, list[Term]] = {}
    for term in terms:
        groups.setdefault(term.school_year_name, []).append(term)
    return list(groups.items())


def _status(used: datetime | None, expires: datetime, now: datetime) -> str:
    if used is not None:
        return "used"
    return "expired" if expires <= now else "open"


def _with_headers(app: ASGIApp) -> ASGIApp:
    """The pages' security headers on static files too."""
    extra = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items() if k != "Cache-Control"]

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await app(scope, receive, sending)

    return wrapped
