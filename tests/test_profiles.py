"""The profile registry (``safetyregs.profiles``): concurrent first use, re-entrancy, switches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator

import pytest

import safetyregs
from safetyregs import profiles

BUILT_IN = ["changzhou", "cixi", "yanzhou", "yongqiao", "ziyang"]

#: A fresh interpreter whose first use of the registry comes from many threads at once.
#: It prints one JSON line: the errors it met and the profiles each thread saw.
HAMMER = textwrap.dedent(
    """
    import json, sys, threading
    import safetyregs
    from safetyregs import profiles

    n = int(sys.argv[1])
    names = {names!r}
    barrier = threading.Barrier(n)
    errors, seen = [], []

    def work(i):
        barrier.wait()
        try:
            first = profiles.get(names[i % len(names)])
            every = profiles.load_all()
            seen.append((first.id, sorted(every)))
        except BaseException as exc:
            errors.append(f"{{type(exc).__name__}}: {{exc}}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({{"errors": errors, "seen": seen}}))
    """
).format(names=BUILT_IN)


def _hammer(threads: int, processes: int) -> list[dict[str, list[object]]]:
    """Run ``processes`` fresh interpreters at once, each hammering with ``threads`` threads."""
    env = {k: v for k, v in os.environ.items() if k != "SAFETYREGS_NO_PLUGINS"}
    running = [
        subprocess.Popen(
            [sys.executable, "-c", HAMMER, str(threads)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(processes)
    ]
    results = []
    for proc in running:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    return results


class TestConcurrentFirstUse:
    def test_many_threads_in_many_fresh_processes(self) -> None:
        """32 threads in each of 4 fresh interpreters use the registry at once: no error ever,
        and every thread sees its own profile and all five built-ins."""
        for result in _hammer(threads=32, processes=4):
            assert result["errors"] == []
            assert len(result["seen"]) == 32
            for index, (first, every) in enumerate(sorted(result["seen"])):
                assert first in BUILT_IN, index
                assert every == BUILT_IN

    def test_threads_in_this_process_get_one_object(self) -> None:
        """After ``refresh()``, 16 threads asking at once for ziyang all get the same object."""
        profiles.refresh()
        barrier = threading.Barrier(16)
        got: list[safetyregs.Profile] = []
        errors: list[BaseException] = []

        def work() -> None:
            barrier.wait()
            try:
                got.append(profiles.get("ziyang"))
            except BaseException as exc:  # pragma: no cover - the failure being tested
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(got) == 16
        assert all(p is got[0] for p in got)


@pytest.fixture
def no_plugin_env() -> Iterator[None]:
    """Restore the registry (and the plugin switch) after a test that changes it."""
    saved = os.environ.pop("SAFETYREGS_NO_PLUGINS", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SAFETYREGS_NO_PLUGINS"] = saved
        profiles.refresh(plugins=None)


class TestSwitches:
    def test_refresh_without_plugins_keeps_built_ins(self, no_plugin_env: None) -> None:
        """``refresh(plugins=False)`` still finds all five built-in profiles."""
        profiles.refresh(plugins=False)
        assert profiles.names() == BUILT_IN
        assert profiles.get("ziyang").id == "ziyang"

    def test_environment_variable(self, no_plugin_env: None) -> None:
        """``SAFETYREGS_NO_PLUGINS=1`` is read when the registry discovers entry points."""
        os.environ["SAFETYREGS_NO_PLUGINS"] = "1"
        profiles.refresh()
        assert profiles.plugins_enabled() is False
        os.environ["SAFETYREGS_NO_PLUGINS"] = "0"
        profiles.refresh()
        assert profiles.plugins_enabled() is True
