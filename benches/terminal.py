#!/usr/bin/env python3
"""Measures turnout in a real pseudo-terminal, as a user over SSH would feel it.

- first frame: time from fork/exec until the whole first frame has been written (the footer's
  last hint, drawn in the same flush as the rest), median of --runs;
- bytes: bytes of the start-up frame (one full repaint), bytes per key for each key
  (default: 50 x Down, then 10 x PgDn), and bytes written while idle for --idle seconds;
- latency: per key, from writing it to the arrival of the last byte of its frame (raw reads).

Usage: python3 benches/terminal.py [--bin target/release/turnout] [--size 120x40] [--runs 20]
       [--press KEYS]   (keys typed before the per-key measures: `v` for compare mode, `.c`
                         for the scatter with a candidate)
Only the standard library; Linux or macOS.
"""
import argparse, os, pty, select, signal, statistics, struct, sys, termios, fcntl, time

ENV = {}

def spawn(binary, cols, rows, args):
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set before exec, so the first frame is drawn at it.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("TURNOUT_DATA", None)
        os.environ.update(ENV)
        os.execv(binary, [binary] + args)
    return pid, fd

def read_until(fd, needle, timeout, after=b"", start=None):
    """Reads until the output holds `needle` (and `after`, when given: in any order, as a
    frame's cells are not sent in screen order) and then falls quiet for 20 ms (the rest of
    that frame); returns (bytes, seconds from `start` (now if none) to the frame's last byte,
    or None)."""
    out = b""
    start = time.perf_counter() if start is None else start
    last = None
    while time.perf_counter() - start < timeout:
        ready = needle in out and (not after or after in out)
        r, _, _ = select.select([fd], [], [], 0.02 if ready else 0.05)
        if not r:
            if ready:
                return out, last - start
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        last = time.perf_counter()
    return out, None

def drain(fd, quiet):
    """Reads until nothing arrives for `quiet` seconds; returns the bytes."""
    out = b""
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return out
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return out
        if not chunk:
            return out
        out += chunk

def drain_timed(fd, quiet, since):
    """`drain`, also giving the seconds from `since` to the arrival of the last byte (the
    key's latency: raw reads, no screen parsing)."""
    out, last = b"", None
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return out, (last - since if last else None)
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return out, (last - since if last else None)
        if not chunk:
            return out, (last - since if last else None)
        last = time.perf_counter()
        out += chunk

def stop(pid, fd):
    os.write(fd, b"q")
    deadline = time.time() + 2
    while time.time() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.01)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/turnout")
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--idle", type=float, default=3.0)
    ap.add_argument("--ready", default="quit")
    ap.add_argument("--after", default="Wards (",
                    help="text the frame holds before --ready (the table's title: the loading "
                         "screen's footer also ends in quit)")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for turnout")
    ap.add_argument("--press", default="", help="keys typed before the per-key measures")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    ENV.update(e.split("=", 1) for e in a.env)
    cols, rows = map(int, a.size.split("x"))
    needle = a.ready.encode()

    times = []
    for _ in range(a.runs + 1):
        start = time.perf_counter()
        pid, fd = spawn(a.bin, cols, rows, a.args)
        _, waited = read_until(fd, needle, 10, a.after.encode(), start)
        if waited is None:
            sys.exit("the first frame never showed " + a.ready)
        times.append(waited)
        drain(fd, 0.05)
        stop(pid, fd)
    times = times[1:]  # the first run warms the page cache
    print(f"first frame ({a.size}, {a.runs} runs): median {statistics.median(times)*1000:.1f} ms, "
          f"min {min(times)*1000:.1f} ms, max {max(times)*1000:.1f} ms")

    pid, fd = spawn(a.bin, cols, rows, a.args)
    startup, _ = read_until(fd, needle, 10, a.after.encode())
    startup += drain(fd, 0.5)
    print(f"start-up frame (a full repaint): {len(startup)} bytes")
    if a.press:
        for ch in a.press:
            os.write(fd, ch.encode())
            drain(fd, 0.2)
        print(f"pressed {a.press!r} before the keys below")
    for name, key, n in [("Down", b"\x1b[B", 50), ("PgDn", b"\x1b[6~", 10), ("Right (year)", b"\x1b[C", 1),
                         ("Left (year)", b"\x1b[D", 5)]:
        sizes, waits = [], []
        for _ in range(n):
            sent = time.perf_counter()
            os.write(fd, key)
            out, waited = drain_timed(fd, 0.15, sent)
            sizes.append(len(out))
            if waited is not None:
                waits.append(waited * 1000)
        print(f"{name}: {statistics.mean(sizes):.0f} bytes per key on average "
              f"(median {statistics.median(sizes):.0f}, max {max(sizes)}, {n} keys)"
              f" = {statistics.mean(sizes) / len(startup) * 100:.1f}% of a full repaint")
        if waits:
            waits.sort()
            print(f"  latency, key to last byte: median {statistics.median(waits):.2f} ms, "
                  f"90th percentile {waits[int(len(waits) * 0.9) - 1 if len(waits) > 1 else 0]:.2f} ms")
    def cpu_ticks():
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    idle = b""
    before = cpu_ticks()
    end = time.time() + a.idle
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], max(0.0, end - time.time()))
        if r:
            idle += os.read(fd, 65536)
    ticks = cpu_ticks() - before
    print(f"idle: {len(idle)} bytes and {ticks} CPU ticks "
          f"({ticks / os.sysconf('SC_CLK_TCK') * 1000:.0f} ms) in {a.idle:.0f} s")
    stop(pid, fd)

if __name__ == "__main__":
    main()
