"""A real SMTP server for the tests (aiosmtpd): every message it accepts is written to DIR as a .eml file.

Usage: python3 smtp_server.py PORT DIR   (prints "ready" once listening; runs until killed)
"""
import os
import sys
import time

from aiosmtpd.controller import Controller


class Saver:
    def __init__(self, directory):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.directory, "%d.eml" % time.time_ns())
        with open(name + ".part", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(name + ".part", name)
        return "250 Message accepted for delivery"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Saver(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
