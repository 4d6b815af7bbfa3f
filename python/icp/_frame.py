"""Program.decide_frame: a pandas DataFrame of accounts -> a DataFrame of decisions.

Input: one account per row, a column per field (``id`` required; ``signals`` and
``contacts`` columns of lists of dicts when the rows carry them), cells converted by the
program's schema. Output: one row per input row, on the same index, with the decision's
columns; a rejected row has verdict ``"rejected"`` and its message in ``error``.
"""

from __future__ import annotations

import datetime

from icp._icp import _frame_json_lines
from icp._types import RecordError

# pandas is imported only when a frame is decided, and typing not at all (`import icp` stays
# cheap): the annotations are never evaluated, and _icp.pyi has the types.

#: The columns of the frame decide_frame returns, in order (``audit`` follows with audit=True).
COLUMNS = ("id", "verdict", "tier", "tier_label", "excluded_by", "score", "coverage", "route_action", "queue",
           "program", "error")


def decide_frame(self, frame: pandas.DataFrame, as_of: datetime.date | str, *, threads: int = 1,
                 audit: bool = False) -> pandas.DataFrame:
    """Decides every row of a pandas DataFrame and returns the decisions as a DataFrame.

    Each row is one account: the ``id`` column and a column per declared field (other
    columns are ignored, as in a CSV export); ``signals`` and ``contacts`` columns, when
    present, hold lists of dicts as in a JSON record. Cells are converted by the program's
    schema, as pandas stores them: missing values (None, NaN, NaT, NA) are null; a float
    holding a whole number is an integer for an ``int`` field (pandas makes integer columns
    with a gap float); a number is its digits for ``string``, ``naics``, ``enum`` and
    ``country`` fields and for ``id``; a str cell of a ``set<string>`` field is split on
    ``;`` as a CSV export's cell is; dates and Timestamps are their calendar day.

    The result has the input's index and the columns ``id``, ``verdict`` (``"tier"``,
    ``"excluded"``, ``"no_fit"`` or ``"rejected"``), ``tier``, ``tier_label``,
    ``excluded_by``, ``score``, ``coverage`` (the committee's, in percent), ``route_action``,
    ``queue``, ``program`` (the program id) and ``error`` (a rejected row's message, else
    None), then ``audit`` (a dict) with audit=True. Decided on ``threads`` threads, the GIL
    released.
    """
    import pandas

    names = [str(name) for name in frame.columns]
    if len(set(names)) != len(names):
        raise ValueError("decide_frame: the frame has two columns of the same name")
    columns = [frame.iloc[:, i].tolist() for i in range(len(names))]
    records = _frame_json_lines(self, names, columns, len(frame))
    decisions = self.decide_many(records, as_of, threads=threads, audit=audit)
    ids = columns[names.index("id")] if "id" in names else [None] * len(frame)
    data = _columns(decisions, ids, audit)
    result = pandas.DataFrame(data, index=frame.index, columns=list(data))
    for name in ("tier", "coverage"):
        result[name] = result[name].astype("Int64")  # nullable: no tier is <NA>, not NaN
    result["score"] = result["score"].astype("float64")
    return result


def _columns(decisions, ids: list[object], audit: bool) -> dict[str, list[object]]:
    data: dict[str, list[object]] = {name: [] for name in COLUMNS}
    if audit:
        data["audit"] = []
    for row, item in enumerate(decisions):
        if isinstance(item, RecordError):
            _add_rejected(data, item, ids[row], audit)
            continue
        route = item["route"]
        committee = item.get("committee") or {}
        values = (item["id"], item["verdict"], item.get("tier"), item.get("tier_label"), item.get("excluded_by"),
                  item.get("score"), committee.get("coverage"), route["action"], route.get("queue"),
                  item["program"], None)
        for name, value in zip(COLUMNS, values):
            data[name].append(value)
        if audit:
            data["audit"].append(item.get("audit"))
    return data


def _add_rejected(data: dict[str, list[object]], error: RecordError, row_id: object, audit: bool) -> None:
    for name in COLUMNS:
        data[name].append(None)
    data["id"][-1] = error.record_id or (None if row_id is None else str(row_id))
    data["verdict"][-1] = "rejected"
    data["error"][-1] = error.message
    if audit:
        data["audit"].append(None)
