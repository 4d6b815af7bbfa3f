"""Program.decide_many and icp.Decisions: every input form against `icpc eval`, byte for
byte; rejections in place; CSV with side files; failures. Input: the example data and CSV
written here. Output: unittest results."""

from __future__ import annotations

import json
import tempfile
import unittest
from pathlib import Path

import icp
from support import AS_OF, EXAMPLE_DATA, EXAMPLES, eval_lines, icpc

MID_MARKET = EXAMPLES / "mid-market-security.icp"
MID_MARKET_DATA = EXAMPLES / "data" / "mid-market-accounts.jsonl"


def inputs(data: Path):
    """Every form decide_many takes, each holding the same records (made anew for each call:
    a generator is used up by one)."""
    text = data.read_bytes()
    lines = text.decode().splitlines()
    return [("path", lambda: str(data)), ("PathLike", lambda: data), ("bytes", lambda: text),
            ("bytearray", lambda: bytearray(text)), ("memoryview", lambda: memoryview(text)),
            ("list of str", lambda: lines), ("generator of bytes", lambda: (l.encode() for l in lines)),
            ("list of dicts", lambda: [json.loads(l) if _parses(l) else l for l in lines])]


def _parses(line: str) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


class DecideManyTest(unittest.TestCase):
    def test_every_input_form_gives_icpc_evals_bytes(self):
        for profile, data in EXAMPLE_DATA:
            program = icp.compile(profile)
            for audit in (False, True):
                expected = eval_lines(profile, data, *(["--audit"] if audit else []))
                for name, make_records in inputs(data):
                    for threads in (1, 3):
                        with self.subTest(profile=profile.name, audit=audit, input=name, threads=threads):
                            decisions = program.decide_many(make_records(), AS_OF, threads=threads, audit=audit)
                            self.assertEqual(decisions.json_lines(), expected)
                            self.assertEqual(len(decisions), len(data.read_text().splitlines()))

    def test_items_are_the_decisions_of_decide_with_rejections_in_place(self):
        program = icp.compile(MID_MARKET)
        lines = MID_MARKET_DATA.read_text().splitlines()
        decisions = program.decide_many(MID_MARKET_DATA, AS_OF, threads=2)
        self.assertEqual((decisions.decided, decisions.rejected), (10, 1))
        for index, (line, item) in enumerate(zip(lines, decisions)):
            try:
                expected = program.decide(line, AS_OF)
            except icp.RecordError as error:
                self.assertIsInstance(item, icp.RecordError)
                self.assertEqual((item.record_id, item.field, item.expected, item.found, item.message),
                                 (error.record_id, error.field, error.expected, error.found, error.message))
                self.assertEqual(item.line, index + 1)
                continue
            self.assertEqual(item, expected)
        [error] = decisions.errors
        self.assertEqual((error.line, error.record_id, error.field), (10, "acc-000010", "employees"))
        self.assertTrue(str(error).startswith("line 10: record `acc-000010` rejected: `employees`"))

    def test_decisions_is_a_sequence(self):
        program = icp.compile(MID_MARKET)
        decisions = program.decide_many(MID_MARKET_DATA, AS_OF)
        items = list(decisions)
        self.assertEqual(len(items), 11)
        self.assertEqual(decisions[0], items[0])
        self.assertEqual(decisions[-1], items[-1])
        self.assertEqual(decisions[2:5], items[2:5])
        self.assertEqual(decisions[::-3], items[::-3])
        with self.assertRaises(IndexError):
            decisions[11]
        with self.assertRaises(IndexError):
            decisions[-12]
        self.assertEqual(repr(decisions), "<icp.Decisions: 11 records, 1 rejected>")

    def test_an_empty_input(self):
        program = icp.compile(MID_MARKET)
        for records in (b"", [], iter(())):
            decisions = program.decide_many(records, AS_OF)
            self.assertEqual((len(decisions), decisions.json_lines(), list(decisions)), (0, b"", []))

    def test_a_json_document(self):
        program = icp.compile(MID_MARKET)
        record = json.dumps(json.loads(MID_MARKET_DATA.read_text().splitlines()[0]), indent=2)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "one.json"
            path.write_text(record)
            self.assertEqual(program.decide_many(path, AS_OF).json_lines(), eval_lines(MID_MARKET, path))
            self.assertEqual(program.decide_many(record.encode(), AS_OF, format="json").json_lines(),
                             eval_lines(MID_MARKET, path))

    def test_csv_with_side_files_as_icpc_eval_reads_them(self):
        program = icp.compile(MID_MARKET)
        accounts = ("id,employees,revenue_musd,naics,country,funding_stage,tech,is_customer\n"
                    "c1,850,120.5,541512,US,series_b,okta; salesforce,false\n"
                    "c2,many,1,541512,US,seed,,false\n"
                    "c3,400,,541512,DE,series_a,crowdstrike,FALSE\n")
        signals = "account_id,type,at,days_ago\nc1,g2_visit,2026-11-20,\nc3,exec_hire,,12\nzz,g2_visit,,1\n"
        contacts = "account_id,title\nc1,CFO\nc3,CISO\n"
        with tempfile.TemporaryDirectory() as folder:
            paths = {}
            for name, text in (("accounts.csv", accounts), ("signals.csv", signals), ("contacts.csv", contacts)):
                paths[name] = Path(folder) / name
                paths[name].write_text(text)
            expected = eval_lines(MID_MARKET, paths["accounts.csv"], "--signals", paths["signals.csv"], "--contacts",
                                  paths["contacts.csv"])
            decisions = program.decide_many(paths["accounts.csv"], AS_OF, signals=paths["signals.csv"],
                                            contacts=str(paths["contacts.csv"]))
            self.assertEqual(decisions.json_lines(), expected)
            self.assertEqual([type(item).__name__ for item in decisions], ["dict", "RecordError", "dict"])
            [unused] = decisions.side_file_errors
            self.assertEqual((unused["side"], unused["line"], unused["account_id"]), ("signals", 4, "zz"))
            self.assertEqual(program.decide_many(accounts.encode(), AS_OF, format="csv").json_lines(),
                             eval_lines(MID_MARKET, paths["accounts.csv"]))
            with self.assertRaises(ValueError) as raised:  # a header without the required columns
                program.decide_many(b"id,name\nx,y\n", AS_OF, format="csv")
            self.assertIn("<bytes>:1:", str(raised.exception))

    def test_failures(self):
        program = icp.compile(MID_MARKET)
        with self.assertRaises(FileNotFoundError) as raised:
            program.decide_many("/nonexistent/accounts.jsonl", AS_OF)
        self.assertEqual(raised.exception.filename, "/nonexistent/accounts.jsonl")
        with self.assertRaises(OSError):  # a folder: open() works, read() fails
            program.decide_many(str(EXAMPLES), AS_OF)
        for threads in (0, 257):
            with self.assertRaises(ValueError):
                program.decide_many(b"", AS_OF, threads=threads)
        with self.assertRaises(ValueError):
            program.decide_many(MID_MARKET_DATA, "2026-02-30")
        with self.assertRaises(ValueError):
            program.decide_many(b"", AS_OF, format="xml")
        with self.assertRaises(ValueError):
            program.decide_many(MID_MARKET_DATA, AS_OF, signals="signals.csv")
        with self.assertRaises(ValueError):
            program.decide_many([{}], AS_OF, format="csv")
        with self.assertRaises(TypeError):
            program.decide_many(42, AS_OF)

    def test_an_iterable_that_fails_stops_the_call(self):
        program = icp.compile(MID_MARKET)
        lines = MID_MARKET_DATA.read_text().splitlines()

        def failing():
            yield from lines[:3]
            raise RuntimeError("the CRM went away")

        with self.assertRaises(RuntimeError) as raised:
            program.decide_many(failing(), AS_OF, threads=2)
        self.assertEqual(str(raised.exception), "the CRM went away")
        with self.assertRaises(TypeError) as raised:
            program.decide_many([lines[0], {"id": "x", "employees": object()}], AS_OF)
        self.assertIn("record 2: employees: a value of type `object` has no JSON form", str(raised.exception))

    def test_many_batches_keep_input_order(self):
        # Enough records for several batches of the batch API (about 1 MiB each).
        program = icp.compile(MID_MARKET)
        lines = [l for l in MID_MARKET_DATA.read_text().splitlines()]
        many = [lines[i % len(lines)].replace('"acc-0000', f'"n{i}-acc-0000') for i in range(12000)]
        expected = program.decide_many("\n".join(many).encode() + b"\n", AS_OF).json_lines()
        self.assertGreater(len(expected), 3 << 20)
        for threads in (2, 4):
            self.assertEqual(program.decide_many(iter(many), AS_OF, threads=threads).json_lines(), expected)
            self.assertEqual(program.decide_many([json.loads(l) if "many" not in l else l for l in many], AS_OF,
                                                 threads=threads).json_lines(), expected)


if __name__ == "__main__":
    unittest.main()
