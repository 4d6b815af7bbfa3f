// Wiring the service together: the served files resolved and loaded, the listener bound, N
// threads running the I/O context, the file watcher, and the signals (SIGHUP reloads; SIGTERM
// and SIGINT drain: no new connections, idle ones closed, in-flight requests answered, then
// exit). Input: ServeOptions. Output: the running service and its log lines.
#include "server/server.hpp"

#include <csignal>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <memory>
#include <optional>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "server/connection.hpp"
#include "server/file_watcher.hpp"
#include "server/listener.hpp"
#include "server/log.hpp"

namespace icp::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;
namespace {

constexpr int kExitUsage = 2;

// A batch allocates and frees megabytes per request (its read block, decision buffers, output
// chunks). glibc's defaults hand such blocks back to the kernel on free (munmap, or madvise
// when a thread's heap shrinks) and fault them in again, page by page, on the next batch:
// measured, a third of the server's CPU per decision. A long-running server keeps them
// instead: blocks under 32 MiB come from the heap, and up to 64 MiB of free heap stays mapped.
void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

// host:port, [v6]:port; the host must be an address (no name lookup at start).
std::optional<tcp::endpoint> parse_listen(const std::string& listen, std::string& error) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    error = fmt::format("--listen `{}` is not HOST:PORT such as 127.0.0.1:8080", listen);
    return std::nullopt;
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code bad;
  const net::ip::address address = net::ip::make_address(host, bad);
  unsigned port = 0;
  const std::string port_text = listen.substr(colon + 1);
  const bool port_ok = port_text.find_first_not_of("0123456789") == std::string::npos && port_text.size() <= 5 &&
                       (port = static_cast<unsigned>(std::stoul(port_text))) <= 65535;
  if (bad || !port_ok) {
    error = fmt::format("--listen `{}` is not HOST:PORT such as 127.0.0.1:8080 (an IP address and a port)", listen);
    return std::nullopt;
  }
  return tcp::endpoint(address, static_cast<unsigned short>(port));
}

void log_reload(std::string_view trigger, const ReloadResult& result) {
  switch (result.outcome) {
    case ReloadResult::Outcome::loaded:
      log_line(fmt::format("reload `{}` ({}): serving {}{}", result.name, trigger, result.program_id,
                           result.previous_id.empty() ? "" : fmt::format(", was {}", result.previous_id)));
      break;
    case ReloadResult::Outcome::unchanged:
      log_line(fmt::format("reload `{}` ({}): unchanged, serving {}", result.name, trigger, result.program_id));
      break;
    case ReloadResult::Outcome::failed:
      log_line(fmt::format("error: reload `{}` ({}) failed, {}: {}", result.name, trigger,
                           result.previous_id.empty() ? "nothing to serve"
                                                      : fmt::format("still serving {}", result.previous_id),
                           result.summary));
      break;
  }
}

std::string start_line(const tcp::endpoint& endpoint, const ServeOptions& options, const ProfileRegistry& registry,
                       bool polling) {
  std::string profiles;
  for (const ProfileStatus& status : registry.statuses()) {
    profiles += fmt::format("{}{} {}", profiles.empty() ? "" : ", ", status.name,
                            status.program ? status.program->id() : "(not loaded)");
  }
  const std::string host = endpoint.address().is_v6() ? fmt::format("[{}]", endpoint.address().to_string())
                                                       : endpoint.address().to_string();
  return fmt::format("listening on {}:{} ({} thread{}; watching {}; profiles: {})", host, endpoint.port(),
                     options.threads, options.threads == 1 ? "" : "s",
                     !options.watch ? "off" : polling ? "by polling" : "with inotify", profiles);
}

// Every file a change of which means a reload: the profiles, and icp.toml (all of them).
std::map<std::string, std::string> watched_files(const ServedFiles& files) {
  std::map<std::string, std::string> out;
  for (const ProfileSource& source : files.profiles) out[source.file] = source.name;
  if (!files.manifest.empty()) out[files.manifest] = "";
  return out;
}

// SIGTERM/SIGINT: stop accepting, close idle connections, and stop the context once every
// connection has closed or drain_timeout has passed.
void drain(net::io_context& io, ServerContext& context, Listener& listener, ConnectionSet& connections) {
  context.draining = true;
  log_line(fmt::format("draining: {} connection{} open", connections.size(), connections.size() == 1 ? "" : "s"));
  listener.stop();
  connections.close_idle();
  const auto deadline = std::chrono::steady_clock::now() + context.options.drain_timeout;
  auto timer = std::make_shared<net::steady_timer>(io);
  auto check = std::make_shared<std::function<void()>>();
  *check = [&io, &connections, deadline, timer, check] {
    if (connections.size() == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (connections.size() != 0) log_line(fmt::format("drain timed out: closing {} connections", connections.size()));
      io.stop();
      *check = nullptr;  // breaks the cycle
      return;
    }
    timer->expires_after(std::chrono::milliseconds(20));
    timer->async_wait([check](boost::system::error_code) {
      if (*check) (*check)();
    });
  };
  (*check)();
}

// --log DIR: the writer opened (its notes logged: a torn tail left by a crash), or null after
// logging why not.
std::unique_ptr<ServerLog> open_log(const ServeOptions& options) {
  if (!options.log) return nullptr;
  std::vector<std::string> notes;
  std::string error;
  std::unique_ptr<decision_log::LogWriter> writer = decision_log::LogWriter::open(*options.log, notes, error);
  for (const std::string& note : notes) log_line(fmt::format("decision log: {}", note));
  if (!writer) {
    log_line(fmt::format("error: {}", error));
    return nullptr;
  }
  return std::make_unique<ServerLog>(std::move(writer), options.log_redact);
}

// A --log-redact name no loaded profile declares is likely misspelt: its field would be logged.
void warn_unknown_redactions(const ServerLog& log, const ProfileRegistry& registry) {
  std::vector<const ServedProgram*> loaded;
  const std::vector<ProfileStatus> statuses = registry.statuses();
  for (const ProfileStatus& status : statuses) {
    if (status.program) loaded.push_back(status.program.get());
  }
  for (const std::string& name : log.unknown_redactions(loaded)) {
    log_line(fmt::format("warning: --log-redact `{}`: no profile loaded declares it, so it leaves nothing out", name));
  }
}

// After the drain: what was submitted is written, and the files fsynced whatever the policy.
void close_log(ServerLog& log) {
  const decision_log::LogWriter::Counters counts = log.writer().counters();
  if (std::string failure; !log.writer().close(failure)) {
    log_line(fmt::format("error: decision log: {}", failure));
  } else {
    log_line(fmt::format("decision log `{}`: {} entries written, closed", log.writer().folder().string(), counts.entries));
  }
}

}  // namespace

int run_server(const ServeOptions& options) {
  keep_freed_memory();
  std::signal(SIGPIPE, SIG_IGN);  // a batch's pipe whose reader has gone must fail a write, not kill us
  std::string error;
  const std::optional<tcp::endpoint> endpoint = parse_listen(options.listen, error);
  std::optional<ServedFiles> files = endpoint ? resolve_served_files(options.paths, options.manifest, error) : std::nullopt;
  std::optional<AdminAuth> auth = AdminAuth();
  if (files && !options.admin_token_file.empty()) auth = AdminAuth::from_file(options.admin_token_file, error);
  if (!endpoint || !files || !auth) {
    log_line(fmt::format("error: {}", error));
    return kExitUsage;
  }

  ProfileRegistry registry(std::move(*files));
  Metrics metrics;
  std::unique_ptr<ServerLog> log = open_log(options);
  if (options.log && !log) return kExitUsage;
  if (log) {
    // A program is kept in the log before it serves, so every logged decision names one there.
    registry.set_before_serving([&log](const ServedProgram& program, std::string& error) { return log->keep(program, error); });
  }
  const Reloader::Reload reload = [&registry, &metrics](std::string_view trigger, const std::vector<std::string>& names) {
    std::vector<ReloadResult> results = registry.reload(names);
    for (const ReloadResult& result : results) {
      metrics.count_reload(result.name, result.outcome);
      log_reload(trigger, result);
    }
    return results;
  };
  reload("start", {});
  if (log) warn_unknown_redactions(*log, registry);

  net::io_context io(static_cast<int>(options.threads));
  if (log) log->set_defer([&io](std::function<void()> task) { net::post(io, std::move(task)); });
  // After io: destroyed before it, so no reload is left to post its answer to a dead context.
  Reloader reloader(reload);
  ServerContext context{options, registry, metrics, *auth, reloader};
  context.log = log.get();
  ConnectionSet connections;
  std::shared_ptr<Listener> listener;
  try {
    listener = std::make_shared<Listener>(io, *endpoint, context, connections);
  } catch (const boost::system::system_error& failure) {
    log_line(fmt::format("error: cannot listen on {}: {}", options.listen, failure.code().message()));
    return kExitUsage;
  }
  std::unique_ptr<FileWatcher> watcher;
  if (options.watch) {
    watcher = std::make_unique<FileWatcher>(watched_files(registry.files()), options.watch_debounce,
                                            options.force_polling, [&reloader](const std::vector<std::string>& names) {
                                              reloader.post("file changed", names, nullptr);
                                            });
  }
  log_line(start_line(listener->local_endpoint(), options, registry, watcher && watcher->polling()));

  net::signal_set stop_signals(io, SIGTERM, SIGINT);
  stop_signals.async_wait([&](boost::system::error_code error, int) {
    if (!error) drain(io, context, *listener, connections);
  });
  net::signal_set hangup(io, SIGHUP);
  std::function<void()> wait_hangup = [&] {
    hangup.async_wait([&](boost::system::error_code error, int) {
      if (error) return;
      reloader.post("SIGHUP", {}, nullptr);
      wait_hangup();
    });
  };
  wait_hangup();
  listener->start();

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < options.threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& thread : threads) thread.join();
  watcher.reset();
  if (log) close_log(*log);  // every request has been answered, or dropped at the drain timeout
  log_line("stopped");
  return 0;
}

}  // namespace icp::server
