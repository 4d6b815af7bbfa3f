// The language server's loop (server.hpp): answers each message, and when none waits, checks
// the documents that changed (a burst of keystrokes is checked once). Input: framed JSON-RPC.
// Output: responses and notifications. Only `exit` stops it: a bad message gets a JSON-RPC
// error, an exception while answering an internal error (-32603) for that request alone.
#include "lsp/server.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <vector>

#include <fmt/format.h>

#include "compiler/render/json_writer.hpp"
#include "lsp/documents.hpp"
#include "lsp/features.hpp"
#include "lsp/rpc.hpp"
#include "lsp/transport.hpp"

namespace icp::lsp {
namespace {
namespace dom = simdjson::dom;

// KEEP IN SYNC: capabilities() announces each of them.
constexpr std::array<std::string_view, 6> kDocumentMethods = {
    "textDocument/hover",          "textDocument/definition", "textDocument/completion",
    "textDocument/documentSymbol", "textDocument/codeAction", "textDocument/formatting"};

std::string capabilities(const ServerInfo& info) {
  render::JsonWriter json(false);
  json.begin_object();
  json.key("capabilities");
  json.begin_object();
  json.field("positionEncoding", "utf-16");
  json.key("textDocumentSync");
  json.begin_object();
  json.key("openClose");
  json.boolean(true);
  json.field("change", 1);  // full: every change carries the whole text
  json.end_object();
  json.key("hoverProvider");
  json.boolean(true);
  json.key("definitionProvider");
  json.boolean(true);
  json.key("completionProvider");
  json.begin_object();
  json.key("triggerCharacters");
  json.begin_array();
  json.string("(");
  json.end_array();
  json.end_object();
  json.key("documentSymbolProvider");
  json.boolean(true);
  json.key("codeActionProvider");
  json.boolean(true);
  json.key("documentFormattingProvider");
  json.boolean(true);
  json.end_object();
  json.key("serverInfo");
  json.begin_object();
  json.field("name", info.name);
  json.field("version", info.version);
  json.end_object();
  json.end_object();
  return json.take();
}

std::string show_message(std::string_view text) {
  render::JsonWriter json(false);
  json.begin_object();
  json.field("type", 1);  // MessageType.Error
  json.field("message", text);
  json.end_object();
  return notification_message("window/showMessage", json.take());
}

Position position_at(const std::optional<dom::element>& value, std::string_view end) {
  const auto number = [&](std::string_view key) {
    return static_cast<std::uint32_t>(std::clamp<std::int64_t>(integer_at(value, {"range", end, key}).value_or(0), 0, UINT32_MAX));
  };
  return Position{number("line"), number("character")};
}

// The diagnostics of a codeAction request that carry a replacement (diagnostics.cpp's `data`).
std::vector<QuickFix> fixes_in(const std::optional<dom::element>& params) {
  std::vector<QuickFix> fixes;
  dom::array diagnostics;
  if (!params || (*params)["context"]["diagnostics"].get_array().get(diagnostics) != simdjson::SUCCESS) return fixes;
  for (const dom::element diagnostic : diagnostics) {
    const std::optional<std::string_view> replacement = string_at(diagnostic, {"data", "replacement"});
    if (!replacement) continue;
    fixes.push_back(QuickFix{Range{position_at(diagnostic, "start"), position_at(diagnostic, "end")}, std::string(*replacement)});
  }
  return fixes;
}

// Applies one contentChanges entry: the whole text, or (from a client that sends ranges
// whatever the server asked) a range replaced.
bool apply_change(dom::element change, std::string& text) {
  const std::optional<std::string_view> replacement = string_at(change, {"text"});
  if (!replacement) return false;
  if (!integer_at(change, {"range", "start", "line"})) {
    text.assign(*replacement);
    return true;
  }
  const LineMap lines(text);
  const std::uint32_t begin = lines.offset(position_at(change, "start"));
  const std::uint32_t end = std::max(begin, lines.offset(position_at(change, "end")));
  text.replace(begin, end - begin, *replacement);
  return true;
}

class Server {
 public:
  Server(Transport& transport, const ServerInfo& info) : transport_(transport), info_(info) {}

  int run() {
    while (running_) {
      if (!transport_.pending()) check_changed();
      const Incoming incoming = transport_.read();
      if (incoming.kind == Incoming::Kind::end) break;
      if (incoming.kind == Incoming::Kind::message) {
        handle(incoming.body);
      } else {
        send(error_message("null", incoming.kind == Incoming::Kind::too_large ? ErrorCode::invalid_request
                                                                              : ErrorCode::parse_error,
                           incoming.problem));
      }
    }
    return shutdown_ && exited_ ? 0 : 1;
  }

 private:
  void send(const std::string& message) {
    if (!transport_.write(message)) running_ = false;  // the editor is gone
  }

  void handle(const std::string& body) {
    const Message message = classify(parser_, body);
    switch (message.kind) {
      case Message::Kind::invalid: send(error_message(message.id, message.error, message.problem)); return;
      case Message::Kind::response: return;  // the server sends no requests
      case Message::Kind::notification: break;
      case Message::Kind::request: break;
    }
    try {
      if (message.kind == Message::Kind::request) {
        request(message);
      } else {
        notification(message);
      }
    } catch (const std::exception& error) {
      const std::string text = fmt::format("internal error: {}", error.what());
      send(message.kind == Message::Kind::request ? error_message(message.id, ErrorCode::internal_error, text)
                                                  : show_message(fmt::format("icpc lsp: {}", text)));
    }
  }

  void request(const Message& message) {
    if (message.method == "initialize") {
      if (initialized_) return send(error_message(message.id, ErrorCode::invalid_request, "the server is already initialized"));
      initialized_ = true;
      return send(result_message(message.id, capabilities(info_)));
    }
    if (!initialized_) return send(error_message(message.id, ErrorCode::server_not_initialized, "the server is not initialized"));
    if (shutdown_) return send(error_message(message.id, ErrorCode::invalid_request, "the server is shut down"));
    if (message.method == "shutdown") {
      shutdown_ = true;
      return send(result_message(message.id, "null"));
    }
    const std::optional<std::string> result = document_request(message);
    if (!result) return send(error_message(message.id, ErrorCode::method_not_found, fmt::format("no method `{}`", message.method)));
    send(result_message(message.id, *result));
  }

  // The requests about one document (kDocumentMethods); nullopt for another method. A document
  // that is not open, or a request without its params, has no answer: null.
  std::optional<std::string> document_request(const Message& message) {
    const std::string& method = message.method;
    if (std::find(kDocumentMethods.begin(), kDocumentMethods.end(), method) == kDocumentMethods.end()) return std::nullopt;
    const std::optional<std::string_view> uri = string_at(message.params, {"textDocument", "uri"});
    Document* document = uri ? documents_.find(std::string(*uri)) : nullptr;
    if (document == nullptr) return "null";
    if (method == "textDocument/formatting") return formatting(document->path.value_or(document->uri), document->text);
    if (method == "textDocument/documentSymbol") return outline(analyzed(*document));
    if (method == "textDocument/codeAction") return quick_fixes(document->uri, fixes_in(message.params));
    const std::optional<std::int64_t> line = integer_at(message.params, {"position", "line"});
    const std::optional<std::int64_t> character = integer_at(message.params, {"position", "character"});
    if (!line || !character || *line < 0 || *character < 0) return "null";
    const Position position{static_cast<std::uint32_t>(std::min<std::int64_t>(*line, UINT32_MAX)),
                            static_cast<std::uint32_t>(std::min<std::int64_t>(*character, UINT32_MAX))};
    const Analysis& analysis = analyzed(*document);
    if (method == "textDocument/hover") return hover(analysis, position);
    if (method == "textDocument/definition") return definition(analysis, document->uri, position);
    return completion(analysis, position);
  }

  void notification(const Message& message) {
    if (message.method == "exit") {
      exited_ = true;
      running_ = false;
      return;
    }
    if (!initialized_ || shutdown_) return;
    const std::optional<dom::element> params = message.params;
    const std::optional<std::string_view> uri = string_at(params, {"textDocument", "uri"});
    if (!uri) return;
    const std::string key(*uri);
    if (message.method == "textDocument/didOpen") {
      const std::optional<std::string_view> text = string_at(params, {"textDocument", "text"});
      if (!text) return;
      if (!documents_.open(key, std::string(*text), integer_at(params, {"textDocument", "version"}).value_or(0))) {
        send(show_message(fmt::format("icpc lsp: more than {} open documents; `{}` is not checked", kMaxOpenDocuments, key)));
      }
    } else if (message.method == "textDocument/didChange") {
      changed(key, params);
    } else if (message.method == "textDocument/didClose") {
      documents_.close(key);
      send(publish_notification(Publication{key, "[]"}));
    }
  }

  void changed(const std::string& uri, const std::optional<dom::element>& params) {
    Document* document = documents_.find(uri);
    dom::array changes;
    if (document == nullptr || !params || (*params)["contentChanges"].get_array().get(changes) != simdjson::SUCCESS) {
      return;
    }
    std::string text = document->text;
    for (const dom::element change : changes) {
      if (!apply_change(change, text)) return;
    }
    documents_.change(uri, std::move(text), integer_at(params, {"textDocument", "version"}).value_or(document->version));
  }

  const Analysis& analyzed(Document& document) {
    if (!document.analysis) {
      AnalysisResult result = analyze(document, documents_);
      for (const Publication& publication : result.publications) send(publish_notification(publication));
      document.analysis = std::make_unique<const Analysis>(std::move(result.analysis));
    }
    return *document.analysis;
  }

  void check_changed() {
    for (auto& [uri, document] : documents_.all()) {
      if (document.analysis) continue;
      try {
        analyzed(document);
      } catch (const std::exception& error) {
        // Shown once: the document keeps an analysis without a check until it changes again.
        document.analysis = std::make_unique<const Analysis>(unchecked(document));
        send(show_message(fmt::format("icpc lsp: cannot check `{}`: {}", uri, error.what())));
      }
    }
  }

  Transport& transport_;
  const ServerInfo& info_;
  Documents documents_;
  dom::parser parser_;
  bool running_ = true;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
};

}  // namespace

int run_server(int input, int output, const ServerInfo& info) {
  Transport transport(input, output);
  Server server(transport, info);
  return server.run();
}

}  // namespace icp::lsp
