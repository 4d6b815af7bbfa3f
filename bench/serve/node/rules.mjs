// The peer's rules: bench/rules.icp (bench/WORKLOAD.md "Rules") in plain
// JavaScript, as a team writing its own routing service would: account object -> decision
// line, the same bytes `icpc eval` writes for the same account, program id and as-of date.
// No rule engine; the only checks on the input are the ones the rules need to be sound.

const SANCTIONED = new Set(['RU', 'KP', 'IR', 'CU', 'SY'])
const SECURITY_TOOLS = new Set(['okta', 'crowdstrike', 'zscaler'])
const SOFTWARE_PREFIXES = ['5112', '5182', '5415']
const FUNDED = new Set(['series_b', 'series_c', 'growth'])
const FUNDING_STAGES = new Set(['seed', 'series_a', 'series_b', 'series_c', 'growth', 'public', 'bootstrapped'])
const ECONOMIC_BUYER = new Set(['CFO', 'VP Finance'])
const TECHNICAL_EVALUATOR = new Set(['CISO', 'Head of Security'])
const TIER_LABELS = [null, 'Perfect fit', 'Near fit', 'Adjacent']
// [weight, within days, cap] per signal type; webinar counts only towards the surge bonus.
const SIGNALS = {
  g2_visit: [10, 30, Infinity],
  exec_hire: [8, 90, Infinity],
  job_post: [6, 60, Infinity],
  content_download: [2, 30, 3],
  webinar: [0, 30, Infinity]
}
const SURGE_WITHIN = 30
const SURGE_MIN = 3
const SURGE_POINTS = 10

// Why an account cannot be decided (field and what was expected), or null when it can.
export function invalidReason (a) {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) return 'expected a JSON object'
  if (typeof a.id !== 'string' || a.id === '') return 'id: expected a non-empty string'
  if (!Number.isInteger(a.employees)) return 'employees: expected an integer'
  if (typeof a.revenue_musd !== 'number') return 'revenue_musd: expected a number'
  if (typeof a.naics !== 'string') return 'naics: expected a string'
  if (typeof a.country !== 'string' || a.country.length !== 2) return 'country: expected a 2-letter country code'
  if (!FUNDING_STAGES.has(a.funding_stage)) return 'funding_stage: expected one of ' + [...FUNDING_STAGES].join(', ')
  if (!Array.isArray(a.tech) || !a.tech.every(t => typeof t === 'string')) return 'tech: expected a list of strings'
  if (typeof a.is_customer !== 'boolean') return 'is_customer: expected true or false'
  if (a.signals != null) {
    if (!Array.isArray(a.signals)) return 'signals: expected a list'
    for (const s of a.signals) {
      if (s === null || typeof s.type !== 'string' || !Number.isInteger(s.days_ago)) return 'signals: expected {"type", "days_ago"} events'
    }
  }
  if (a.contacts != null) {
    if (!Array.isArray(a.contacts)) return 'contacts: expected a list'
    for (const c of a.contacts) if (c === null || typeof c !== 'object') return 'contacts: expected objects'
  }
  return null
}

function exclusionOf (a) {
  if (a.is_customer) return 'existing_customer'
  if (a.employees < 50) return 'too_small'
  if (SANCTIONED.has(a.country)) return 'sanctioned'
  return null
}

// Signal points (each type capped) plus the surge bonus, and whether an exec hire is recent.
function scoreOf (signals) {
  const counts = {g2_visit: 0, exec_hire: 0, job_post: 0, content_download: 0, webinar: 0}
  let recent = 0
  for (const s of signals) {
    const rule = SIGNALS[s.type]
    if (rule === undefined || s.days_ago < 0) continue
    if (s.days_ago <= rule[1]) counts[s.type]++
    if (s.days_ago <= SURGE_WITHIN) recent++
  }
  let score = recent >= SURGE_MIN ? SURGE_POINTS : 0
  for (const type in counts) {
    const [weight, , cap] = SIGNALS[type]
    score += weight * Math.min(counts[type], cap)
  }
  return {score, hiring: counts.exec_hire >= 1}
}

function tierOf (a, hiring) {
  const software = SOFTWARE_PREFIXES.some(p => a.naics.startsWith(p))
  const met = (a.employees >= 200 && a.employees <= 2000) + software + a.tech.some(t => SECURITY_TOOLS.has(t)) +
    FUNDED.has(a.funding_stage) + hiring
  if (met === 5) return 1
  if (met >= 4) return 2
  if (software && a.employees >= 50) return 3
  return null
}

function rolesOf (contacts) {
  let economic = false
  let technical = false
  for (const c of contacts) {
    if (ECONOMIC_BUYER.has(c.title)) economic = true
    else if (TECHNICAL_EVALUATOR.has(c.title)) technical = true
  }
  const roles = []
  if (economic) roles.push('economic_buyer')
  if (technical) roles.push('technical_evaluator')
  return roles
}

function routeOf (excludedBy, tier, score) {
  if (excludedBy !== null) return {action: 'disqualify', rule: 1}
  if (tier === 1 && score >= 25) return {action: 'queue', queue: 'ae-enterprise', rule: 2}
  if (tier === 1 || tier === 2) return {action: 'queue', queue: 'sdr-outbound', rule: 3}
  if (tier === 3) return {action: 'queue', queue: 'nurture', rule: 4}
  return {action: 'ignore', rule: 5}
}

// The decision line (with its newline) for a valid account; key order as icpc eval writes it.
export function decisionLine (a, program, asOf) {
  const excludedBy = exclusionOf(a)
  const {score, hiring} = scoreOf(a.signals ?? [])
  const tier = excludedBy === null ? tierOf(a, hiring) : null
  const roles = rolesOf(a.contacts ?? [])
  const verdict = excludedBy !== null ? 'excluded' : tier !== null ? 'tier' : 'no_fit'
  return JSON.stringify({
    id: a.id,
    profile: 'Benchmark workload',
    version: '1',
    program,
    as_of: asOf,
    verdict,
    tier,
    tier_label: TIER_LABELS[tier] ?? null,
    excluded_by: excludedBy,
    score,
    committee: {coverage: Math.floor(roles.length * 100 / 2), roles},
    route: routeOf(excludedBy, tier, score)
  }) + '\n'
}
