// Server: the HTTP/1.1 front door. Reads requests, routes them through the Router, runs the
// handlers (inline on the I/O threads, or on a worker pool when they block), and writes the
// responses with the common headers, a request id, an access log line and metrics.
//
// Thread-safety: listen() and run() are called once, from one thread; stop() and port() may be
// called from any thread at any time. The Router and the Metrics must outlive the Server.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/ip_network.h"
#include "core/result.h"
#include "http/metrics.h"
#include "http/router.h"

namespace trellis::http {

struct ServerOptions {
  std::string host = "127.0.0.1";           // address or name to listen on
  int port = 8080;                          // 0 picks a free port (see Server::port())
  int io_threads = 2;                       // threads doing network I/O and inline handlers
  int worker_threads = 8;                   // threads running Execution::kBlocking handlers
  std::size_t max_body_bytes = 1 << 20;     // larger bodies get 413
  std::size_t max_header_bytes = 16 << 10;  // larger headers get 431
  int request_timeout_seconds = 30;         // to read a request, and to write its response
  int keepalive_timeout_seconds = 75;       // an idle keep-alive connection is then closed
  int shutdown_grace_seconds = 10;          // stop() waits this long for in-flight requests
  std::string static_dir;                   // the web UI's files; empty serves none
  // Reverse proxies whose X-Forwarded-For is believed (see client_address.h); empty: none.
  std::vector<IpNetwork> trusted_proxies;
  bool handle_signals = false;  // SIGINT/SIGTERM call stop() during run()
  // Sent on every response, errors included: the security policy headers (CSP, HSTS …),
  // chosen by the composition root.
  std::vector<std::pair<std::string, std::string>> common_headers;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts listening. Error::unavailable when the port is taken ("port 8080 on
  // 127.0.0.1 is already in use") or the address cannot be used.
  Status listen();

  // The port actually bound (useful with port 0); 0 before listen() succeeded.
  int port() const;

  // Serves until stop() (or a signal, with handle_signals) and the graceful shutdown that
  // follows have finished. Returns at once when listen() has not succeeded.
  void run();

  // Graceful stop: stops accepting, closes idle keep-alive connections, lets requests in flight
  // finish (up to shutdown_grace_seconds, after which their connections are closed), and then
  // makes run() return. Idempotent; safe from any thread, before or during run().
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trellis::http
