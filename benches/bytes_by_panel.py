"""Where the bytes of each Down go, by panel and by kind (text, cursor moves, SGR colours), on the
shipped data at 120x40: the title rows, the ward table (columns 1-64), the trend panel (rows
3-11 to its right) and the candidates panel (below it). The bounds are this layout's, at this
size only. A key's output is followed through cursor moves as the writer sends them.

Usage: python3 benches/bytes_by_panel.py [--bin target/release/turnout] [--keys 50]
"""
import argparse, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
import terminal as T

W, H = 120, 40
CSI = re.compile(rb"\x1b\[([0-9;?]*)([A-Za-z])")


def region(r, c):
    if r <= 2:
        return "title"
    if r >= H:
        return "footer"
    if c <= 64:
        return "table"
    return "trend" if r <= 11 else "candidates"


def attribute(out, totals):
    """Adds each byte of one key's output to (region, kind) in totals."""
    r, c, i = 1, 1, 0
    add = lambda kind, n: totals.__setitem__(
        (region(r, c), kind), totals.get((region(r, c), kind), 0) + n
    )
    while i < len(out):
        b = out[i]
        if b == 0x1B:
            m = CSI.match(out, i)
            if not m:
                add("other", 1)
                i += 1
                continue
            p, f = m.group(1), m.group(2)
            n = int(p) if p.isdigit() else 1
            if f == b"H":
                a = p.split(b";")
                r, c = int(a[0] or 1), int(a[1] or 1) if len(a) > 1 else 1
            elif f == b"G":
                c = n
            elif f == b"C":
                c += n
            elif f == b"D":
                c -= n
            elif f == b"B":
                r += n
            elif f == b"A":
                r -= n
            add("move" if f in b"HGCDBA" else "sgr" if f == b"m" else "other", m.end() - i)
            i = m.end()
        elif b in (0x0A, 0x08, 0x0D):
            r, c = (r + 1, c) if b == 0x0A else (r, c - 1) if b == 0x08 else (r, 1)
            add("move", 1)
            i += 1
        else:
            n = 4 if b >= 0xF0 else 3 if b >= 0xE0 else 2 if b >= 0xC0 else 1
            add("text", n)
            c += 1
            i += n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/turnout")
    ap.add_argument("--keys", type=int, default=50)
    a = ap.parse_args()
    pid, fd = T.spawn(a.bin, W, H, [])
    try:
        T.read_until(fd, b"quit", 5, b"Wards (")
        T.drain(fd, 0.3)
        totals, sent = {}, 0
        for _ in range(a.keys):
            os.write(fd, b"\x1b[B")
            out = T.drain(fd, 0.25)
            sent += len(out)
            attribute(out, totals)
    finally:
        os.kill(pid, 9)
    print(f"{sent / a.keys:.0f} bytes per Down on average ({a.keys} keys), by panel and kind:")
    panels = sorted({p for p, _ in totals}, key=lambda p: -sum(v for (q, _), v in totals.items() if q == p))
    for p in panels:
        kinds = {k: v / a.keys for (q, k), v in totals.items() if q == p}
        parts = ", ".join(f"{k} {v:.0f}" for k, v in sorted(kinds.items(), key=lambda x: -x[1]))
        print(f"  {p:11s} {sum(kinds.values()):5.0f}  ({parts})")


if __name__ == "__main__":
    main()
