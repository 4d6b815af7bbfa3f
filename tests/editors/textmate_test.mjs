// tests/editors/textmate_test.mjs MODULES GRAMMAR ROOT LIST: tokenises each .icp file of LIST
// (JSON: {"files": [...], "syntax_errors": [...]}, the files `icpc check` finds E00xx in) with
// VS Code's own TextMate engine (vscode-textmate + vscode-oniguruma, pinned in package-lock.json)
// and checks the grammar (editors/vscode/syntaxes/icp.tmLanguage.json): every character of a
// valid profile gets a scope of its own and none is invalid.illegal; known tokens of the
// examples get their scopes. Prints one line per failure; exits 1 on any. Run by textmate_test.py.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [modules, grammarPath, root, listPath] = process.argv.slice(2);
const list = JSON.parse(readFileSync(listPath, "utf8"));
const files = list.files;
const syntaxErrors = new Set(list.syntax_errors);
const require = createRequire(path.join(modules, "package.json"));
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

await oniguruma.loadWASM(readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer);
const registry = new textmate.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text) => new oniguruma.OnigString(text),
  }),
  loadGrammar: async (scope) =>
    scope === "source.icp" ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null,
});
const grammar = await registry.loadGrammar("source.icp");

const failures = [];
const fail = (message) => failures.push(message);

// [line number, token text, scopes] for every token of a text.
function tokenise(text) {
  const out = [];
  let stack = textmate.INITIAL;
  text.split("\n").forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      out.push({ line: index + 1, text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    stack = result.ruleStack;
  });
  return out;
}

const counts = { files: 0, valid: 0, tokens: 0 };
const tokensByFile = new Map();
for (const file of files) {
  const relative = path.relative(root, file);
  const tokens = tokenise(readFileSync(file, "utf8"));
  tokensByFile.set(relative, tokens);
  counts.files += 1;
  counts.tokens += tokens.length;
  if (syntaxErrors.has(file)) continue;
  counts.valid += 1;
  for (const token of tokens) {
    if (token.text.trim() === "") continue;
    const inner = token.scopes.slice(1);
    if (inner.length === 0) fail(`${relative}:${token.line}: \`${token.text}\` has no scope but source.icp`);
    if (inner.some((s) => s.startsWith("invalid."))) fail(`${relative}:${token.line}: \`${token.text}\` is ${inner.join(" ")}`);
  }
}

// Tokens of the examples and their scopes: [file, line holding, token, scope].
const expectations = [
  ["examples/enterprise-platform.icp", 'profile "Enterprise platform"', "profile", "storage.type.profile.icp"],
  ["examples/enterprise-platform.icp", 'profile "Enterprise platform"', "Enterprise platform", "string.quoted.double.icp"],
  ["examples/enterprise-platform.icp", "review_every 90d", "90d", "constant.numeric.duration.icp"],
  ["examples/enterprise-platform.icp", "reviewed     2026-11-09", "2026-11-09", "constant.numeric.date.icp"],
  ["examples/enterprise-platform.icp", "reviewed     2026-11-09", "reviewed", "variable.other.property.icp"],
  ["examples/enterprise-platform.icp", "# VP enterprise sales", " VP enterprise sales; signs off every change", "comment.line.number-sign.icp"],
  ["examples/enterprise-platform.icp", "# VP enterprise sales", "#", "punctuation.definition.comment.icp"],
  ["examples/enterprise-platform.icp", "use std.geo", "use", "keyword.control.import.icp"],
  ["examples/enterprise-platform.icp", "use std.geo", "std.geo", "entity.name.namespace.icp"],
  ["examples/enterprise-platform.icp", "employees:        int", "employees", "variable.other.field.icp"],
  ["examples/enterprise-platform.icp", "employees:        int", "int", "support.type.icp"],
  ["examples/enterprise-platform.icp", "revenue_musd:     decimal?", "?", "keyword.operator.optional.icp"],
  ["examples/enterprise-platform.icp", "cloud:            set<string>", "string", "support.type.icp"],
  ["examples/enterprise-platform.icp", "let budget_floor   = 2.5", "let", "storage.type.let.icp"],
  ["examples/enterprise-platform.icp", "let budget_floor   = 2.5", "budget_floor", "variable.other.constant.icp"],
  ["examples/enterprise-platform.icp", "let budget_floor   = 2.5", "2.5", "constant.numeric.decimal.icp"],
  ["examples/enterprise-platform.icp", "let budget_floor   = 2.5", "=", "keyword.operator.assignment.icp"],
  ["examples/enterprise-platform.icp", "signal rfp_published", "rfp_published", "entity.name.type.signal.icp"],
  ["examples/enterprise-platform.icp", "signal rfp_published", "weight", "keyword.other.icp"],
  ["examples/enterprise-platform.icp", "signal rfp_published", "25", "constant.numeric.integer.icp"],
  ["examples/enterprise-platform.icp", "bonus buying_group", "+", "keyword.operator.arithmetic.icp"],
  ["examples/enterprise-platform.icp", "bonus sponsor_known", "has_role", "support.function.builtin.icp"],
  ["examples/enterprise-platform.icp", "criterion large ", "criterion", "storage.type.criterion.icp"],
  ["examples/enterprise-platform.icp", "criterion large ", "large", "entity.name.function.criterion.icp"],
  ["examples/enterprise-platform.icp", "criterion large ", ">=", "keyword.operator.comparison.icp"],
  ["examples/enterprise-platform.icp", "criterion committee ", "60%", "constant.numeric.percent.icp"],
  ["examples/enterprise-platform.icp", "criterion served_region", "or", "keyword.operator.logical.icp"],
  ["examples/enterprise-platform.icp", "criterion served_region", "in", "keyword.operator.word.icp"],
  ["examples/enterprise-platform.icp", "criterion served_region", "std.geo.na", "support.constant.stdlib.icp"],
  ["examples/enterprise-platform.icp", "criterion data_heavy", "any", "keyword.operator.word.icp"],
  ["examples/enterprise-platform.icp", 'tier 1 "Strategic"', "tier", "storage.type.tier.icp"],
  ["examples/enterprise-platform.icp", 'tier 1 "Strategic"', "all", "support.function.builtin.icp"],
  ["examples/enterprise-platform.icp", "role economic_buyer", "economic_buyer", "entity.name.type.role.icp"],
  ["examples/enterprise-platform.icp", "when excluded", "when", "keyword.control.icp"],
  ["examples/enterprise-platform.icp", "when excluded", "excluded", "variable.language.icp"],
  ["examples/enterprise-platform.icp", "when excluded", "->", "keyword.operator.arrow.icp"],
  ["examples/enterprise-platform.icp", "when excluded", "disqualify", "keyword.other.action.icp"],
  ["examples/enterprise-platform.icp", "when tier == 2 and score >= 40", "tier", "variable.language.icp"],
  ["examples/enterprise-platform.icp", "when tier == 2 and score >= 40", "score", "variable.language.icp"],
  ["examples/enterprise-platform.icp", 'sla 24h cadence "ent-exec-brief-v2"', "24h", "constant.numeric.duration.icp"],
];
for (const [file, holding, text, scope] of expectations) {
  const tokens = tokensByFile.get(file);
  if (!tokens) {
    fail(`${file} was not tokenised`);
    continue;
  }
  const lineNumbers = new Set();
  readFileSync(path.join(root, file), "utf8").split("\n").forEach((line, i) => {
    if (line.includes(holding)) lineNumbers.add(i + 1);
  });
  const token = tokens.find((t) => lineNumbers.has(t.line) && t.text === text);
  if (!token) fail(`${file}: no token \`${text}\` on the line holding \`${holding}\``);
  else if (!token.scopes.includes(scope)) fail(`${file}:${token.line}: \`${text}\` is ${token.scopes.join(" ")}, not ${scope}`);
}

// Escapes and an unclosed string, in a text of their own.
const strings = tokenise('let s = ["a\\"b", "c\\qd"]\nlet t = "open\nlet u = 1');
const has = (text, scope) => strings.some((t) => t.text === text && t.scopes.includes(scope));
if (!has('\\"', "constant.character.escape.icp")) fail("`\\\"` is not an escape");
if (!has("\\q", "invalid.illegal.escape.icp")) fail("`\\q` is not an invalid escape");
if (!has("1", "constant.numeric.integer.icp")) fail("a string left open runs past its line");

for (const message of failures) console.log(message);
console.log(`textmate: ${counts.files} files (${counts.valid} valid profiles), ${counts.tokens} tokens, ${expectations.length} expected scopes, ${failures.length} failures`);
process.exit(failures.length ? 1 : 0);
