# `icpc backtest` as a user runs it: on the CRM sample of examples/crm-sample (figures
# checked against an awk count over the CSV, which shares no code with icpc), on fixtures
# with every kind of bad row, through another CRM's mapping, and as self-contained HTML.
. "$(dirname "$0")/lib/common.sh"
SAMPLE=$(cd "$FIXTURES/../../../examples/crm-sample" && pwd)
for name in profile.icp accounts.csv opportunities.csv mapping.toml crm_accounts.csv crm_opportunities.csv; do
  fixture "backtest/$name" "$name"
done

# group_json KEY: the JSON object of one group of the last run's report.
group_json() { grep -o "{\"group\":\"$1\"[^}]*}" "$SCRATCH/out"; }
# json_field TEXT KEY: the raw value of "KEY" in TEXT.
json_field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p"; }
expect_group() {  # expect_group KEY FIELD VALUE
  got=$(json_field "$(group_json "$1")" "$2")
  [ "$got" = "$3" ] || fail "group $1: $2 is $got, expected $3"
}

# Days since 1970-01-01 of YYYY-MM-DD (Howard Hinnant's days_from_civil), in awk.
DAYS='function days(d,  y, m, dd, era, yoe, doy) {
  y = substr(d, 1, 4) + 0; m = substr(d, 6, 2) + 0; dd = substr(d, 9, 2) + 0
  if (m <= 2) y--
  era = int(y / 400); yoe = y - era * 400
  doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + dd - 1
  return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468 }'

# --- The real sample, default mapping (its column names), the fixture profile.
run backtest profile.icp --accounts "$SAMPLE/data/accounts.csv" --opportunities "$SAMPLE/data/sales_pipeline.csv" --format json
expect_status 0
# Independent count: place each account by its employees as the profile says, then count
# the engaged opportunities of known accounts per group.
awk -F, -v out="$SCRATCH/expected" '
  NR == FNR { if (FNR > 1) emp[$1] = $5; next }
  FNR == 1 || $4 == "" || $6 == "" { next }
  {
    e = emp[$4]
    g = e < 100 ? "excluded" : e >= 2000 ? "tier_1" : e >= 1000 ? "tier_2" : "non_icp"
    n[g]++; n["all"]++
    if ($5 == "Won") { w[g]++; w["all"]++; s[g] += $8; s["all"] += $8 }
    else if ($5 == "Lost") { l[g]++; l["all"]++ }
    else { o[g]++; o["all"]++ }
  }
  END { for (g in n) printf "%s %d %d %d %d %d\n", g, n[g], w[g], l[g], o[g], s[g] > out }
' "$SAMPLE/data/accounts.csv" "$SAMPLE/data/sales_pipeline.csv"
[ "$(wc -l < "$SCRATCH/expected")" -eq 5 ] || fail "the awk count found $(wc -l < "$SCRATCH/expected") groups, expected 5"
while read -r group opps won lost open sum; do
  expect_group "$group" opportunities "$opps"
  expect_group "$group" won "$won"
  expect_group "$group" lost "$lost"
  expect_group "$group" open "$open"
  expect_group "$group" won_amount "\"$sum\""
done < "$SCRATCH/expected"
# Median and p75 cycle of every closed deal, by sort and interpolation between ranks.
awk -F, "$DAYS"'
  FNR > 1 && $4 != "" && ($5 == "Won" || $5 == "Lost") { print days($7) - days($6) }
' "$SAMPLE/data/sales_pipeline.csv" | sort -n | awk '
  { x[NR - 1] = $1 }
  function q(p,  h, lo) { h = (NR - 1) * p; lo = int(h); return x[lo] + (h - lo) * (x[lo + 1] - x[lo]) }
  END { printf "%g %g\n", q(0.5), q(0.75) }' > "$SCRATCH/cycles"
read -r median p75 < "$SCRATCH/cycles"
expect_group all median_cycle_days "$median"
expect_group all p75_cycle_days "$p75"
# Skipped rows add up: open deals without an account, open deals never engaged.
expect_out "\"open_without_account\":$(awk -F, 'FNR > 1 && $4 == ""' "$SAMPLE/data/sales_pipeline.csv" | wc -l)"
expect_out "\"not_engaged\":$(awk -F, 'FNR > 1 && $4 != "" && $6 == ""' "$SAMPLE/data/sales_pipeline.csv" | wc -l)"
expect_out '"bad_rows":{"count":0,"by_kind":[]}'
expect_out '"accounts_without_opportunities":[]'
# The same input gives the same bytes.
cp "$SCRATCH/out" first.json
run backtest profile.icp --accounts "$SAMPLE/data/accounts.csv" --opportunities "$SAMPLE/data/sales_pipeline.csv" --format json
cmp -s "$SCRATCH/out" first.json || fail "two runs of the same backtest differ"

# --- The example as documented: its own profile and explicit mapping.
run backtest "$SAMPLE/crm-hardware.icp" --accounts "$SAMPLE/data/accounts.csv" \
  --opportunities "$SAMPLE/data/sales_pipeline.csv" --map "$SAMPLE/mapping.toml"
expect_status 0
expect_out "Bad rows: none"
expect_out "ICP share of pipeline below half"
expect_out_line "Rows of $SAMPLE/data/sales_pipeline.csv: 8,800 read, 7,212 analysed"
# The mapping names USD: amounts with the symbol, digits grouped, as in HTML.
expect_out_line "ICP (any tier)                5,226    72.5  3,083  1,813    330     63.0       61.6-64.3    46.5    85.0    \$2,413.86"

# --- Fixtures: every kind of bad row is counted and named, never dropped.
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv
expect_status 1
expect_out "tier 1 Big                        3    37.5      2      1      0     66.7       20.8-93.9    10.0    15.0     2,000.00"
expect_out "ICP (any tier)                    5    62.5      3      1      1     75.0       30.1-95.4    15.0    22.5     1,500.00"
expect_out "Bad rows: 7 (not counted above)"
expect_out 'malformed                 1  first: opportunities.csv:16 "3 cells, the header has 6"'
expect_out 'unknown_stage             1  first: opportunities.csv:10 deal_stage "Stalled"'
expect_out 'future_date               1  first: opportunities.csv:11 engage_date "2099-01-01"'
expect_out 'unknown_account           1  first: opportunities.csv:12 account "Nobody"'
expect_out 'bad_date                  1  first: opportunities.csv:13 engage_date "2017-02-30"'
expect_out 'close_before_engage       1  first: opportunities.csv:14 close_date "2017-01-01"'
expect_out 'missing_amount            1  first: opportunities.csv:15 close_value'
expect_out "Accounts without opportunities in the window: 1 of 5: Idle"
expect_out "  [present] ICP win rate not meaningfully above the rest"
expect_out "  [absent] ICP share of pipeline below half"
expect_out "      median cycle: ICP 15.0 days, rest 30.0 days"
expect_out_line "  2017-Q1      4 of     6    66.7%"
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --format json
expect_out '{"kind":"unknown_stage","count":1,"first":[{"file":"opportunities.csv","line":10,"field":"deal_stage","found":"Stalled"}]}'
expect_group tier_1 win_rate_ci95 "[20.7660"
expect_group icp share_percent 62.5

# --- The window: engaged before --from or after --to is skipped and counted.
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --from 2017-01-03 --to 2017-03-31
expect_out "  skipped, engaged before the window: 2"
expect_out "  skipped, engaged after the window:  2"
expect_out "engage dates 2017-01-03 to 2017-03-31"

# --- Another CRM's export through a mapping: columns, stage values, US dates, value maps.
run backtest profile.icp --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map mapping.toml
expect_status 1
expect_out "ICP (any tier)                    4    57.1      2      2      0"
expect_out 'Accounts the profile rejected: 1'
expect_out 'crm_accounts.csv:5: `Epsilon` (1 opportunities): `country`'
printf '[opportunities]\nstage_column = "status"\n' > typo.toml
run backtest profile.icp --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map typo.toml
expect_status 2
expect_err "typo.toml:2:16: unknown key \`stage_column\` in [opportunities]"
run backtest profile.icp --accounts crm_accounts.csv --opportunities crm_opportunities.csv
expect_status 2
expect_err "no account key column \`account\`"

# --- HTML: one self-contained page with the three charts.
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --format html --output report.html
expect_status 1
[ -s report.html ] || fail "no HTML report written"
head -1 report.html | grep -qx '<!DOCTYPE html>' || fail "the HTML report lacks its doctype"
tail -1 report.html | grep -qx '</html>' || fail "the HTML report does not end with </html>"
if grep -v 'xmlns="http://www.w3.org/2000/svg"' report.html | grep -q 'https\?://'; then fail "the HTML report refers to the network"; fi
if sed 's|xmlns="http://www.w3.org/2000/svg"||g' report.html | grep -q 'https\?://'; then fail "the HTML report refers to the network"; fi
if grep -qi '<script\|<link\|<img' report.html; then fail "the HTML report loads something"; fi
for tag in svg table ul html body; do
  opened=$(grep -o "<$tag[ >]" report.html | wc -l)
  closed=$(grep -o "</$tag>" report.html | wc -l)
  [ "$opened" -eq "$closed" ] || fail "<$tag> opened $opened times, closed $closed times"
done
[ "$(grep -o '<svg ' report.html | wc -l)" -eq 3 ] || fail "expected 3 charts"
grep -q 'win rate by group with 95% ranges' report.html || fail "no win-rate chart"
# Every chart has a legend; findings are questions answered in words, without the JSON's
# status names; the groups table has a column per figure under a reader's name.
[ "$(grep -o '<g class="legend">' report.html | wc -l)" -eq 3 ] || fail "a chart without a legend"
if grep -qw 'present\|absent\|undetermined' report.html; then fail "the HTML report labels findings present/absent"; fi
grep -q '<li class="problem"><strong>Do ICP accounts win more often than the others?</strong><br><span class="badge">Needs attention.</span>No: the profile is too loose. ICP accounts won 75.0% of their closed deals (3 of 4), the other accounts 66.7% of their closed deals (2 of 3).' report.html ||
  fail "the too-loose finding is not in plain words with its figures"
grep -q '<li class="fine"><strong>Is sales working the profile?</strong><br><span class="badge">Looks right.</span>Yes: 62.5% of opportunities (5 of 8) are with ICP accounts, half or more.</li>' report.html ||
  fail "the activation finding is not in plain words with its figures"
grep -q '<th>Group</th><th class="num">Opportunities</th><th class="num">Share of pipeline</th>' report.html ||
  fail "the groups table lacks its column names"
grep -q '<td class="num">2,000.00</td></tr>' report.html || fail "tier 1's average won deal is not grouped"
# The cycle chart's axis ticks at round values: the longest cycle (60 days) on 0, 10, ... 60.
grep -o '<text x="[0-9.]*" y="[0-9.]*" text-anchor="middle">[0-9,]*</text>' report.html | sed 's/<[^>]*>//g' | tr '\n' ' ' |
  grep -qx '0 10 20 30 40 50 60 ' || fail "the cycle chart's ticks are not at round values"
# --- The mapping's currency: an ISO 4217 code, else an error at its line and column.
printf '[opportunities]\ncurrency = "usd"\n' > lower.toml
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --map lower.toml
expect_status 2
expect_err 'lower.toml:2:12: `currency` must be an ISO 4217 code of three capital letters, such as USD or EUR; found `usd`'
printf '[opportunities]\ncurrency = "CHF"\n' > chf.toml
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --map chf.toml
expect_out "tier 1 Big                        3    37.5      2      1      0     66.7       20.8-93.9    10.0    15.0 CHF 2,000.00"
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --map chf.toml --format json
expect_group tier_1 average_won '"2000"'

grep -q '2017-Q1: 4 of 6' report.html || fail "no coverage bar for 2017-Q1"
# --- Won amounts whose sum leaves the exact range (about 9.2e14) are shown as such (null,
# a dash), never as a sum that silently left an amount out.
printf 'opportunity_id,account,deal_stage,engage_date,close_date,close_value\n' >huge.csv
printf 'h1,Acme,Won,2017-01-02,2017-01-12,900000000000000\nh2,Acme,Won,2017-01-03,2017-01-13,900000000000000\n' >>huge.csv
printf 'h3,Beta,Won,2017-01-02,2017-01-12,1000\n' >>huge.csv
run backtest profile.icp --accounts accounts.csv --opportunities huge.csv --format json
expect_status 0
expect_group tier_1 won_amount null
expect_group tier_1 average_won null
expect_group tier_2 won_amount '"1000"'
run nucleus --accounts accounts.csv --opportunities huge.csv --format json
expect_out '"account":"Acme","won":2,"lost":0,"won_amount":null,"average_won":null'
expect_out '"account":"Beta","won":1,"lost":0,"won_amount":"1000","average_won":"1000"'
finish
