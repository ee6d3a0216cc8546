"""The upload gate as ASGI middleware, with a scripted client: what reaches the app,
what is answered and how much of a refused body is read."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from ui import upload_gate
from ui.upload_gate import DRAIN_LIMIT, UploadGate

CHUNK = 1 << 20


class Client:
    """An ASGI receive/send pair that sends ``chunks`` chunks of body and records the answer."""

    def __init__(self, chunks: int) -> None:
        self.left = chunks
        self.read = 0
        self.sent: list[dict] = []

    async def receive(self) -> dict:
        self.left -= 1
        self.read += 1
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": self.left > 0}

    async def send(self, message: dict) -> None:
        self.sent.append(message)


def call(path: str, chunks: int) -> tuple[Client, list[str]]:
    reached: list[str] = []

    async def app(scope, receive, send) -> None:
        reached.append(scope["path"])

    client = Client(chunks)
    scope = {"type": "http", "method": "PUT", "path": path}
    # Its own thread: the browser tests' sync Playwright keeps a loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, UploadGate(app)(scope, client.receive, client.send)).result()
    return client, reached


def test_an_upload_into_a_viewers_session_is_refused_and_its_body_read_to_the_end() -> None:
    upload_gate.allow("viewer", editor=False)
    client, reached = call("/_stcore/upload_file/viewer/file-1", chunks=20)
    assert reached == []
    assert client.sent[0]["status"] == 403
    assert client.read == 20  # drained, so the connection closes cleanly (no 502 via nginx)


def test_a_refused_body_is_read_no_further_than_the_limit() -> None:
    client, reached = call("/_stcore/upload_file/unknown/file-1", chunks=10 * DRAIN_LIMIT // CHUNK)
    assert reached == [] and client.sent[0]["status"] == 403
    assert client.read <= DRAIN_LIMIT // CHUNK + 1


def test_an_editors_upload_reaches_the_app_unread() -> None:
    upload_gate.allow("editor", editor=True)
    try:
        client, reached = call("/_stcore/upload_file/editor/file-1", chunks=3)
    finally:
        upload_gate.allow("editor", editor=False)
    assert reached == ["/_stcore/upload_file/editor/file-1"]
    assert client.read == 0 and client.sent == []
