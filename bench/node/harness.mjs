// The engine side of the benchmark (bench/README.md): runs one engine (jre = json-rules-engine,
// zen = @gorules/zen-engine, cel = @marcbachmann/cel-js) over accounts in JSON Lines.
//   node harness.mjs --engine E --modules DIR --input F --mode whole|eval-only|canonical [--output F]
// whole: read, JSON.parse every line, decide, write one decision line each (as a user would);
// eval-only: parse first (untimed), then time deciding every record, print {"records","seconds"};
// canonical: the cross-check form (id, verdict, tier, score, committee, route; tab-separated).
// DIR is the folder holding node_modules (the build folder: nothing is installed in the source).
import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'
import {pathToFileURL} from 'node:url'
import {makeCel, makeJsonRulesEngine, makeZen} from './engines.mjs'

const ENGINES = {
  jre: {module: 'json-rules-engine', make: makeJsonRulesEngine, batch: 1},
  // ZEN's evaluate() is asynchronous (its Rust core runs off the JS thread): its best batch
  // form keeps a batch of evaluations in flight instead of awaiting each one.
  zen: {module: '@gorules/zen-engine', make: makeZen, batch: 64},
  cel: {module: '@marcbachmann/cel-js', make: makeCel, batch: 1}
}
const TIER_LABELS = ['Perfect fit', 'Near fit', 'Adjacent']

function options (argv) {
  const o = {output: '/dev/null', asOf: '2026-11-23', program: 'sha256:engine'}
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-(.)/g, (_, c) => c.toUpperCase())
    o[key] = argv[i + 1]
  }
  if (!ENGINES[o.engine] || !o.modules || !o.input || !['whole', 'eval-only', 'canonical'].includes(o.mode)) {
    console.error('usage: node harness.mjs --engine jre|zen|cel --modules DIR --input F --mode whole|eval-only|canonical [--output F]')
    process.exit(2)
  }
  return o
}

async function loadEngine (name, modules) {
  const spec = ENGINES[name]
  const resolved = createRequire(path.join(path.resolve(modules), 'noop.js')).resolve(spec.module)
  const lib = await import(pathToFileURL(resolved).href)
  return spec.make(lib.default && !lib.parse && !lib.ZenEngine && !lib.Engine ? lib.default : lib)
}

function readAccounts (file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line))
}

async function decideAll (decide, accounts, batch) {
  const out = new Array(accounts.length)
  if (batch <= 1) {
    for (let i = 0; i < accounts.length; i++) out[i] = await decide(accounts[i])
    return out
  }
  for (let i = 0; i < accounts.length; i += batch) {
    const slice = accounts.slice(i, i + batch)
    const decided = await Promise.all(slice.map(decide))
    for (let j = 0; j < decided.length; j++) out[i + j] = decided[j]
  }
  return out
}

function verdictOf (d) {
  return d.excluded_by !== null ? 'excluded' : d.fit_tier > 0 ? 'tier' : 'no_fit'
}

function canonical (account, d) {
  const verdict = verdictOf(d)
  return [account.id, verdict === 'excluded' ? `excluded:${d.excluded_by}` : verdict, verdict === 'tier' ? d.fit_tier : '-',
    d.score, d.roles.length ? d.roles.join('+') : '-', d.route].join('\t') + '\n'
}

function decisionLine (account, d, o) {
  const verdict = verdictOf(d)
  const [action, queue] = d.route.split(':')
  return JSON.stringify({id: account.id, profile: 'Benchmark workload', version: '1', program: o.program, as_of: o.asOf,
    verdict, tier: verdict === 'tier' ? d.fit_tier : null, tier_label: verdict === 'tier' ? TIER_LABELS[d.fit_tier - 1] : null,
    excluded_by: d.excluded_by, score: d.score, committee: {coverage: d.roles.length * 50, roles: d.roles},
    route: queue ? {action, queue} : {action}}) + '\n'
}

async function main () {
  const o = options(process.argv)
  const decide = await loadEngine(o.engine, o.modules)
  const batch = ENGINES[o.engine].batch
  const accounts = readAccounts(o.input)
  if (o.mode === 'eval-only') {
    const start = process.hrtime.bigint()
    const decisions = await decideAll(decide, accounts, batch)
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    const check = decisions.reduce((n, d) => n + d.route.length, 0)
    process.stdout.write(JSON.stringify({records: decisions.length, seconds, check}) + '\n')
    return
  }
  const decisions = await decideAll(decide, accounts, batch)
  const write = o.mode === 'canonical' ? canonical : decisionLine
  fs.writeFileSync(o.output, decisions.map((d, i) => write(accounts[i], d, o)).join(''))
}

main().catch(error => { console.error(error); process.exit(1) })
