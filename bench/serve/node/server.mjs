// The Node.js peer of the icpc serve benchmark: the routing service a team would otherwise
// write, fastify + the rules in plain JavaScript (rules.mjs), with the two endpoints the
// benchmark loads: one JSON account in -> its decision line out; JSON Lines in -> decision
// lines out, in order, streamed (an invalid line gets an {"error"} line in its place).
//   node server.mjs --modules DIR --port P --program ID [--host 127.0.0.1] [--profile rules]
// DIR holds node_modules (the build folder). ID is the icp program id the decision lines
// carry, so that they can be compared byte for byte with icpc serve's and icpc eval's.
import path from 'node:path'
import {Readable} from 'node:stream'
import {createRequire} from 'node:module'
import {pathToFileURL} from 'node:url'
import {decisionLine, invalidReason} from './rules.mjs'

function options (argv) {
  const o = {host: '127.0.0.1', profile: 'rules'}
  for (let i = 2; i < argv.length; i += 2) o[argv[i].replace(/^--/, '')] = argv[i + 1]
  if (!o.modules || !o.port || !o.program) {
    console.error('usage: node server.mjs --modules DIR --port P --program ID [--host H] [--profile NAME]')
    process.exit(2)
  }
  return o
}

const AS_OF = /^\d{4}-\d{2}-\d{2}$/
function asOfOf (query) {
  if (query.as_of === undefined) return new Date().toISOString().slice(0, 10)
  return AS_OF.test(query.as_of) ? query.as_of : null
}

function lineFor (text, lineNumber, o, asOf) {
  let account
  try {
    account = JSON.parse(text)
  } catch (error) {
    return JSON.stringify({error: `line ${lineNumber}: ${error.message}`}) + '\n'
  }
  const reason = invalidReason(account)
  return reason === null ? decisionLine(account, o.program, asOf) : JSON.stringify({error: `line ${lineNumber}: ${reason}`}) + '\n'
}

// Decision lines for a JSON Lines stream, one output chunk per input chunk.
async function * decideLines (input, o, asOf) {
  let pending = ''
  let lineNumber = 0
  for await (const chunk of input) {
    const lines = (pending + chunk).split('\n')
    pending = lines.pop()
    let out = ''
    for (const line of lines) {
      lineNumber++
      if (line.trim() !== '') out += lineFor(line, lineNumber, o, asOf)
    }
    if (out !== '') yield out
  }
  if (pending.trim() !== '') yield lineFor(pending, lineNumber + 1, o, asOf)
}

async function main () {
  const o = options(process.argv)
  const require = createRequire(path.join(path.resolve(o.modules), 'noop.js'))
  const {default: Fastify} = await import(pathToFileURL(require.resolve('fastify')).href)
  const app = Fastify({logger: false})
  // A JSON Lines body is handed over as the raw stream: decided while it arrives.
  app.addContentTypeParser(['application/x-ndjson', 'application/jsonl'], (request, payload, done) => done(null))

  app.post('/v1/decide/:profile', async (request, reply) => {
    if (request.params.profile !== o.profile) return reply.code(404).send({error: 'unknown profile'})
    const asOf = asOfOf(request.query)
    if (asOf === null) return reply.code(400).send({error: 'as_of: expected YYYY-MM-DD'})
    const reason = invalidReason(request.body)
    if (reason !== null) return reply.code(400).send({error: reason})
    return reply.header('ICP-Program', o.program).type('application/json').send(decisionLine(request.body, o.program, asOf))
  })

  app.post('/v1/decide/:profile/batch', async (request, reply) => {
    if (request.params.profile !== o.profile) return reply.code(404).send({error: 'unknown profile'})
    const asOf = asOfOf(request.query)
    if (asOf === null) return reply.code(400).send({error: 'as_of: expected YYYY-MM-DD'})
    request.raw.setEncoding('utf8')
    return reply.header('ICP-Program', o.program).type('application/x-ndjson')
      .send(Readable.from(decideLines(request.raw, o, asOf)))
  })

  await app.listen({host: o.host, port: Number(o.port)})
  console.error(`peer: listening on ${o.host}:${o.port}`)
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
}

main().catch(error => { console.error(error); process.exit(1) })
