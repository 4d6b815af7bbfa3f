// `icpc serve [PATH...] [--listen HOST:PORT] [--threads N] ...`: the routing service.
// Parses the command line into server::ServeOptions and runs the server (server/), which
// logs on stderr and returns the exit code once drained.
#include <memory>

#include "server/server.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/log_options.hpp"

namespace icp::cli {
void add_serve_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<server::ServeOptions>();
  auto timeout_seconds = std::make_shared<double>(30);
  auto drain_seconds = std::make_shared<double>(30);
  auto no_watch = std::make_shared<bool>(false);
  auto log = std::make_shared<LogOptions>();
  CLI::App* serve = app.add_subcommand("serve", "Serve profiles over HTTP: decisions, batches, hot reload, metrics");
  serve->add_option("path", options->paths,
                    "Profiles to serve: .icp sources, built .icpb files, a folder or an icp.toml; default: the "
                    "icp.toml here or above")
      ->type_name("PATH");
  add_manifest_option(*serve, options->manifest);
  serve->add_option("--listen", options->listen, "Address and port to listen on; port 0 picks a free one, printed at start")
      ->type_name("HOST:PORT")
      ->capture_default_str();
  add_threads_option(*serve, options->threads, "Threads answering requests; the batches running share as many deciding threads");
  serve->add_option("--max-body", options->max_body, "Largest body of a single-account request, in bytes (K, M, G)")
      ->transform(byte_size())
      ->type_name("SIZE")
      ->capture_default_str();
  serve->add_option("--max-batch-body", options->max_batch_body, "Largest body of a batch request, in bytes (K, M, G)")
      ->transform(byte_size())
      ->type_name("SIZE")
      ->capture_default_str();
  serve->add_option("--max-connections", options->max_connections, "Open connections at most; more get 503")
      ->check(CLI::Range(1, 100000).description(""))
      ->type_name("N")
      ->capture_default_str();
  serve->add_option("--max-batches", options->max_batches, "Batches decided at once; more get 503; default: --threads")
      ->check(CLI::Range(1, 1024).description(""))
      ->type_name("N");
  serve->add_option("--timeout", *timeout_seconds,
                    "Seconds a client may send or read nothing before it is disconnected")
      ->check(CLI::Range(0.05, 3600.0).description(""))
      ->type_name("SECONDS")
      ->capture_default_str();
  serve->add_option("--drain-timeout", *drain_seconds, "Seconds SIGTERM waits for requests in flight")
      ->check(CLI::Range(0.0, 3600.0).description(""))
      ->type_name("SECONDS")
      ->capture_default_str();
  serve->add_option("--admin-token-file", options->admin_token_file,
                    "File whose first line is the bearer token POST /v1/admin/reload requires")
      ->type_name("FILE");
  serve->add_flag("--no-watch", *no_watch, "Do not reload when a served file changes (SIGHUP and the admin endpoint still do)");
  serve->add_flag("--poll", options->force_polling, "Watch files by polling their status rather than with inotify");
  add_log_options(*serve, *log, "1s");
  serve->footer("Exit codes:\n  0  stopped by SIGTERM or SIGINT after answering the requests in flight\n  2  usage "
                "error, no profile to serve, an unusable --listen address or admin token file, or a decision log that cannot be "
                "opened");
  serve->callback([options, timeout_seconds, drain_seconds, no_watch, log, &exit_code] {
    if (!log->folder.empty()) {
      options->log = writer_options(*log);
      if (!options->log) {
        exit_code = kExitUsage;
        return;
      }
      options->log_redact = log->redact;
    }
    options->timeout = std::chrono::milliseconds(static_cast<long long>(*timeout_seconds * 1000));
    options->drain_timeout = std::chrono::milliseconds(static_cast<long long>(*drain_seconds * 1000));
    options->watch = !*no_watch;
    exit_code = server::run_server(*options);
  });
}

}  // namespace icp::cli
