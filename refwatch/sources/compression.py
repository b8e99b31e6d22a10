"""Content-Encoding, undone within the body cap.

httpx's own decoders return everything one compressed chunk expands to: a few hundred bytes
of `gzip, gzip` become hundreds of megabytes in a single call, before any size check can
run. The fetcher therefore reads the raw stream and decodes it here with zlib's
`max_length`, so that no step yields more than `STEP_BYTES` and every layer stops a little
past the cap. Only the encodings refwatch asks for (`ACCEPT_ENCODING`) are decoded; any
other is refused by name rather than stored as if it were the page.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from refwatch.errors import BodyTooLarge, FetchError

ACCEPT_ENCODING = "gzip, deflate"
MAX_LAYERS = 2  # "gzip, gzip" is legal; a deeper stack is only ever an attack
STEP_BYTES = 64 * 1024
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_RAW_DEFLATE = -zlib.MAX_WBITS  # some servers send "deflate" without its zlib header


class _Layer:
    """One encoding being undone, in steps of at most STEP_BYTES of output."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.produced = 0
        self._inflater = zlib.decompressobj(_WBITS[name])
        self._started = False

    def _inflate(self, data: bytes) -> bytes:
        try:
            piece = self._inflater.decompress(data, STEP_BYTES)
        except zlib.error:
            if self.name != "deflate" or self._started:
                raise
            self._inflater = zlib.decompressobj(_RAW_DEFLATE)
            piece = self._inflater.decompress(data, STEP_BYTES)
        self._started = True
        return piece

    def feed(self, data: bytes) -> Iterator[bytes]:
        while not self._inflater.eof:  # bytes after the end of the stream are ignored, as browsers do
            piece = self._inflate(data)
            data = self._inflater.unconsumed_tail
            if piece:
                self.produced += len(piece)
                yield piece
            if not data and len(piece) < STEP_BYTES:
                return  # the input is used up and nothing more is pending


class ContentDecoder:
    """The decoded body of a response, given its `Content-Encoding` and the body cap `limit`.

    Each layer (and the raw stream, when encoded) stops once it passes `limit` plus one step;
    the caller enforces the exact cap on what `stream` yields.
    """

    def __init__(self, content_encoding: str | None, *, limit: int, where: str) -> None:
        names = [n.strip().lower() for n in (content_encoding or "").split(",")]
        names = [n for n in names if n and n != "identity"]
        unknown = [n for n in names if n not in _WBITS]
        if unknown:
            raise FetchError(f"Content-Encoding {unknown[0]!r} is not supported (refwatch asks for "
                             f"{ACCEPT_ENCODING})", where=where)
        if len(names) > MAX_LAYERS:
            raise FetchError(f"Content-Encoding {content_encoding!r} stacks more than {MAX_LAYERS} layers",
                             where=where)
        self._layers = [_Layer(name) for name in reversed(names)]  # applied in order, undone in reverse
        self._ceiling = limit + STEP_BYTES
        self._limit = limit
        self._where = where
        self._raw = 0

    def stream(self, raw_chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in raw_chunks:
            self._raw += len(chunk)
            if self._layers and self._raw > self._ceiling:
                raise BodyTooLarge(f"compressed body exceeds the {self._limit}-byte limit; aborted after "
                                   f"{self._raw} bytes", where=self._where)
            yield from self._through(chunk, 0)

    def _through(self, data: bytes, depth: int) -> Iterator[bytes]:
        if depth == len(self._layers):
            yield data
            return
        layer = self._layers[depth]
        try:
            for piece in layer.feed(data):
                if layer.produced > self._ceiling:
                    raise BodyTooLarge(f"{layer.name} content expands past the {self._limit}-byte limit",
                                       where=self._where)
                yield from self._through(piece, depth + 1)
        except zlib.error as e:
            raise FetchError(f"body is not valid {layer.name} data: {e}", where=self._where) from e
