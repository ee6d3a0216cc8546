"""A visitor's session opened the way the browser opens it, and uploads PUT into it.

``open_session`` gets the XSRF cookie from the health check (as the page does), opens
the websocket, asks for a script run and reads the session id from the server's
``new_session`` message;
``put`` sends one multipart upload to ``/_stcore/upload_file/<session>/<file>`` and
returns the HTTP status (0 when the server cut the connection while the body was
still being sent, as nginx does to a refused request). Only for servers of the tests,
on this machine.
"""

from __future__ import annotations

import http.client
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

XSRF_COOKIE = "_streamlit_xsrf"


@dataclass(frozen=True)
class Session:
    base_url: str
    session_id: str
    xsrf: str


def _xsrf_cookie(base_url: str) -> str:
    with urllib.request.urlopen(base_url + "/_stcore/health", timeout=30) as answer:
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            if XSRF_COOKIE in cookie:
                return cookie[XSRF_COOKIE].value
    raise RuntimeError("the server set no XSRF cookie")


@contextmanager
def open_session(base_url: str, timeout: float = 60):
    """A connected session (kept open inside the ``with``), as a ``Session``."""
    xsrf = _xsrf_cookie(base_url)
    ws_url = "ws" + base_url.removeprefix("http") + "/_stcore/stream"
    with connect(
        ws_url,
        subprotocols=["streamlit", xsrf],
        additional_headers={"Cookie": f"{XSRF_COOKIE}={xsrf}", "Origin": base_url},
        open_timeout=timeout,
        max_size=None,
    ) as socket:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        socket.send(rerun.SerializeToString())
        session_id = ""
        while not session_id:
            message = ForwardMsg()
            message.ParseFromString(socket.recv(timeout=timeout))
            if message.WhichOneof("type") == "new_session":
                session_id = message.new_session.initialize.session_id
        yield Session(base_url, session_id, xsrf)


def put(session: Session, size: int, timeout: float = 120) -> int:
    """Upload ``size`` bytes as one file into ``session``; the HTTP status (0: cut off)."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    parts = urlsplit(session.base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    path = f"/_stcore/upload_file/{session.session_id}/{uuid.uuid4()}"
    try:
        connection.putrequest("PUT", path)
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(len(head) + size + len(tail)))
        connection.putheader("X-Xsrftoken", session.xsrf)
        connection.putheader("Cookie", f"{XSRF_COOKIE}={session.xsrf}")
        connection.putheader("Origin", session.base_url)
        connection.endheaders()
        connection.send(head)
        chunk = b"\0" * (1 << 20)
        for start in range(0, size, len(chunk)):
            connection.send(chunk[: min(len(chunk), size - start)])
        connection.send(tail)
        return connection.getresponse().status
    except (ConnectionError, http.client.HTTPException, TimeoutError):
        try:  # a server that refused early may have answered before it closed
            return connection.getresponse().status
        except (ConnectionError, http.client.HTTPException, TimeoutError, OSError):
            return 0
    finally:
        connection.close()


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux /proc)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")
