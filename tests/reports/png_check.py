#!/usr/bin/env python3
"""Checks that a browser's screenshot of a report shows a rendered page, with the standard
library only (zlib and struct: PNG is zlib-compressed scanlines behind per-row filters).
Usage: png_check.py FILE WIDTH HEIGHT [#rrggbb ...]
Asserts the image is WIDTH x HEIGHT, that enough of it is not background (text, tables and
charts were drawn, not a blank or error page), that it has many distinct colours, and that
each colour given (a chart's bar or marker colour) covers at least a few pixels, so the
charts were drawn. Prints the figures it measured; exit 1 when a check fails."""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    channels = 3 if colour == 2 else 4
    return width, height, channels, unfilter(zlib.decompress(idat), width, height, channels)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def unfilter(raw, width, height, channels):
    """The scanlines with the five PNG filters undone (PNG specification, section 9)."""
    stride = width * channels
    rows, previous, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + paeth(left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return rows


def main():
    path, want_width, want_height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    wanted = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in sys.argv[4:]]
    width, height, channels, rows = read_png(path)
    problems = []
    if (width, height) != (want_width, want_height):
        problems.append(f"size {width}x{height}, expected {want_width}x{want_height}")
    counts = {}
    for row in rows:
        for i in range(0, len(row), channels):
            pixel = tuple(row[i:i + 3])
            counts[pixel] = counts.get(pixel, 0) + 1
    total = width * height
    background = max(counts.values())
    drawn = total - background
    print(f"{path}: {width}x{height}, {len(counts)} colours, {100 * drawn / total:.1f}% not background")
    if drawn < total * 0.03:
        problems.append(f"only {drawn} of {total} pixels differ from the background: a blank page")
    if len(counts) < 50:
        problems.append(f"only {len(counts)} distinct colours: no text or charts were drawn")
    for colour in wanted:
        seen = counts.get(colour, 0)
        print(f"  #{colour[0]:02x}{colour[1]:02x}{colour[2]:02x}: {seen} pixels")
        if seen < 20:
            problems.append(f"colour #{colour[0]:02x}{colour[1]:02x}{colour[2]:02x} covers {seen} pixels: "
                            "its chart was not drawn")
    for problem in problems:
        print("FAIL:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
