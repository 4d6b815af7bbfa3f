"""icp.dask.decide on a distributed LocalCluster of 2 worker processes: generated accounts
read from partitioned JSON Lines files, every decision equal to `icpc eval` on the same
accounts, the program loaded once per worker. Input: bench_generate_accounts' accounts
(ICP_GENERATOR), bench/rules.icp. Output: unittest results; exit 77 (skipped) without
dask.distributed or the generator. The benchmark (bench/python/run) runs the large sizes."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import icp
from support import AS_OF, GENERATOR, SOURCE, eval_lines

ACCOUNTS = 20_000  # a CI-friendly size: the 1,000,000-account run belongs to bench/python/run
PARTS = 4
BAD_RECORD = '{"id":"bad-1","employees":"many"}'


class DaskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import dask.bag
        import dask.dataframe
        from distributed import Client, LocalCluster

        cls.folder = tempfile.TemporaryDirectory()
        folder = Path(cls.folder.name)
        generated = folder / "all.jsonl"
        subprocess.run([GENERATOR, str(ACCOUNTS), "--seed", "16", "--output", str(generated)], check=True)
        lines = generated.read_text().splitlines(keepends=True)
        step = -(-len(lines) // PARTS)
        cls.parts = []
        for part in range(PARTS):
            path = folder / f"accounts-{part}.jsonl"
            path.write_text("".join(lines[part * step:(part + 1) * step]))
            cls.parts.append(path)
        # One rejected record, in a partition of its own: a DataFrame reads only the others
        # (its string `employees` would make pandas infer another dtype for that partition).
        cls.bad_part = folder / "accounts-bad.jsonl"
        cls.bad_part.write_text(lines[0].replace('"id":"', '"id":"copy-') + BAD_RECORD + "\n")
        everything = folder / "everything.jsonl"
        everything.write_text("".join(path.read_text() for path in [*cls.parts, cls.bad_part]))
        cls.rules, cls.manifest = SOURCE / "bench" / "rules.icp", SOURCE / "bench" / "icp.toml"
        cls.expected = eval_lines(cls.rules, everything)
        cls.program = icp.compile(cls.rules, cls.manifest)
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        cls.client = Client(cls.cluster)
        cls.bag = dask.bag.read_text([str(path) for path in [*cls.parts, cls.bad_part]])
        cls.dask = dask

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        cls.folder.cleanup()

    def test_a_bag_of_lines_gives_icpc_evals_lines(self):
        decided = icp.dask.decide(self.bag, self.program, AS_OF, output="json").compute()
        self.assertEqual(len(decided), ACCOUNTS + 2)
        [error] = [item for item in decided if isinstance(item, icp.RecordError)]
        self.assertEqual((error.record_id, error.field), ("bad-1", "employees"))
        lines = [item for item in decided if isinstance(item, str)]
        self.assertEqual("".join(line + "\n" for line in lines).encode(), self.expected)
        loads = self.client.run(lambda: __import__("icp.dask").dask._loads)
        self.assertEqual(len(loads), 2)
        self.assertTrue(all(count <= 1 for count in loads.values()), loads)  # once per worker process
        self.assertGreaterEqual(sum(loads.values()), 1)

    def test_a_bag_of_dicts_gives_icpc_evals_decisions(self):
        records = self.bag.map(lambda line: json.loads(line) if "bad-1" not in line else line)
        decided = icp.dask.decide(records, self.program, AS_OF).compute()
        self.assertEqual([item for item in decided if isinstance(item, dict)],
                         [json.loads(line) for line in self.expected.splitlines()])
        self.assertEqual(sum(isinstance(item, icp.RecordError) for item in decided), 1)

    def test_a_dataframe_gives_icpc_evals_decisions(self):
        import dask.dataframe

        frame = dask.dataframe.read_json([str(path) for path in self.parts], lines=True, blocksize=None,
                                          dtype=False)
        decided = icp.dask.decide(frame, self.program, AS_OF, threads=2).compute()
        self.assertEqual(len(decided), ACCOUNTS)
        expected = [json.loads(line) for line in self.expected.splitlines()][:ACCOUNTS]
        accepted = decided[decided.verdict != "rejected"]
        self.assertEqual(list(accepted.id), [d["id"] for d in expected])
        self.assertEqual(list(accepted.verdict), [d["verdict"] for d in expected])
        self.assertEqual(list(accepted.score), [d["score"] for d in expected])
        self.assertEqual(list(accepted.queue.where(accepted.queue.notna(), None)),
                         [d["route"].get("queue") for d in expected])
        self.assertEqual(list(accepted.tier.astype(object).where(accepted.tier.notna(), None)),
                         [d["tier"] for d in expected])

    def test_bad_arguments_fail_on_the_client(self):
        with self.assertRaises(TypeError):
            icp.dask.decide([{"id": "x"}], self.program, AS_OF)
        with self.assertRaises(ValueError):
            icp.dask.decide(self.bag, self.program, "2026-02-30")
        with self.assertRaises(ValueError):
            icp.dask.decide(self.bag, self.program, AS_OF, output="csv")


if __name__ == "__main__":
    try:
        import distributed  # noqa: F401  (Debian: python3-distributed)
        import icp.dask  # noqa: F401
    except ImportError as missing:
        print(f"SKIP: {missing}")
        sys.exit(77)
    if GENERATOR is None:
        print("SKIP: no account generator (ICP_GENERATOR; the benchmark suite is not built)")
        sys.exit(77)
    unittest.main()
