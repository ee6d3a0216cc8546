"""Uploads only into editors' sessions: an ASGI middleware before Streamlit's upload route.

Streamlit gives any connected session upload URLs when asked and keeps whatever is PUT
to ``/_stcore/upload_file/<session>/<file>`` in memory until the session ends, whether or
not its page has an uploader (the route checks the session, not the widget): a viewer
could fill the server's memory. Each script run records whether its session belongs to
an editor (``allow``); ``UploadGate`` answers 403 to an upload into any other session
without passing it on: its body is read and dropped chunk by chunk, never held. Run the
app through ``server.py`` to have the gate.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

# Past this, a refused body is not read on: the connection is simply closed.
DRAIN_LIMIT = 32 << 20
_UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)/")
_editor_sessions: set[str] = set()
_lock = threading.Lock()


def allow(session_id: str, editor: bool) -> None:
    """Record whether session ``session_id`` may upload (its visitor is an editor)."""
    with _lock:
        if editor:
            _editor_sessions.add(session_id)
        else:
            _editor_sessions.discard(session_id)


def allowed(session_id: str) -> bool:
    with _lock:
        return session_id in _editor_sessions


class UploadGate:
    """ASGI middleware: PUT to the upload route only for sessions ``allow``-ed as editor's."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "PUT":
            match = _UPLOAD_PATH.search(scope.get("path", ""))
            if match and not allowed(match.group(1)):
                await _drain(receive)
                await send(
                    {
                        "type": "http.response.start",
                        "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                    }
                )
                await send({"type": "http.response.body", "body": b"Uploads are for editors.\n"})
                return
        await self.app(scope, receive, send)


async def _drain(receive: Receive) -> None:
    """Read a refused request's body up to ``DRAIN_LIMIT`` and drop it.

    NOTE: a server that answers before the body is read closes the connection with the
    body unread, which resets it; nginx, still sending the body it buffered, then shows
    the client a 502 instead of the 403. Draining keeps the answer a clean 403 at the
    cost of one read of the body, never its memory.
    """
    seen = 0
    while seen <= DRAIN_LIMIT:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return
