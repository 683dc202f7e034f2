"""Run the same callable in several threads at once, each on its own database connection."""

import threading

from django.db import connection


def run_concurrently(*callables):
    barrier = threading.Barrier(len(callables))
    results: list = [None] * len(callables)

    def runner(index, fn):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", fn())
        except Exception as error:  # collected and asserted by the test
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, fn)) for i, fn in enumerate(callables)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
