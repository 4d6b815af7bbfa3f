"""icp.compile, icp.load, Program and Program.decide, each against icpc on the same input.
Input: the examples, the CLI fixtures and records written here. Output: unittest results."""

from __future__ import annotations

import datetime
import decimal
import json
import os
import pickle
import tempfile
import unittest
import warnings
from pathlib import Path

import icp
from support import AS_OF, EXAMPLE_DATA, EXAMPLES, SOURCE, eval_dicts, eval_lines, icpc

FIXTURES = SOURCE / "tests" / "cli" / "fixtures"
MID_MARKET = EXAMPLES / "mid-market-security.icp"
MID_MARKET_DATA = EXAMPLES / "data" / "mid-market-accounts.jsonl"

# A mid-market record with every kind of value the profile declares, as a dict.
GOOD_RECORD = {
    "id": "py-1", "employees": 850, "revenue_musd": 120.5, "naics": "541512", "country": "US",
    "funding_stage": "series_b", "tech": ["okta", "salesforce"], "is_customer": False,
    "signals": [{"type": "g2_visit", "days_ago": 3}, {"type": "exec_hire", "at": "2026-11-01"}],
    "contacts": [{"title": "CFO"}],
}


class CompileTest(unittest.TestCase):
    def test_a_path_gives_the_program_icpc_build_writes(self):
        for profile, _ in EXAMPLE_DATA:
            with self.subTest(profile=profile.name), tempfile.TemporaryDirectory() as folder:
                artifact = Path(folder) / "p.icpb"
                icpc("build", profile, "-o", artifact)
                for given in (str(profile), profile):  # str and os.PathLike
                    program = icp.compile(given, today="2026-11-23")
                    self.assertEqual(program.to_bytes(), artifact.read_bytes())
                    self.assertEqual(program.id, icp.load(artifact).id)

    def test_source_text_compiles_like_its_file(self):
        text = MID_MARKET.read_text()
        self.assertEqual(icp.compile(text, name="mm.icp").id, icp.compile(MID_MARKET).id)

    def test_identity_of_a_program(self):
        program = icp.compile(MID_MARKET)
        self.assertEqual(program.profile, "Mid-market security")
        self.assertEqual(program.version, "2026.4")
        self.assertTrue(program.id.startswith("sha256:") and len(program.id) == 71)
        self.assertIn("@", program.owner)
        self.assertIn(program.id, repr(program))
        employees = program.schema[0]
        self.assertEqual((employees.name, employees.type, employees.optional), ("employees", "int", False))
        stage = next(field for field in program.schema if field.name == "funding_stage")
        self.assertEqual(stage.type, "enum")
        self.assertIn("series_b", stage.enum_values)
        self.assertIn("g2_visit", program.signal_types)

    def test_a_compile_error_carries_the_rendered_and_structured_diagnostics(self):
        path = FIXTURES / "error.icp"
        expected = json.loads(icpc("check", path, "--format", "json", check=False).stdout.splitlines()[0])
        with self.assertRaises(icp.CompileError) as raised:
            icp.compile(str(path))
        error = raised.exception
        self.assertIsInstance(error, icp.Error)
        self.assertIn("error[E0210]: unknown name `employes`", str(error))
        self.assertIn("^^^^^^^^", error.rendered)  # the caret under the span, as icpc check draws it
        [diagnostic] = [d for d in error.diagnostics if d.severity == "error"]
        self.assertEqual(
            (diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column,
             diagnostic.code, diagnostic.message, diagnostic.help),
            (expected["file"], expected["line"], expected["col"], expected["end_line"], expected["end_col"],
             expected["code"], expected["message"], expected["help"]))

    def test_source_text_errors_name_the_given_file(self):
        with self.assertRaises(icp.CompileError) as raised:
            icp.compile((FIXTURES / "error.icp").read_text(), name="inline.icp")
        self.assertTrue(str(raised.exception).startswith("inline.icp:12:16: error[E0210]"), str(raised.exception))

    def test_an_unreadable_profile_is_a_compile_error_without_a_code(self):
        with self.assertRaises(icp.CompileError) as raised:
            icp.compile("/nonexistent/profile.icp")
        self.assertEqual([d.code for d in raised.exception.diagnostics], [""])
        self.assertIn("/nonexistent/profile.icp", str(raised.exception))

    def test_warnings_go_through_the_warnings_module(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            program = icp.compile(FIXTURES / "warning.icp", today="2026-11-02")
        self.assertEqual(program.profile, "Unused")
        messages = [str(w.message) for w in caught if issubclass(w.category, icp.CompileWarning)]
        self.assertIn("warning[W0103]: let `unused_threshold` is never used", " ".join(messages))
        with self.assertRaises(icp.CompileError):
            icp.compile(FIXTURES / "warning.icp", today="2026-11-02", deny_warnings=True)

    def test_a_manifest_applies_its_lints(self):
        # bench/icp.toml allows W0303, which bench/rules.icp would otherwise warn about.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            icp.compile(SOURCE / "bench" / "rules.icp", SOURCE / "bench" / "icp.toml")
        self.assertEqual([str(w.message) for w in caught], [])

    def test_bad_arguments(self):
        with self.assertRaises(ValueError):
            icp.compile(MID_MARKET, today="2026-02-30")
        with self.assertRaises(TypeError):
            icp.compile(42)


class LoadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        cls.artifact = Path(cls.folder.name) / "mm.icpb"
        icpc("build", MID_MARKET, "-o", cls.artifact)
        cls.bytes = cls.artifact.read_bytes()

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def test_from_a_path_or_bytes(self):
        for given in (str(self.artifact), self.artifact, self.bytes, bytearray(self.bytes), memoryview(self.bytes)):
            with self.subTest(given=type(given).__name__):
                program = icp.load(given)
                self.assertEqual(program.to_bytes(), self.bytes)
                self.assertEqual(program, icp.compile(MID_MARKET))

    def test_an_unreadable_file(self):
        with self.assertRaises(icp.LoadError) as raised:
            icp.load(Path(self.folder.name) / "missing.icpb")
        self.assertEqual(raised.exception.kind, "io")
        self.assertIn("missing.icpb", str(raised.exception))

    def test_bytes_that_are_not_an_artifact(self):
        for name, data in [("empty", b""), ("text", b"profile \"x\" {}"), ("truncated", self.bytes[:-9]),
                           ("bad magic", bytes([self.bytes[0] ^ 0xFF]) + self.bytes[1:])]:
            with self.subTest(name):
                with self.assertRaises(icp.LoadError) as raised:
                    icp.load(data)
                self.assertEqual(raised.exception.kind, "invalid")
                self.assertIn("is not a valid icp artifact", str(raised.exception))
                self.assertLessEqual(raised.exception.offset, len(data))

    def test_a_program_pickles_as_its_artifact(self):
        program = icp.load(self.bytes)
        copy = pickle.loads(pickle.dumps(program))
        self.assertEqual(copy.to_bytes(), self.bytes)
        self.assertEqual(copy.decide(GOOD_RECORD, AS_OF), program.decide(GOOD_RECORD, AS_OF))
        self.assertEqual(hash(copy), hash(program))


class DecideTest(unittest.TestCase):
    def test_every_example_record_as_icpc_eval_decides_it(self):
        for profile, data in EXAMPLE_DATA:
            program = icp.compile(profile)
            for audit in (False, True):
                expected = eval_dicts(profile, data, *(["--audit"] if audit else []))
                decided = []
                for line in data.read_text().splitlines():
                    try:
                        decided.append(program.decide(line, AS_OF, audit=audit))
                    except icp.RecordError:
                        pass
                with self.subTest(profile=profile.name, audit=audit):
                    self.assertEqual(decided, expected)
                    self.assertEqual(len(decided), len(expected))

    def test_a_dict_str_or_bytes_decide_alike(self):
        program = icp.compile(MID_MARKET)
        line = json.dumps(GOOD_RECORD)
        expected = program.decide(line, AS_OF)
        self.assertEqual(expected["id"], "py-1")
        for record in (GOOD_RECORD, line.encode(), dict(GOOD_RECORD, tech=("okta", "salesforce")),
                       dict(GOOD_RECORD, tech={"salesforce", "okta"}),
                       dict(GOOD_RECORD, revenue_musd=decimal.Decimal("120.50")),
                       dict(GOOD_RECORD, signals=[{"type": "g2_visit", "days_ago": 3},
                                                   {"type": "exec_hire", "at": datetime.date(2026, 11, 1)}])):
            with self.subTest(record=type(record).__name__):
                self.assertEqual(program.decide(record, AS_OF), expected)

    def test_as_of_as_a_date_a_datetime_or_a_string(self):
        program = icp.compile(MID_MARKET)
        expected = program.decide(GOOD_RECORD, AS_OF)
        self.assertEqual(expected["as_of"], AS_OF)
        for as_of in (datetime.date(2026, 11, 22), datetime.datetime(2026, 11, 22, 23, 59)):
            self.assertEqual(program.decide(GOOD_RECORD, as_of), expected)
        self.assertNotEqual(program.decide(GOOD_RECORD, "2027-11-22")["score"], expected["score"])

    def test_a_bad_as_of(self):
        program = icp.compile(MID_MARKET)
        for bad in ("2026-13-01", "22/11/2026", "", "2026-11-22T00:00"):
            with self.subTest(bad=bad), self.assertRaises(ValueError) as raised:
                program.decide(GOOD_RECORD, bad)
            self.assertIn("as_of: expected a date", str(raised.exception))
        with self.assertRaises(TypeError):
            program.decide(GOOD_RECORD, 20261122)

    def test_a_rejected_record_names_field_expected_and_found(self):
        program = icp.compile(MID_MARKET)
        cases = [
            ("string for an int", dict(GOOD_RECORD, employees="many"), "employees", "an integer", '"many"'),
            ("unknown enum value", dict(GOOD_RECORD, funding_stage="Seed"), "funding_stage", None, '"Seed"'),
            ("missing field", {k: v for k, v in GOOD_RECORD.items() if k != "employees"}, "employees", None, None),
            ("bad signal date", dict(GOOD_RECORD, signals=[{"type": "g2_visit", "at": "2026-13-01"}]),
             "signals[0].at", None, '"2026-13-01"'),
            ("float for an int", dict(GOOD_RECORD, employees=850.0), "employees", "an integer", "850.0"),
        ]
        for name, record, field, expected, found in cases:
            with self.subTest(name), self.assertRaises(icp.RecordError) as raised:
                program.decide(record, AS_OF)
            error = raised.exception
            self.assertIsInstance(error, ValueError)
            self.assertEqual((error.record_id, error.field), ("py-1", field))
            if expected is not None:
                self.assertEqual(error.expected, expected)
            if found is not None:
                self.assertEqual(error.found, found)
            self.assertIn(f"`{field}`", error.message)
            self.assertTrue(str(error).startswith("record `py-1` rejected: "), str(error))
            self.assertIsNone(error.line)
            self.assertEqual(pickle.loads(pickle.dumps(error)), error)

    def test_malformed_and_hostile_records_are_rejected_not_crashed_on(self):
        program = icp.compile(MID_MARKET)
        deep: list = []
        cursor = deep
        for _ in range(200):
            cursor.append([])
            cursor = cursor[0]
        cyclic: list = []
        cyclic.append(cyclic)
        for name, record in [("not JSON", "{\"id\": "), ("not an object", "[1, 2]"), ("empty", b""),
                             ("deep", dict(GOOD_RECORD, extra=deep)), ("cycle", dict(GOOD_RECORD, extra=cyclic)),
                             ("past 64 bits", dict(GOOD_RECORD, employees=10**30))]:
            with self.subTest(name), self.assertRaises(icp.RecordError):
                program.decide(record, AS_OF)

    def test_values_without_a_json_form(self):
        program = icp.compile(MID_MARKET)
        for name, record, words in [("object", dict(GOOD_RECORD, employees=object()), "employees: a value of type `object` has no JSON form"),
                                    ("key", {1: "x"}, "keys must be str"),
                                    ("list record", [GOOD_RECORD], "a record is a dict"),
                                    ("nested", dict(GOOD_RECORD, signals=[{"type": b"x"}]), "signals[0].type")]:
            with self.subTest(name), self.assertRaises(TypeError) as raised:
                program.decide(record, AS_OF)
            self.assertIn(words, str(raised.exception))
        with self.assertRaises(ValueError):
            program.decide(dict(GOOD_RECORD, revenue_musd=float("inf")), AS_OF)

    def test_nan_is_null(self):
        program = icp.compile(MID_MARKET)
        self.assertEqual(program.decide(dict(GOOD_RECORD, revenue_musd=float("nan")), AS_OF),
                         program.decide(dict(GOOD_RECORD, revenue_musd=None), AS_OF))

    def test_reference_data_and_version(self):
        self.assertIn("NAICS 2022", icp.reference_data_version())
        self.assertRegex(icp.__version__, r"^\d+\.\d+\.\d+$")
        self.assertIn(icp.__version__, icpc("--version").stdout.decode())


if __name__ == "__main__":
    unittest.main()
