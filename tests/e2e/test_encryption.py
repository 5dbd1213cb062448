# SPDX-License-Identifier: GPL-2.0
"""Encryption at rest: a default recipient makes `record` encrypt, only
the secret key reads the file back."""
import json
import os
import subprocess

from evdev_helpers import key_taps
from fixtures import (E2ETest, TEXT_KEYS, cfg, events_of, keyboard,
                      record_while_typing, set_policy, tvc)


class EncryptionTest(E2ETest):
    def test_encrypted_by_default_recipient(self):
        """With /etc/inputtrace/recipient.pub, record encrypts by default: the
        file has none of the typed codes or the reader's name, dump needs the
        secret key, verify with it says clean; --plaintext overrides."""
        set_policy(True, "full", ["/a"])
        keys = cfg.work + "/ops"
        r = subprocess.run([cfg.it, "keygen", "-o", keys], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        assert os.stat(keys + ".key").st_mode & 0o777 == 0o600
        os.makedirs("/etc/inputtrace", exist_ok=True)
        with open(keys + ".pub") as src, \
                open("/etc/inputtrace/recipient.pub", "w") as dst:
            dst.write(src.read())
        kbd = keyboard("it-kbd-crypt")
        typed = key_taps(TEXT_KEYS)

        def record_typing(path, comm, *extra):
            rec, (rd,) = record_while_typing(path, ("--no-compress",) + extra,
                                             (kbd, typed, comm, "/a"))
            return rec, rd

        try:
            path = cfg.work + "/sealed.itr"
            rec, rd = record_typing(path, "rd-SECRETCOMM")
            assert "encrypted" in rec.stderr(), rec.stderr()
            with open(path, "rb") as f:
                data = f.read()
            # names are long enough to be found by chance never; a v2 key
            # event is two bytes (varint code, zigzag value), which random
            # ciphertext holds by chance: test_tracefile_crypto.c scans
            # for each version's encoding of the values
            assert b"SECRETCOMM" not in data and b"it-kbd-crypt" not in data
            r = subprocess.run([cfg.it, "dump", path], capture_output=True,
                               text=True)
            assert r.returncode != 0 and "--key" in r.stderr, r.stderr
            r = subprocess.run([cfg.it, "dump", "--format", "json", "--key",
                                keys + ".key", path], capture_output=True,
                               text=True)
            assert r.returncode == 0, r.stderr
            recs = [json.loads(ln) for ln in r.stdout.splitlines()]
            assert tvc(events_of(recs, rd.pid)) == typed
            r = subprocess.run([cfg.it, "verify", "--key", keys + ".key",
                                path], capture_output=True, text=True)
            assert r.returncode == 0, (r.stdout, r.stderr)

            path = cfg.work + "/plain.itr"
            record_typing(path, "rd-PLAINCOMM", "--plaintext")
            with open(path, "rb") as f:
                assert b"PLAINCOMM" in f.read()
        finally:
            kbd.close()
            os.unlink("/etc/inputtrace/recipient.pub")
