"""Run a function in a child process that is killed when a call overruns its deadline.

trafilatura has no timeout, and a pathological page can keep lxml busy inside C code where
neither a signal nor a thread can stop it. A separate process can always be killed, so page
extraction runs here: one long-lived child, started with `subprocess` (no fork of the
parent's threads and locks, no re-import of the parent's `__main__` as multiprocessing's
spawn does), restarted after a kill or a crash. Calls and answers are JSON lines over the
child's stdin/stdout; every read and write of the parent is bounded by the same deadline
(see docs/decisions/0101-bounding-trafilatura.md).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import selectors
import subprocess
import sys
import threading
import time
from typing import Any

_READ_CHUNK = 1 << 16


class TimeBoxTimeout(TimeoutError):
    """The call ran past its deadline; the child was killed."""


class TimeBoxFailed(RuntimeError):
    """The function raised, or the child died, while handling the call."""


def serve(target: str) -> None:
    """The child's loop: one JSON array of arguments per line in, one JSON answer per line out."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints of the library go to stderr, never into the channel
    module_name, _, attribute = target.partition(":")
    function = getattr(importlib.import_module(module_name), attribute)
    for line in sys.stdin.buffer:
        try:
            answer: dict[str, Any] = {"ok": function(*json.loads(line))}
        except Exception as e:  # the child reports every failure instead of dying on it
            answer = {"error": f"{type(e).__name__}: {e}"}
        channel.write(json.dumps(answer).encode("ascii") + b"\n")
        channel.flush()


class TimeBox:
    """Calls `module:function` in a child process, at most `timeout` seconds per call."""

    def __init__(self, target: str, *, timeout: float) -> None:
        self.target = target
        self.timeout = timeout
        self.restarts = 0
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the child now, so its imports overlap with the caller's own work."""
        with self._lock:
            self._ensure()

    def _ensure(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._stop(kill=True)
        bootstrap = (f"import sys; sys.path[:0] = {json.dumps(sys.path)}; "
                     f"from refwatch.sources.timebox import serve; serve({self.target!r})")
        self._process = subprocess.Popen(
            [sys.executable, "-c", bootstrap], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, close_fds=True,
        )
        return self._process

    def call(self, *args: Any) -> Any:
        request = json.dumps(args).encode("ascii") + b"\n"
        with self._lock:
            process = self._ensure()
            try:
                line = self._exchange(process, request, deadline=time.monotonic() + self.timeout)
            except TimeBoxTimeout:
                self._stop(kill=True)
                self.restarts += 1
                raise
            except OSError as e:
                self._stop(kill=True)
                self.restarts += 1
                raise TimeBoxFailed(f"{self.target}: the worker process died ({e})") from e
        answer = json.loads(line)
        if "error" in answer:
            raise TimeBoxFailed(f"{self.target}: {answer['error']}")
        return answer["ok"]

    def _exchange(self, process: subprocess.Popen[bytes], request: bytes, *, deadline: float) -> bytes:
        """Write `request` and read one answer line, never waiting past `deadline`."""
        if process.stdin is None or process.stdout is None:
            raise OSError("the worker has no pipes")
        write_fd, read_fd = process.stdin.fileno(), process.stdout.fileno()
        os.set_blocking(write_fd, False)
        pending, received = memoryview(request), bytearray()
        with selectors.DefaultSelector() as selector:
            selector.register(write_fd, selectors.EVENT_WRITE)
            selector.register(read_fd, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeBoxTimeout(f"{self.target} ran longer than {self.timeout:g} s and was stopped")
                for key, _events in selector.select(remaining):
                    if key.fd == write_fd:
                        pending = pending[os.write(write_fd, pending):]
                        if not pending:
                            selector.unregister(write_fd)
                        continue
                    chunk = os.read(read_fd, _READ_CHUNK)
                    if not chunk:
                        raise OSError("end of output")
                    received += chunk
                    if received.endswith(b"\n"):
                        return bytes(received)

    def _stop(self, *, kill: bool) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if kill:
            process.kill()
        elif process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None and not stream.closed:
                stream.close()

    def close(self) -> None:
        with self._lock:
            self._stop(kill=False)

    def __del__(self) -> None:
        if getattr(self, "_process", None) is not None:
            with contextlib.suppress(Exception):  # at interpreter shutdown nothing more can be done
                self._stop(kill=True)
