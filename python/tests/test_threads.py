"""One Program shared by many Python threads (a ThreadPoolExecutor): every decision equal to
the one made alone, and the GIL released while deciding. Input: the example data. Output:
unittest results."""

from __future__ import annotations

import concurrent.futures
import threading
import time
import unittest

import icp
from support import AS_OF, EXAMPLE_DATA


def decide_all(program, lines, audit):
    decided = []
    for line in lines:
        try:
            decided.append(program.decide(line, AS_OF, audit=audit))
        except icp.RecordError as error:
            decided.append(("rejected", error.record_id, error.field))
    return decided


class SharedProgramTest(unittest.TestCase):
    def test_a_thread_pool_shares_one_program(self):
        for profile, data in EXAMPLE_DATA:
            program = icp.compile(profile)
            lines = data.read_text().splitlines()
            alone = {audit: decide_all(program, lines, audit) for audit in (False, True)}
            alone_many = program.decide_many(data, AS_OF).json_lines()
            with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                single = [pool.submit(decide_all, program, lines, i % 2 == 1) for i in range(64)]
                many = [pool.submit(lambda t=i: program.decide_many(data, AS_OF, threads=1 + t % 3).json_lines())
                        for i in range(16)]
                with self.subTest(profile=profile.name):
                    for i, future in enumerate(single):
                        self.assertEqual(future.result(), alone[i % 2 == 1])
                    for future in many:
                        self.assertEqual(future.result(), alone_many)

    def test_the_gil_is_released_while_deciding(self):
        # While one thread decides a large batch, this thread keeps running Python: the longest
        # pause it sees is far shorter than the call (a held GIL would pause it for all of it).
        profile, data = EXAMPLE_DATA[0]
        program = icp.compile(profile)
        text = data.read_bytes()
        records = text * 2000
        while True:
            started = time.perf_counter()
            program.decide_many(records, AS_OF, audit=True)
            if time.perf_counter() - started > 0.4:
                break
            records += records
        done = threading.Event()
        times = {}

        def decide():
            times["start"] = time.perf_counter()
            program.decide_many(records, AS_OF, audit=True)
            times["end"] = time.perf_counter()
            done.set()

        worker = threading.Thread(target=decide)
        ticks = []
        worker.start()
        while not done.is_set():
            ticks.append(time.perf_counter())
        worker.join()
        # The call's own ends count: a held GIL shows as one pause from its start to a tick at its end.
        inside = [times["start"], *(t for t in ticks if times["start"] <= t <= times["end"]), times["end"]]
        call = times["end"] - times["start"]
        gaps = [b - a for a, b in zip(inside, inside[1:])]
        self.assertGreater(len(inside), 100)
        self.assertLess(max(gaps), call / 4, f"longest pause {max(gaps):.3f} s in a call of {call:.3f} s")

    def test_decide_frame_from_threads(self):
        import pandas

        profile, data = EXAMPLE_DATA[1]
        program = icp.compile(profile)
        frame = pandas.read_json(data, lines=True, dtype=False)
        expected = program.decide_frame(frame, AS_OF)
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            for result in pool.map(lambda _: program.decide_frame(frame, AS_OF, threads=2), range(12)):
                pandas.testing.assert_frame_equal(result, expected)


if __name__ == "__main__":
    unittest.main()
