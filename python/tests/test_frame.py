"""Program.decide_frame: a pandas DataFrame of accounts against `icpc eval` on the same
accounts, and the conversions pandas makes necessary. Input: the example data read by
pandas, frames written here. Output: unittest results."""

from __future__ import annotations

import datetime
import json
import tempfile
import unittest
from pathlib import Path

import numpy
import pandas

import icp
from support import AS_OF, EXAMPLE_DATA, EXAMPLES, eval_dicts

MID_MARKET = EXAMPLES / "mid-market-security.icp"
MID_MARKET_DATA = EXAMPLES / "data" / "mid-market-accounts.jsonl"

DATED_PROFILE = """profile "Dated" {
  owner    "ops@example.com"
  version  "1"
  reviewed 2026-11-01
}

account {
  renewal: date?
}

tier 1 "Renewing soon" = renewal < 2027-01-01

route {
  when tier == 1 -> queue "renewals"
  else           -> ignore
}
"""


def expected_row(decision: dict) -> dict:
    """The frame row icp's docs promise for one decision line of `icpc eval`."""
    route = decision["route"]
    return {"id": decision["id"], "verdict": decision["verdict"], "tier": decision["tier"],
            "tier_label": decision["tier_label"], "excluded_by": decision["excluded_by"], "score": decision["score"],
            "coverage": decision["committee"]["coverage"], "route_action": route["action"],
            "queue": route.get("queue"), "program": decision["program"], "error": None}


def frame_rows(frame: pandas.DataFrame) -> list:
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        for name in ("tier", "coverage"):
            row[name] = None if row[name] is None else int(row[name])
    return rows


class DecideFrameTest(unittest.TestCase):
    def test_example_data_read_by_pandas_as_icpc_eval_decides_it(self):
        for profile, data in EXAMPLE_DATA:
            with self.subTest(profile=profile.name):
                program = icp.compile(profile)
                frame = pandas.read_json(data, lines=True, dtype=False)
                decided = program.decide_frame(frame, AS_OF, threads=2)
                self.assertEqual(list(decided.columns), ["id", "verdict", "tier", "tier_label", "excluded_by", "score",
                                                         "coverage", "route_action", "queue", "program", "error"])
                accepted = decided[decided.verdict != "rejected"]
                self.assertEqual(frame_rows(accepted), [expected_row(d) for d in eval_dicts(profile, data)])
                self.assertEqual(str(decided.tier.dtype), "Int64")
                self.assertEqual(str(decided.score.dtype), "float64")

    def test_a_rejected_row_keeps_its_place_and_says_why(self):
        program = icp.compile(MID_MARKET)
        frame = pandas.read_json(MID_MARKET_DATA, lines=True, dtype=False)
        frame.index = [f"row{i}" for i in range(len(frame))]
        decided = program.decide_frame(frame, AS_OF)
        self.assertEqual(list(decided.index), list(frame.index))
        rejected = decided.loc["row9"]
        self.assertEqual((rejected.id, rejected.verdict), ("acc-000010", "rejected"))
        self.assertEqual(rejected.error, '`employees`: expected an integer, found "many"')
        self.assertTrue(pandas.isna(rejected.tier) and pandas.isna(rejected.score))

    def test_cells_as_pandas_stores_them(self):
        # A CRM export read by pandas: a gap makes `employees` float, NAICS codes are integers,
        # the set is one `;`-separated cell, a date column holds Timestamps, an extra column.
        program = icp.compile(MID_MARKET)
        records = [json.loads(line) for line in MID_MARKET_DATA.read_text().splitlines() if "many" not in line]
        plain = pandas.DataFrame(records)
        expected = program.decide_frame(plain, AS_OF)
        export = plain.copy()
        export["employees"] = export["employees"].astype(float)
        export["naics"] = export["naics"].astype(int)
        export["tech"] = export["tech"].map(lambda items: "; ".join(items) + ";")
        export["owner_name"] = "someone"
        export.loc[0, "revenue_musd"] = numpy.nan
        plain.loc[0, "revenue_musd"] = None
        expected = program.decide_frame(plain, AS_OF)
        pandas.testing.assert_frame_equal(program.decide_frame(export, AS_OF), expected)
        self.assertEqual(expected.loc[0, "verdict"], "tier")

    def test_float_noise_in_a_decimal_field(self):
        # pandas' default JSON reader reads 1.39 as 1.3900000000000001: that is 1.39; a float
        # that is no 4-digit decimal (1.23456) is rejected as its JSON text would be.
        program = icp.compile(MID_MARKET)
        record = json.loads(MID_MARKET_DATA.read_text().splitlines()[0])
        rows = [dict(record, revenue_musd=value) for value in (1.3900000000000001, 1.39, 1.23456, 0.1 + 0.2)]
        decided = program.decide_frame(pandas.DataFrame(rows), AS_OF)
        self.assertEqual(list(decided.verdict), ["tier", "tier", "rejected", "tier"])
        self.assertEqual(decided.error[2], "`revenue_musd`: expected a number with at most 4 decimal places, "
                                           "found 1.23456")
        self.assertEqual(program.decide(dict(record, revenue_musd=0.3), AS_OF)["score"], decided.score[3])

    def test_the_crm_notebook_of_docs_python_md(self):
        # docs/python.md "A notebook over a CRM export", as written there; the mapped frame,
        # written out by pandas as JSON Lines, is the input icpc eval decides for reference.
        sample = EXAMPLES / "crm-sample"
        program = icp.compile(sample / "crm-hardware.icp", sample / "icp.toml")
        crm = pandas.read_csv(sample / "data" / "accounts.csv")
        countries = {"United States": "US", "Belgium": "BE", "Brazil": "BR", "China": "CN", "Germany": "DE",
                     "Italy": "IT", "Japan": "JP", "Jordan": "JO", "Kenya": "KE", "Korea": "KR", "Norway": "NO",
                     "Panama": "PA", "Philipines": "PH", "Poland": "PL", "Romania": "RO"}
        naics = {"technolgy": "5415", "software": "5132", "telecommunications": "517", "medical": "3391",
                 "retail": "44", "finance": "52", "marketing": "5418", "entertainment": "71", "services": "5416",
                 "employment": "5613"}
        accounts = pandas.DataFrame({
            "id": crm["account"], "employees": crm["employees"], "revenue_musd": crm["revenue"],
            "year_established": crm["year_established"],
            "sector": crm["sector"].replace({"technolgy": "technology"}), "naics": crm["sector"].map(naics),
            "country": crm["office_location"].map(countries), "parent": crm["subsidiary_of"]})
        decided = program.decide_frame(accounts, AS_OF)
        self.assertEqual(dict(decided.verdict.value_counts()), {"tier": 58, "no_fit": 25, "excluded": 2})
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "accounts.jsonl"
            accounts.to_json(path, orient="records", lines=True)
            self.assertEqual(frame_rows(decided), [expected_row(d) for d in eval_dicts(sample / "crm-hardware.icp",
                                                                                       path)])

    def test_dates_and_timestamps(self):
        program = icp.compile(DATED_PROFILE, name="dated.icp")
        frame = pandas.DataFrame({"id": ["a", "b", "c"], "renewal": ["2026-12-01", "2027-06-01", None]})
        decided = program.decide_frame(frame, datetime.date(2026, 11, 22))
        self.assertEqual(list(decided.verdict), ["tier", "no_fit", "no_fit"])
        frame["renewal"] = pandas.to_datetime(frame["renewal"])  # Timestamps, and NaT for the gap
        pandas.testing.assert_frame_equal(program.decide_frame(frame, pandas.Timestamp("2026-11-22")), decided)
        frame["renewal"] = [datetime.date(2026, 12, 1), datetime.datetime(2027, 6, 1, 12, 30), None]
        pandas.testing.assert_frame_equal(program.decide_frame(frame, "2026-11-22"), decided)

    def test_an_empty_frame_and_a_frame_without_ids(self):
        program = icp.compile(MID_MARKET)
        empty = program.decide_frame(pandas.DataFrame({"id": []}), AS_OF)
        self.assertEqual(len(empty), 0)
        self.assertIn("verdict", empty.columns)
        no_ids = program.decide_frame(pandas.DataFrame({"employees": [10]}), AS_OF)
        self.assertEqual((no_ids.verdict[0], no_ids.error[0][:4]), ("rejected", "`id`"))

    def test_a_cell_with_no_json_form_names_its_row_and_column(self):
        program = icp.compile(MID_MARKET)
        frame = pandas.DataFrame({"id": ["a", "b"], "tech": [["okta"], ["okta", object()]]})
        with self.assertRaises(TypeError) as raised:
            program.decide_frame(frame, AS_OF)
        self.assertTrue(str(raised.exception).startswith("row 2: tech[1]: a value of type `object` has no JSON form"),
                        str(raised.exception))

    def test_audit_column(self):
        program = icp.compile(MID_MARKET)
        frame = pandas.read_json(MID_MARKET_DATA, lines=True, dtype=False)
        decided = program.decide_frame(frame, AS_OF, audit=True)
        self.assertEqual(decided.columns[-1], "audit")
        expected = eval_dicts(MID_MARKET, MID_MARKET_DATA, "--audit")
        self.assertEqual(decided.audit[0], expected[0]["audit"])
        self.assertIsNone(decided.audit[9])


if __name__ == "__main__":
    unittest.main()
