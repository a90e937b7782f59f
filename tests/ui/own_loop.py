"""Running a coroutine to its end from a test: in a thread of its own, with a loop of its own (a
browser test may have left the main thread a running event loop, where ``asyncio.run`` fails)."""

import asyncio
import threading


def run_in_own_loop(make):
    """``asyncio.run(make())`` in a new thread: its result, or the exception it raised."""
    outcome = {}

    def run():
        try:
            outcome["result"] = asyncio.run(make())
        except BaseException as err:  # noqa: BLE001 - raised again in the test's thread
            outcome["error"] = err

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
