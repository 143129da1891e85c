#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A Sentinel and a master in one process, for faults real servers do not
produce on demand: it names itself as the master, answers ROLE "master",
and refuses the first N writes (RPUSH) with READONLY, as a master demoted
under its clients does. Prints its port, then one line per write it took:
"RPUSH <key> refused" or "RPUSH <key> ran". Exits once a write ran and
was answered.

  fake_sentinel.py --refuse N
"""
import argparse
import os
import socket
import sys
import threading


def bulk(text):
    raw = text.encode() if isinstance(text, str) else text
    return b"$%d\r\n%s\r\n" % (len(raw), raw)


def array(items):
    return b"*%d\r\n" % len(items) + b"".join(items)


class Session(threading.Thread):
    def __init__(self, conn, server):
        super().__init__(daemon=True)
        self.conn, self.server = conn, server
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.conn.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.conn.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def command(self):
        count = int(self.line()[1:])
        return [self.exact(int(self.line()[1:])).decode("latin-1")
                for _ in range(count)]

    def run(self):
        try:
            while True:
                reply, last = self.server.answer(self.command())
                self.conn.sendall(reply)
                if last:
                    os._exit(0)
        except (EOFError, OSError):
            self.conn.close()


class Server:
    def __init__(self, refuse):
        self.refuse = refuse
        self.lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]

    def answer(self, cmd):
        """The reply, and whether it is the last one."""
        name = cmd[0].upper()
        if name == "RPUSH":
            with self.lock:
                refused = self.refuse > 0
                self.refuse -= 1 if refused else 0
            print("RPUSH %s %s" % (cmd[1], "refused" if refused else "ran"),
                  flush=True)
            if refused:
                return (b"-READONLY You can't write against a read only "
                        b"replica.\r\n", False)
            return b":1\r\n", True
        return self.other(name, cmd), False

    def other(self, name, cmd):
        if name == "SENTINEL":
            return array([bulk("127.0.0.1"), bulk(str(self.port))])
        if name == "ROLE":
            return array([bulk("master"), b":0\r\n", b"*0\r\n"])
        if name == "SUBSCRIBE":
            return b"".join(array([bulk("subscribe"), bulk(ch), b":1\r\n"])
                            for ch in cmd[1:])
        if name == "PING":
            return b"+PONG\r\n"
        return b"+OK\r\n"

    def serve(self):
        print(self.port, flush=True)
        while True:
            conn, _ = self.sock.accept()
            Session(conn, self).start()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--refuse", type=int, default=1)
    Server(parser.parse_args().refuse).serve()


if __name__ == "__main__":
    sys.exit(main())
