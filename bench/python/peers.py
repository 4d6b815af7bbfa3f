"""The benchmark rules (bench/rules.icp) written by hand for Python users, the peers icp's
Python module is measured against: once in pandas, as a data team writes a vectorised job
over a DataFrame, and once as a plain Python loop over dicts. Input: the accounts of
bench_generate_accounts. Output: per account the cross-check form of bench/README.md
(id, verdict, tier, score, roles, route), which must equal icp's before a figure counts."""

from __future__ import annotations

from typing import Dict, List

import pandas

SECURITY_TOOLS = ["okta", "crowdstrike", "zscaler"]
SANCTIONED = ["RU", "KP", "IR", "CU", "SY"]
SOFTWARE_PREFIXES = ("5112", "5182", "5415")
FUNDED = ["series_b", "series_c", "growth"]
DECLARED = ["g2_visit", "exec_hire", "job_post", "content_download", "webinar"]
ROLES = {"economic_buyer": ["cfo", "vp finance"], "technical_evaluator": ["ciso", "head of security"]}
TIER_OF_MET = {5: 1, 4: 2}


# --- pandas -------------------------------------------------------------------------------
def _per_account(frame: pandas.DataFrame, column: str) -> pandas.DataFrame:
    """One row per element of a list column (signals, contacts), indexed by the account's row."""
    exploded = frame[column].explode().dropna()
    return pandas.DataFrame(exploded.tolist(), index=exploded.index)


def decide_pandas(frame: pandas.DataFrame) -> pandas.DataFrame:
    """The rules over a whole frame at once: columns verdict, tier, score, roles, route."""
    signals = _per_account(frame, "signals")
    age, kind = signals["days_ago"], signals["type"]
    counted = kind.isin(DECLARED) & (age >= 0)

    def count(mask):
        return mask[counted].groupby(level=0).sum().reindex(frame.index, fill_value=0)

    g2, exec_hires = count((kind == "g2_visit") & (age <= 30)), count((kind == "exec_hire") & (age <= 90))
    jobs, downloads = count((kind == "job_post") & (age <= 60)), count((kind == "content_download") & (age <= 30))
    recent = count(age <= 30)
    score = 10 * g2 + 8 * exec_hires + 6 * jobs + 2 * downloads.clip(upper=3) + 10 * (recent >= 3)

    tech = frame["tech"].explode()
    stack = tech.isin(SECURITY_TOOLS).groupby(level=0).any().reindex(frame.index, fill_value=False)
    employees = frame["employees"]
    software = frame["naics"].str.startswith(SOFTWARE_PREFIXES)
    met = ((employees >= 200) & (employees <= 2000)).astype(int) + software.astype(int) + stack.astype(int) + \
        frame["funding_stage"].isin(FUNDED).astype(int) + (exec_hires >= 1).astype(int)
    tier = met.map(TIER_OF_MET).where(met >= 4, 3).where((met >= 4) | (software & (employees >= 50)), 0).astype(int)

    excluded = pandas.Series("", index=frame.index)
    excluded = excluded.mask(frame["country"].isin(SANCTIONED), "sanctioned")
    excluded = excluded.mask(employees < 50, "too_small")
    excluded = excluded.mask(frame["is_customer"], "existing_customer")

    titles = _per_account(frame, "contacts")["title"].str.lower()
    roles = pandas.Series("", index=frame.index)
    for role, role_titles in ROLES.items():
        filled = titles.isin(role_titles).groupby(level=0).any().reindex(frame.index, fill_value=False)
        roles = roles.mask(filled, roles.where(roles == "", roles + "+") + role)

    verdict = pandas.Series("no_fit", index=frame.index).mask(tier > 0, "tier")
    verdict = verdict.mask(excluded != "", "excluded:" + excluded)
    route = pandas.Series("ignore", index=frame.index).mask(tier == 3, "queue:nurture")
    route = route.mask(tier.isin([1, 2]), "queue:sdr-outbound").mask((tier == 1) & (score >= 25), "queue:ae-enterprise")
    route = route.mask(excluded != "", "disqualify")
    return pandas.DataFrame({"id": frame["id"], "verdict": verdict, "tier": tier.where(excluded == "", 0),
                             "score": score, "roles": roles, "route": route})


def canonical_pandas(result: pandas.DataFrame) -> List[str]:
    tiers = result["tier"].where(result["verdict"] == "tier", 0)
    return [f"{i}\t{v}\t{t if t else '-'}\t{s}\t{r or '-'}\t{a}"
            for i, v, t, s, r, a in zip(result["id"], result["verdict"], tiers, result["score"], result["roles"],
                                        result["route"])]


# --- plain Python -------------------------------------------------------------------------
def decide_python(account: Dict) -> str:
    """One account's decision, in the cross-check form."""
    employees = account["employees"]
    excluded = ("existing_customer" if account["is_customer"] else "too_small" if employees < 50 else
                "sanctioned" if account["country"] in SANCTIONED else "")
    g2 = exec_hires = jobs = downloads = recent = 0
    for signal in account["signals"]:
        age, kind = signal["days_ago"], signal["type"]
        if age < 0 or kind not in DECLARED:
            continue
        recent += age <= 30
        if kind == "g2_visit":
            g2 += age <= 30
        elif kind == "exec_hire":
            exec_hires += age <= 90
        elif kind == "job_post":
            jobs += age <= 60
        elif kind == "content_download":
            downloads += age <= 30
    score = 10 * g2 + 8 * exec_hires + 6 * jobs + 2 * min(downloads, 3) + (10 if recent >= 3 else 0)
    software = account["naics"].startswith(SOFTWARE_PREFIXES)
    met = (200 <= employees <= 2000) + software + any(t in SECURITY_TOOLS for t in account["tech"]) + \
        (account["funding_stage"] in FUNDED) + (exec_hires >= 1)
    tier = 1 if met == 5 else 2 if met >= 4 else 3 if software and employees >= 50 else 0
    titles = {contact.get("title", "").lower() for contact in account["contacts"]}
    roles = "+".join(role for role, role_titles in ROLES.items() if titles.intersection(role_titles)) or "-"
    if excluded:
        return f"{account['id']}\texcluded:{excluded}\t-\t{score}\t{roles}\tdisqualify"
    route = ("queue:ae-enterprise" if tier == 1 and score >= 25 else "queue:sdr-outbound" if tier in (1, 2) else
             "queue:nurture" if tier == 3 else "ignore")
    return f"{account['id']}\t{'tier' if tier else 'no_fit'}\t{tier or '-'}\t{score}\t{roles}\t{route}"


def canonical_of_decision(decision: Dict) -> str:
    """icp's decision (a dict, as decide gives) in the cross-check form."""
    verdict = "excluded:" + decision["excluded_by"] if decision["verdict"] == "excluded" else decision["verdict"]
    route = decision["route"]
    action = "queue:" + route["queue"] if route["action"] == "queue" else route["action"]
    roles = "+".join(decision["committee"]["roles"]) or "-"
    tier = str(decision["tier"]) if decision["tier"] is not None else "-"
    return "\t".join([decision["id"], verdict, tier, str(decision["score"]), roles, action])
