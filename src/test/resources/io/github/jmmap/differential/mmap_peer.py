"""CPython's side of jmmap's differential test (io.github.jmmap.differential.DifferentialSuite).

Reads one JSON object per line from stdin: {"file": path, "ops": [[name, arg, ...], ...]}, runs
the operations in order on CPython's mmap over that file, and writes one JSON line back:
{"results": [[outcome, state], ...]} where outcome is ["v", value] or ["e", exception class name,
message] and state is [tell(), len()] of the open map, or null when no map is open. Bytes travel as
hex strings. The Java side translates jmmap's calls into these operations; see the suite's Javadoc
for what is compared and what is excluded. One process serves every sequence of a backend.
"""
import json
import mmap
import os
import sys

ACCESS = {"READ": mmap.ACCESS_READ, "WRITE": mmap.ACCESS_WRITE, "COPY": mmap.ACCESS_COPY,
          "DEFAULT": mmap.ACCESS_DEFAULT}
WHENCE = {"SET": os.SEEK_SET, "CURRENT": os.SEEK_CUR, "END": os.SEEK_END}


def unhex(h):
    return bytes.fromhex(h)


def value(v):
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    return v


class Session:
    def __init__(self, path):
        self.path = path
        self.m = None

    def open(self, access, offset, length):
        if self.m is not None:
            self.m.close()
            self.m = None
        # jmmap extends the file for a WRITE/DEFAULT map past its end (design.md); CPython refuses,
        # so the file is extended here first, as jmmap does, and put back if the map fails
        size = os.path.getsize(self.path)
        extended = access in ("WRITE", "DEFAULT") and length > 0 and offset + length > size
        if extended:
            os.truncate(self.path, offset + length)
        try:
            with open(self.path, "r+b") as f:
                self.m = mmap.mmap(f.fileno(), length, access=ACCESS[access], offset=offset)
        except BaseException:
            if extended:
                os.truncate(self.path, size)
            raise
        return None

    def run(self, op):
        name, a = op[0], op[1:]
        if name == "open":
            return self.open(*a)
        if name == "skip":
            return None
        m = self.m
        if m is None:
            return "nomap"
        if name == "close":
            return m.close()
        if name == "get":
            return m[a[0]]
        if name == "set":
            m[a[0]] = a[1]
            return None
        if name == "slice":
            return m[a[0]:a[1]]
        if name == "step":
            return m[a[0]:a[1]:a[2]]
        if name == "setslice":
            m[a[0]:a[1]] = unhex(a[2])
            return None
        if name == "setat":
            src = unhex(a[1])
            m[a[0]:a[0] + len(src)] = src
            return None
        if name == "setstep":
            m[a[0]:a[1]:a[2]] = unhex(a[3])
            return None
        if name in ("find", "rfind"):
            f = m.find if name == "find" else m.rfind
            return f(unhex(a[0]), *a[1:])
        if name == "read":
            return m.read(*a)
        if name == "readbyte":
            return m.read_byte()
        if name == "readline":
            return m.readline()
        if name == "write":
            return m.write(unhex(a[0]))
        if name == "writebyte":
            return m.write_byte(a[0])
        if name == "seek":
            m.seek(a[0], WHENCE[a[1]])
            return m.tell()                    # 3.11 returns None; jmmap (and 3.13) the position
        if name == "tell":
            return m.tell()
        if name == "len":
            return len(m)
        if name == "size":
            return m.size()
        if name == "resize":
            return m.resize(a[0])
        if name == "flush":
            return m.flush(*a)
        if name == "move":
            return m.move(a[0], a[1], a[2])
        raise SystemExit("mmap_peer.py: unknown operation " + repr(op))

    def state(self):
        m = self.m
        if m is None or m.closed:
            return None
        return [m.tell(), len(m)]

    def finish(self):
        if self.m is not None:
            self.m.close()
            self.m = None


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        session = Session(request["file"])
        results = []
        for op in request["ops"]:
            try:
                outcome = ["v", value(session.run(op))]
            except Exception as e:             # every exception is a result to compare
                outcome = ["e", type(e).__name__, str(e)]
            results.append([outcome, session.state()])
        session.finish()
        sys.stdout.write(json.dumps({"results": results}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
