"""Bytes to text: detect the charset before giving up, refuse binaries with a clear reason."""

from __future__ import annotations

import codecs
import gzip
import io
import zlib

from consilience.errors import InputError

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a media file"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_SNIFF = 8192
_CHUNK = 1 << 16
#: Text and HTML compress 3 to 20 times; past this ratio (and 1 MB) gzip data is a bomb.
BOMB_RATIO = 100
_BOMB_MIN_BYTES = 1_000_000
_PREFERENCE = {"cp1252": 0, "latin_1": 1, "iso8859_15": 2, "cp1251": 3}


def maybe_gunzip(data: bytes, source: str, *, limit: int) -> bytes:
    """Decompress gzip data (saved pages are often ``.html.gz``), at most ``limit`` bytes.

    Read in chunks and refused as soon as the output passes ``limit`` or grows past
    :data:`BOMB_RATIO` times the compressed size (a decompression bomb), so memory stays
    bounded by the limit whatever the archive claims."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            while chunk := fh.read(_CHUNK):
                out += chunk
                if len(out) > limit:
                    raise InputError(
                        source, f"decompresses to more than {_mb(limit)} (the --max-bytes limit)"
                    )
                if len(out) > _BOMB_MIN_BYTES and len(out) > BOMB_RATIO * len(data):
                    raise InputError(
                        source,
                        f"decompresses to over {BOMB_RATIO} times its size: refused as a "
                        "possible decompression bomb",
                    )
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(source, f"broken gzip data ({exc})") from exc
    return bytes(out)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data`` to ``str`` and nothing else: no newline or Unicode normalization,
    so offsets into the result are offsets into the original text."""
    if not data.strip():
        raise InputError(source, "empty file")
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(source, f"binary file ({what}), not text")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"declares {encoding} but does not decode") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect(data, source)
    if _control_ratio(text[:_SNIFF]) > 0.02:
        raise InputError(source, "binary file (control characters), not text")
    return text


def _detect(data: bytes, source: str) -> str:
    if b"\x00" in data[:_SNIFF]:
        raise InputError(source, "binary file (NUL bytes), not text")
    import charset_normalizer  # loaded for the rare file that is not UTF-8

    matches = list(charset_normalizer.from_bytes(data[: 1 << 20]))
    if not matches:
        raise InputError(source, "not UTF-8 and no other text encoding fits (binary?)")
    # Short texts often fit several code pages equally well; then prefer the web's default
    # (windows-1252, as the WHATWG encoding standard does) over its Central European twin.
    best = min(
        matches,
        key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), _PREFERENCE.get(m.encoding, 9)),
    )
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(source, f"not decodable as {best.encoding} ({exc})") from exc


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return bad / len(text)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.0f} MB"
