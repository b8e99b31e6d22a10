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
from dataclasses import dataclass
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


@dataclass
class _Call:
    """One request in flight: bytes still to send, bytes received, when to give up."""

    pending: memoryview
    received: bytearray
    deadline: float
    failure: str | None = None


class TimeBox:
    """Calls `module:function` in a child process, at most `timeout` seconds per call.

    `call()` waits for the answer. `submit()` / `ready()` / `result()` let the caller do other
    work meanwhile (one call in flight at a time); the deadline runs from `submit()`.
    """

    def __init__(self, target: str, *, timeout: float) -> None:
        self.target = target
        self.timeout = timeout
        self.restarts = 0
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._call: _Call | None = None

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
        if self._process.stdin is not None:
            os.set_blocking(self._process.stdin.fileno(), False)
        return self._process

    @property
    def busy(self) -> bool:
        return self._call is not None

    def call(self, *args: Any) -> Any:
        self.submit(*args)
        return self.result()

    def submit(self, *args: Any) -> None:
        """Send a call without waiting for its answer."""
        request = json.dumps(args).encode("ascii") + b"\n"
        with self._lock:
            if self._call is not None:
                raise RuntimeError(f"{self.target}: a call is already in flight")
            self._ensure()
            self._call = _Call(memoryview(request), bytearray(), time.monotonic() + self.timeout)
            self._advance(wait=0.0)

    def ready(self) -> bool:
        """True when `result()` will not wait: the answer is in, or the deadline has passed."""
        with self._lock:
            return self._call is not None and self._advance(wait=0.0)

    def result(self) -> Any:
        """The answer of the call in flight, waiting for it until its deadline."""
        with self._lock:
            call = self._call
            if call is None:
                raise RuntimeError(f"{self.target}: no call in flight")
            self._advance(wait=None)
            self._call = None
            if call.failure:
                self._restart()
                raise TimeBoxFailed(f"{self.target}: {call.failure}")
            if not call.received.endswith(b"\n"):
                self._restart()
                raise TimeBoxTimeout(f"{self.target} ran longer than {self.timeout:g} s and was stopped")
        answer = json.loads(bytes(call.received))
        if "error" in answer:
            raise TimeBoxFailed(f"{self.target}: {answer['error']}")
        return answer["ok"]

    def _restart(self) -> None:
        self._stop(kill=True)
        self.restarts += 1

    def _advance(self, *, wait: float | None) -> bool:
        """Move the call in flight along for at most `wait` seconds (None: until done or late).

        True once the call is over: its answer line is complete, its deadline has passed, or
        the child died (`_Call.failure`).
        """
        call, process = self._call, self._process
        if call is None or call.failure or call.received.endswith(b"\n"):
            return True
        if process is None or process.stdin is None or process.stdout is None:
            call.failure = "the worker process is gone"
            return True
        write_fd, read_fd = process.stdin.fileno(), process.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            if call.pending:
                selector.register(write_fd, selectors.EVENT_WRITE)
            selector.register(read_fd, selectors.EVENT_READ)
            while not call.received.endswith(b"\n"):
                remaining = call.deadline - time.monotonic()
                if remaining <= 0:
                    return True
                events = selector.select(remaining if wait is None else min(wait, remaining))
                if not events and wait is not None:
                    return False
                for key, _mask in events:
                    if key.fd == write_fd:
                        try:
                            call.pending = call.pending[os.write(write_fd, call.pending):]
                        except OSError as e:  # a broken pipe: the child is gone
                            call.failure = f"the worker process died ({e.strerror})"
                            return True
                        if not call.pending:
                            selector.unregister(write_fd)
                        continue
                    chunk = os.read(read_fd, _READ_CHUNK)
                    if not chunk:
                        call.failure = "the worker process died"
                        return True
                    call.received += chunk
        return True

    def _stop(self, *, kill: bool) -> None:
        process, self._process, self._call = self._process, None, None
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
