// The benchmark rules (bench/rules.icp) expressed natively in each engine: a json-rules-engine
// rule set, a GoRules ZEN decision graph (JDM) and CEL expressions. Input: an account as a
// parsed JS object. Output, from every engine: {excluded_by, fit_tier, score, roles, route}
// (route is "disqualify", "ignore" or "queue:<name>"), which harness.mjs turns into the
// cross-check form and the decision line.

const SECURITY_TOOLS = ['okta', 'crowdstrike', 'zscaler']
const SANCTIONED = ['RU', 'KP', 'IR', 'CU', 'SY']
const SIGNAL_TYPES = ['g2_visit', 'exec_hire', 'job_post', 'content_download', 'webinar']
const ECONOMIC_BUYER = ['CFO', 'VP Finance']
const TECHNICAL_EVALUATOR = ['CISO', 'Head of Security']

// --- json-rules-engine: criteria as shared conditions, exclusions and tiers as prioritised
// rules, signal counts as a parameterised dynamic fact, a second engine for the route. ---
export async function makeJsonRulesEngine (lib) {
  const {Engine} = lib
  const criteria = {
    size: {all: [{fact: 'employees', operator: 'greaterThanInclusive', value: 200},
      {fact: 'employees', operator: 'lessThanInclusive', value: 2000}]},
    software: {any: ['5112', '5182', '5415'].map(p => ({fact: 'naics', operator: 'startsWith', value: p}))},
    stack: {any: SECURITY_TOOLS.map(t => ({fact: 'tech', operator: 'contains', value: t}))},
    funded: {all: [{fact: 'funding_stage', operator: 'in', value: ['series_b', 'series_c', 'growth']}]},
    hiring: {all: [{fact: 'signalCount', params: {type: 'exec_hire', within: 90}, operator: 'greaterThanInclusive', value: 1}]}
  }
  const names = Object.keys(criteria)
  const engine = new Engine([], {allowUndefinedFacts: true})
  engine.addOperator('startsWith', (fact, value) => typeof fact === 'string' && fact.startsWith(value))
  for (const [name, condition] of Object.entries(criteria)) engine.setCondition(name, condition)
  engine.addFact('signalCount', (params, almanac) => almanac.factValue('signals').then(signals => {
    let n = 0
    for (const s of signals) {
      if (s.days_ago >= 0 && s.days_ago <= params.within && (params.type === '*' ? SIGNAL_TYPES.includes(s.type) : s.type === params.type)) n++
    }
    return n
  }))
  const exclusions = [
    ['existing_customer', {fact: 'is_customer', operator: 'equal', value: true}],
    ['too_small', {fact: 'employees', operator: 'lessThan', value: 50}],
    ['sanctioned', {fact: 'country', operator: 'in', value: SANCTIONED}]]
  exclusions.forEach(([name, condition], i) =>
    engine.addRule({name, priority: 100 - i, conditions: {all: [condition]}, event: {type: 'exclude', params: {name, order: i}}}))
  const fourOfFive = names.map(skip => ({all: names.filter(n => n !== skip).map(n => ({condition: n}))}))
  const tiers = [{all: names.map(n => ({condition: n}))}, {any: fourOfFive},
    {all: [{condition: 'software'}, {fact: 'employees', operator: 'greaterThanInclusive', value: 50}]}]
  tiers.forEach((conditions, i) => engine.addRule({name: `tier${i + 1}`, priority: 50 - i, conditions, event: {type: 'tier', params: {tier: i + 1}}}))
  const points = [['g2_visit', 30, 10, Infinity], ['exec_hire', 90, 8, Infinity], ['job_post', 60, 6, Infinity], ['content_download', 30, 2, 3]]
  for (const [type, within, weight, cap] of points) {
    engine.addRule({name: `points_${type}`, priority: 10, conditions: {all: [{fact: 'signalCount', params: {type, within}, operator: 'greaterThan', value: 0}]},
      event: {type: 'points', params: {type, within, weight, cap}}})
  }
  engine.addRule({name: 'surge', priority: 10, conditions: {all: [{fact: 'signalCount', params: {type: '*', within: 30}, operator: 'greaterThanInclusive', value: 3}]},
    event: {type: 'bonus', params: {points: 10}}})
  for (const [role, titles] of [['economic_buyer', ECONOMIC_BUYER], ['technical_evaluator', TECHNICAL_EVALUATOR]]) {
    engine.addRule({name: role, priority: 5, conditions: {any: [{fact: 'contactTitles', operator: 'containsAny', value: titles}]}, event: {type: 'role', params: {role}}})
  }
  engine.addOperator('containsAny', (fact, value) => Array.isArray(fact) && fact.some(t => value.includes(t)))
  engine.addFact('contactTitles', (params, almanac) => almanac.factValue('contacts').then(cs => cs.map(c => c.title)))

  const route = new Engine([], {allowUndefinedFacts: true})
  const routes = [
    [{all: [{fact: 'excluded', operator: 'equal', value: true}]}, 'disqualify'],
    [{all: [{fact: 'tier', operator: 'equal', value: 1}, {fact: 'score', operator: 'greaterThanInclusive', value: 25}]}, 'queue:ae-enterprise'],
    [{all: [{fact: 'tier', operator: 'in', value: [1, 2]}]}, 'queue:sdr-outbound'],
    [{all: [{fact: 'tier', operator: 'equal', value: 3}]}, 'queue:nurture'],
    [{all: [{fact: 'tier', operator: 'greaterThanInclusive', value: 0}]}, 'ignore']]
  routes.forEach(([conditions, action], i) => route.addRule({priority: 10 - i, conditions, event: {type: 'route', params: {action, rule: i}}}))

  return async account => {
    const {events} = await engine.run(account)
    let excludedBy = null, excludedOrder = Infinity, fitTier = 0, score = 0
    const roles = []
    for (const e of events) {
      const p = e.params
      if (e.type === 'exclude' && p.order < excludedOrder) { excludedBy = p.name; excludedOrder = p.order }
      else if (e.type === 'tier' && (fitTier === 0 || p.tier < fitTier)) fitTier = p.tier
      else if (e.type === 'bonus') score += p.points
      else if (e.type === 'role') roles.push(p.role)
      else if (e.type === 'points') {
        const n = account.signals.filter(s => s.type === p.type && s.days_ago >= 0 && s.days_ago <= p.within).length
        score += p.weight * Math.min(n, p.cap)
      }
    }
    const routed = await route.run({excluded: excludedBy !== null, tier: fitTier, score})
    let chosen = null
    for (const e of routed.events) if (chosen === null || e.params.rule < chosen.rule) chosen = e.params
    return {excluded_by: excludedBy, fit_tier: fitTier, score, roles: sortRoles(roles), route: chosen.action}
  }
}

function sortRoles (roles) {
  return ['economic_buyer', 'technical_evaluator'].filter(r => roles.includes(r))
}

// --- GoRules ZEN: one decision graph; expression nodes derive the criteria, counts and
// score, first-hit decision tables choose the exclusion and the route. ---
function zenGraph () {
  const node = (id, type, content) => ({id, type, name: id, position: {x: 0, y: 0}, ...(content ? {content} : {})})
  const expressions = (list) => ({passThrough: true, inputField: null, outputPath: null,
    expressions: list.map(([key, value], i) => ({id: `${key}${i}`, key, value}))})
  const inWindow = (type, days) => `count(signals, #.type == '${type}' and #.days_ago >= 0 and #.days_ago <= ${days})`
  const quoted = list => `[${list.map(x => `'${x}'`).join(', ')}]`
  const derive = expressions([
    ['size', 'employees >= 200 and employees <= 2000'],
    ['software', "startsWith(naics, '5112') or startsWith(naics, '5182') or startsWith(naics, '5415')"],
    ['stack', `some(tech, # in ${quoted(SECURITY_TOOLS)})`],
    ['funded', "funding_stage in ['series_b', 'series_c', 'growth']"],
    ['hiring', `${inWindow('exec_hire', 90)} >= 1`],
    ['points', `10 * ${inWindow('g2_visit', 30)} + 8 * ${inWindow('exec_hire', 90)} + 6 * ${inWindow('job_post', 60)} + 2 * min([${inWindow('content_download', 30)}, 3])`],
    ['surge', `count(signals, #.type in ${quoted(SIGNAL_TYPES)} and #.days_ago >= 0 and #.days_ago <= 30) >= 3`],
    ['economic_buyer', `some(contacts, #.title in ${quoted(ECONOMIC_BUYER)})`],
    ['technical_evaluator', `some(contacts, #.title in ${quoted(TECHNICAL_EVALUATOR)})`]])
  const fit = expressions([
    ['met', '(size ? 1 : 0) + (software ? 1 : 0) + (stack ? 1 : 0) + (funded ? 1 : 0) + (hiring ? 1 : 0)'],
    ['score', 'points + (surge ? 10 : 0)']])
  const tier = expressions([['fit_tier', 'met == 5 ? 1 : (met >= 4 ? 2 : (software and employees >= 50 ? 3 : 0))']])
  const table = (inputs, outputs, rows) => ({hitPolicy: 'first', passThrough: true, inputField: null, outputPath: null,
    inputs: inputs.map(([id, field]) => ({id, name: id, field})), outputs: outputs.map(([id, field]) => ({id, name: id, field})),
    rules: rows.map((cells, i) => ({_id: `r${i}`, ...cells}))})
  const exclusions = table([['c', 'is_customer'], ['e', 'employees'], ['k', 'country']], [['x', 'excluded_by']], [
    {c: 'true', e: '', k: '', x: '"existing_customer"'}, {c: '', e: '< 50', k: '', x: '"too_small"'},
    {c: '', e: '', k: quoted(SANCTIONED), x: '"sanctioned"'}, {c: '', e: '', k: '', x: 'null'}])
  const route = table([['x', 'excluded_by'], ['t', 'fit_tier'], ['s', 'score']], [['r', 'route']], [
    {x: '!= null', t: '', s: '', r: '"disqualify"'}, {x: '', t: '1', s: '>= 25', r: '"queue:ae-enterprise"'},
    {x: '', t: '[1, 2]', s: '', r: '"queue:sdr-outbound"'}, {x: '', t: '3', s: '', r: '"queue:nurture"'},
    {x: '', t: '', s: '', r: '"ignore"'}])
  const ids = ['in', 'derive', 'fit', 'tier', 'exclusions', 'route', 'out']
  return {
    nodes: [node('in', 'inputNode'), node('derive', 'expressionNode', derive), node('fit', 'expressionNode', fit),
      node('tier', 'expressionNode', tier), node('exclusions', 'decisionTableNode', exclusions),
      node('route', 'decisionTableNode', route), node('out', 'outputNode')],
    edges: ids.slice(1).map((id, i) => ({id: `e${i}`, sourceId: ids[i], targetId: id, type: 'edge'}))
  }
}

export async function makeZen (lib) {
  const decision = new lib.ZenEngine().createDecision(zenGraph())
  return async account => {
    const {result: r} = await decision.evaluate(account)
    const roles = []
    if (r.economic_buyer) roles.push('economic_buyer')
    if (r.technical_evaluator) roles.push('technical_evaluator')
    return {excluded_by: r.excluded_by ?? null, fit_tier: r.fit_tier, score: r.score, roles, route: r.route}
  }
}

// --- CEL: one compiled expression per exclusion, criterion, count, role and the route. ---
export async function makeCel (lib) {
  const {parse} = lib
  const list = xs => `[${xs.map(x => `"${x}"`).join(', ')}]`
  const count = (type, days) => parse(`a.signals.filter(s, s.type == "${type}" && s.days_ago >= 0 && s.days_ago <= ${days}).size()`)
  const exclusions = [['existing_customer', 'a.is_customer'], ['too_small', 'a.employees < 50'],
    ['sanctioned', `a.country in ${list(SANCTIONED)}`]].map(([name, e]) => [name, parse(e)])
  const criteria = [
    'a.employees >= 200 && a.employees <= 2000',
    'a.naics.startsWith("5112") || a.naics.startsWith("5182") || a.naics.startsWith("5415")',
    `a.tech.exists(t, t in ${list(SECURITY_TOOLS)})`,
    'a.funding_stage in ["series_b", "series_c", "growth"]',
    'a.signals.exists(s, s.type == "exec_hire" && s.days_ago >= 0 && s.days_ago <= 90)'].map(parse)
  const tier = parse('met == 5 ? 1 : met >= 4 ? 2 : (software && a.employees >= 50) ? 3 : 0')
  const counts = [count('g2_visit', 30), count('exec_hire', 90), count('job_post', 60), count('content_download', 30)]
  const surge = parse(`a.signals.filter(s, s.type in ${list(SIGNAL_TYPES)} && s.days_ago >= 0 && s.days_ago <= 30).size() >= 3`)
  const score = parse('10 * g2 + 8 * hire + 6 * job + 2 * (dl > 3 ? 3 : dl) + (surge ? 10 : 0)')
  const roles = [['economic_buyer', parse(`a.contacts.exists(c, c.title in ${list(ECONOMIC_BUYER)})`)],
    ['technical_evaluator', parse(`a.contacts.exists(c, c.title in ${list(TECHNICAL_EVALUATOR)})`)]]
  const route = parse('excluded ? "disqualify" : tier == 1 && score >= 25 ? "queue:ae-enterprise" : ' +
    'tier == 1 || tier == 2 ? "queue:sdr-outbound" : tier == 3 ? "queue:nurture" : "ignore"')
  return async account => {
    const ctx = {a: account}
    let excludedBy = null
    for (const [name, e] of exclusions) if (e(ctx)) { excludedBy = name; break }
    const met = criteria.reduce((n, c) => n + (c(ctx) ? 1n : 0n), 0n)
    const fitTier = tier({a: account, met, software: criteria[1](ctx)})
    const [g2, hire, job, dl] = counts.map(c => c(ctx))
    const points = score({g2, hire, job, dl, surge: surge(ctx)})
    const filled = roles.filter(([, e]) => e(ctx)).map(([name]) => name)
    const action = route({excluded: excludedBy !== null, tier: fitTier, score: points})
    return {excluded_by: excludedBy, fit_tier: Number(fitTier), score: Number(points), roles: filled, route: action}
  }
}
