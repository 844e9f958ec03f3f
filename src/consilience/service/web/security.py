"""Access control and request hygiene for the app, as one pure-ASGI middleware.

- **Token**: when the app has one (``serve --token``, required to bind a non-loopback
  address), every request must carry it: an ``Authorization: Bearer`` header, or the
  session cookie that ``/login`` (or a ``?token=`` link) sets. The cookie holds an HMAC of
  the token, never the token.
- **CSRF**: every form carries a random value that must equal the ``SameSite=Strict``
  cookie holding it (double submit); a JSON post without a bearer token needs it in the
  ``X-CSRF-Token`` header (without a token, a JSON body is enough: browsers cannot send
  one across sites without a CORS preflight); a post whose ``Origin`` is another site is
  refused.
- **Headers**: a strict Content-Security-Policy (no script at all on the app's pages;
  styles from the app only), no sniffing, no referrer, framing by the app only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "consilience_session"
CSRF_COOKIE = "consilience_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
APP_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)
_OPEN_PATHS = frozenset({"/login", "/static/app.css", "/healthz"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_value(token: str) -> str:
    return hmac.new(token.encode("utf-8"), b"consilience-session", hashlib.sha256).hexdigest()


def cookie_header(name: str, value: str, *, secure: bool) -> str:
    return f"{name}={value}; Path=/; HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")


def _cookies(headers: Headers) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no cookie
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def csrf_token(scope: Scope) -> str:
    """The CSRF value for this request's forms (set by the middleware)."""
    value: str = scope["state"]["csrf"]
    return value


def form_csrf_ok(scope: Scope, given: str) -> bool:
    """Whether a posted form's CSRF field matches the cookie the browser sent."""
    state = scope["state"]
    return bool(state.get("csrf_cookie")) and hmac.compare_digest(given, str(state["csrf"]))


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, *, token: str | None, secure_cookies: bool = False) -> None:
        self.app = app
        self.token = token
        self.session = session_value(token) if token else None
        self.secure = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = _cookies(headers)
        path: str = scope["path"]
        method: str = scope["method"]
        csrf = cookies.get(CSRF_COOKIE) or ""
        fresh_csrf = len(csrf) < 32
        if fresh_csrf:
            csrf = secrets.token_urlsafe(32)
        state = scope.setdefault("state", {})
        state["csrf"] = csrf
        state["csrf_cookie"] = not fresh_csrf
        bearer = self._bearer(headers)

        if self.token is not None and path not in _OPEN_PATHS:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (query.get("token") or [""])[0]
            if method in _SAFE_METHODS and given and hmac.compare_digest(given, self.token):
                # A link with the token logs in, then drops it from the address bar.
                rest = {k: v for k, v in query.items() if k != "token"}
                target = path + ("?" + urlencode(rest, doseq=True) if rest else "")
                response = RedirectResponse(target, status_code=303)
                self._set_session(response)
                await response(scope, receive, send)
                return
            if not bearer and not hmac.compare_digest(
                cookies.get(SESSION_COOKIE, ""), self.session or ""
            ):
                await self._refuse(scope, receive, send, path)
                return

        if method not in _SAFE_METHODS and not bearer:
            refusal = self._cross_site(headers, path, csrf, fresh_csrf)
            if refusal is not None:
                await refusal(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.setdefault("content-security-policy", APP_CSP)
                out.setdefault("x-content-type-options", "nosniff")
                out.setdefault("referrer-policy", "no-referrer")
                out.setdefault("x-frame-options", "SAMEORIGIN")
                out.setdefault("cache-control", "no-store")
                if fresh_csrf:
                    out.append("set-cookie", self._cookie(CSRF_COOKIE, csrf))
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _cross_site(
        self, headers: Headers, path: str, csrf: str, fresh_csrf: bool
    ) -> Response | None:
        """Why a state-changing request is refused (forms are checked by their route)."""
        origin = headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != headers.get("host"):
            return PlainTextResponse("cross-site request refused", status_code=403)
        content_type = headers.get("content-type", "")
        is_api = path.startswith("/api/") or content_type.startswith("application/json")
        # Without a token there is no session to ride on, and a browser cannot send JSON
        # to another site without a CORS preflight this app never answers: JSON is enough.
        if self.token is None and content_type.startswith("application/json"):
            return None
        if is_api and (fresh_csrf or not hmac.compare_digest(headers.get(CSRF_HEADER, ""), csrf)):
            return JSONResponse({"detail": f"missing or wrong {CSRF_HEADER} header"}, 403)
        return None

    def _bearer(self, headers: Headers) -> bool:
        if self.token is None:
            return False
        value = headers.get("authorization", "")
        scheme, _, given = value.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), self.token)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        response: Any
        if path.startswith("/api/") or path == "/openapi.json":
            response = JSONResponse({"detail": "access token required"}, status_code=401)
            response.headers["www-authenticate"] = "Bearer"
        else:
            response = RedirectResponse("/login", status_code=303)
        await response(scope, receive, send)

    def _cookie(self, name: str, value: str) -> str:
        return cookie_header(name, value, secure=self.secure)

    def _set_session(self, response: Any) -> None:
        assert self.session is not None
        response.headers.append("set-cookie", self._cookie(SESSION_COOKIE, self.session))
