// The VS Code extension for ICP: the language (.icp files, the TextMate grammar in syntaxes/,
// comments and brackets in language-configuration.json) and a client of `icpc lsp`, the
// language server of the icpc binary (docs/editors.md). Input: VS Code's activation on an .icp
// file and the `icp.server.*` settings. Output: a running language client, or a message
// saying why there is none.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

async function start() {
  const settings = vscode.workspace.getConfiguration("icp.server");
  if (!settings.get("enabled", true)) return;
  const command = settings.get("path", "icpc") || "icpc";
  // stdio: the server reads JSON-RPC on stdin and answers on stdout.
  const server = { command, args: ["lsp"] };
  client = new LanguageClient("icp", "ICP (icpc lsp)", server, {
    documentSelector: [
      { scheme: "file", language: "icp" },
      { scheme: "untitled", language: "icp" },
    ],
  });
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    vscode.window.showErrorMessage(
      `ICP: \`${command} lsp\` did not start (${error.message}). Install icpc, or set icp.server.path to its binary.`,
    );
  }
}

async function stop() {
  if (client) await client.stop();
  client = undefined;
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("icp.server")) return;
      await stop();
      await start();
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
