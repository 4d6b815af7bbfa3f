# `icpc nucleus` as a user runs it: on the CRM sample (won counts, totals and the deal-size
# quartile checked against awk over the CSV), and on another CRM's export with a retention
# column and closed-lost reasons, where the nucleus is worked out by hand below.
. "$(dirname "$0")/lib/common.sh"
SAMPLE=$(cd "$FIXTURES/../../../examples/crm-sample" && pwd)
for name in mapping.toml crm_accounts.csv crm_opportunities.csv; do fixture "backtest/$name" "$name"; done

# account_json NAME: the JSON object of one won account in the "won" list.
account_json() { sed 's/.*"won":\[//' "$SCRATCH/out" | grep -o "{\"account\":\"$1\"[^}]*}"; }

# --- The real sample through the example's mapping.
run nucleus --accounts "$SAMPLE/data/accounts.csv" --opportunities "$SAMPLE/data/sales_pipeline.csv" \
  --map "$SAMPLE/mapping.toml" --format json
expect_status 0
awk -F, 'FNR > 1 && $4 != "" && $6 != "" && $5 == "Won" { n[$4]++; s[$4] += $8 }
         END { for (a in n) printf "%s,%d,%d,%.4f\n", a, n[a], s[a], s[a] / n[a] }' \
  "$SAMPLE/data/sales_pipeline.csv" | sort > "$SCRATCH/won"
[ "$(wc -l < "$SCRATCH/won")" -eq 85 ] || fail "awk found $(wc -l < "$SCRATCH/won") won accounts, expected 85"
while IFS=, read -r account won total avg; do
  object=$(account_json "$account")
  case "$object" in
    *"\"won\":$won,"*"\"won_amount\":\"$total\""*) ;;
    *) fail "account $account: expected won $won, total $total in: $object" ;;
  esac
done < "$SCRATCH/won"
# The deal-size quartile: ceil(85/4) = 22 accounts by average won deal; the cutoff is the 22nd.
cutoff=$(cut -d, -f4 "$SCRATCH/won" | sort -rn | sed -n 22p)
got=$(sed -n 's/.*"cutoffs":{"size":"\([0-9.]*\)".*/\1/p' "$SCRATCH/out")
awk -v a="$cutoff" -v b="$got" 'BEGIN { d = a - b; exit !(d < 0.00005 && d > -0.00005) }' ||
  fail "size cutoff $got, awk says $cutoff"
members=$(sed 's/.*"won":\[//' "$SCRATCH/out" | grep -o '"top_quartiles":\[[^]]*"size"' | wc -l)
[ "$members" -ge 22 ] || fail "only $members accounts in the size quartile"
# Every nucleus member is in two quartiles; the lists are stable.
nucleus=$(sed 's/"won":\[.*//' "$SCRATCH/out" | grep -o '"top_quartiles":\[[^]]*\]' | sort -u)
[ "$nucleus" = '"top_quartiles":["size","speed"]' ] || fail "nucleus quartiles: $nucleus"
expect_out '"lost_reasons":null'
# JSON keeps the exported cells (the misspelt sector); text and HTML show the mapped values.
expect_out '"firmographics":{"sector":"technolgy",'
run nucleus --accounts "$SAMPLE/data/accounts.csv" --opportunities "$SAMPLE/data/sales_pipeline.csv" \
  --map "$SAMPLE/mapping.toml" --format html --output sample.html
grep -q technolgy sample.html && fail "the HTML report shows the export's misspelt sector, not the mapped value"
grep -q '<tr><td>Iselectrics</td><td class="num">25</td><td class="num">13</td><td class="num">\$72,543.00</td><td class="num">\$2,901.72</td><td class="num">12.0</td><td>size, speed</td><td>technology</td>' sample.html ||
  fail "Iselectrics (a nucleus account) lacks its figures in USD or its mapped sector"
run nucleus --accounts "$SAMPLE/data/accounts.csv" --opportunities "$SAMPLE/data/sales_pipeline.csv" \
  --map "$SAMPLE/mapping.toml" --format json
cp "$SCRATCH/out" first.json
run nucleus --accounts "$SAMPLE/data/accounts.csv" --opportunities "$SAMPLE/data/sales_pipeline.csv" \
  --map "$SAMPLE/mapping.toml" --format json
cmp -s "$SCRATCH/out" first.json || fail "two runs of the same nucleus differ"

# --- Another CRM, by hand: won accounts Acme (avg 1000, cycle 10 days, retention 120%),
# Beta (500, 30, 95%), Delta (200, 20, 130%), Epsilon (800, 15, 101%). ceil(4/4) = 1 per
# quartile: size Acme, speed Acme, retention Delta. Nucleus: Acme alone.
run nucleus --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map mapping.toml
expect_status 0
expect_out "Won accounts: 4 of 4. Top quartile thresholds: average won deal >= 1,000.00, median cycle <= 10.0 days, net retention >= 130.00"
expect_out "Nucleus: 1 accounts in two or more top quartiles"
# One table for the nucleus and every won account: the figures, then the mapped fields with
# their value maps applied (hq "United States" read as US, "Germany" as DE; France unmapped).
expect_out_line "  Account  Won deals  Lost deals  Won total  Deal size  Days to close  Net retention  Top quartiles  Employees  Country"
expect_out_line "  Acme             1           1   1,000.00   1,000.00           10.0         120.00  size, speed         5000  US"
expect_out_line "  Delta            1           1     200.00     200.00           20.0         130.00  retention            500  DE"
expect_out_line "  Epsilon          1           0     800.00     800.00           15.0         101.00                      2500  France"
[ "$(grep -c '^  Acme ' "$SCRATCH/out")" -eq 2 ] || fail "Acme is not in both the nucleus and the won accounts"
expect_out "Closed-lost reasons (3 lost deals)"
expect_out_line "  Reason     Lost deals  Share of lost deals"
expect_out_line "  price               2                66.7%"
expect_out_line "  no budget           1                33.3%"
cp "$SCRATCH/out" n.txt
run nucleus --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map mapping.toml --format json
expect_out '"nucleus":[{"account":"Acme","won":1,"lost":1,"won_amount":"1000","average_won":"1000","median_cycle_days":10,"retention":"120","top_quartiles":["size","speed"],"firmographics":{"headcount":"5000","hq":"United States"}}]'
expect_out '"lost_reasons":[{"reason":"price","count":2},{"reason":"no budget","count":1}]'

# --retention FILE overrides the column; a bad value is a reported row.
printf 'account,net_retention\nBeta,150\nAcme,abc\n' > retention.csv
run nucleus --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map mapping.toml --retention retention.csv
expect_status 1
expect_out_line "  Beta             1           1     500.00     500.00           30.0         150.00  retention           1500  US"
expect_out 'bad_retention             1  first: retention.csv:3 net_retention "abc"'

# --- HTML lists the nucleus with its quartile memberships, self-contained.
run nucleus --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map mapping.toml --format html --output n.html
expect_status 0
head -1 n.html | grep -qx '<!DOCTYPE html>' || fail "the HTML report lacks its doctype"
if sed 's|xmlns="http://www.w3.org/2000/svg"||g' n.html | grep -q 'https\?://'; then fail "the HTML report refers to the network"; fi
if grep -qi '<script\|<link\|<img' n.html; then fail "the HTML report loads something"; fi
grep -q '<h2>Nucleus (1 accounts)</h2>' n.html || fail "no nucleus section"
grep -q '<tr><td>Acme</td><td class="num">1</td><td class="num">1</td><td class="num">1,000.00</td><td class="num">1,000.00</td><td class="num">10.0</td><td class="num">120.00</td><td>size, speed</td><td class="num">5000</td><td>US</td></tr>' n.html ||
  fail "Acme's row (figures, quartiles, mapped fields) is missing"
# The same columns under the same names in text and HTML, in every table of accounts.
columns_html() { sed -n "/<h2>$1/,/<\/tr>/p" n.html | grep -o '<th[^>]*>[^<]*</th>' | sed 's/<[^>]*>//g'; }
columns_text() { sed -n "/^$1/{n;p;}" n.txt | awk -F '  +' '{ for (i = 1; i <= NF; i++) if ($i != "") print $i }'; }
for table in Nucleus "Every won account" "Closed-lost reasons"; do
  [ -n "$(columns_text "$table")" ] || fail "no text table under $table"
  [ "$(columns_html "$table")" = "$(columns_text "$table")" ] ||
    fail "$table: HTML columns [$(columns_html "$table" | tr '\n' '|')] differ from text [$(columns_text "$table" | tr '\n' '|')]"
done
# The chart a leader looks at first: deal size against speed, the nucleus marked and named.
grep -q 'aria-label="deal size against days to close, nucleus accounts marked"' n.html || fail "no size/speed chart"
grep -q '<circle cx="[0-9.]*" cy="[0-9.]*" r="6" fill="#d95f02" stroke="#222"><title>Acme: deal size 1,000.00, 10.0 days to close</title>' n.html ||
  fail "Acme is not marked as a nucleus account in the chart"
[ "$(grep -c 'r="4" fill="#8fb3e0" stroke="#1f3b73"><title>' n.html)" -eq 3 ] || fail "expected 3 other won accounts in the chart"
grep -q 'quadrant lines are at the medians' n.html || fail "the caption does not say the lines are the medians"
# The medians by hand: deal sizes 200, 500, 800, 1000 -> 650; days 10, 15, 20, 30 -> 17.5.
grep -q '>median 17.5 days</text>' n.html || fail "the speed quadrant line is not at the median, 17.5 days"
grep -q '>median 650.00</text>' n.html || fail "the size quadrant line is not at the median, 650.00"
for tag in table html body; do
  [ "$(grep -o "<$tag[ >]" n.html | wc -l)" -eq "$(grep -o "</$tag>" n.html | wc -l)" ] || fail "<$tag> not balanced"
done
finish
