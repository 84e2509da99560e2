#include "http/server.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <ctime>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/mutex.h"
#include "http/access_log.h"
#include "http/client_address.h"
#include "http/errors.h"
#include "http/offload.h"
#include "http/request_id.h"
#include "http/request_target.h"
#include "http/static_files.h"

namespace trellis::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// After answering a request that was not read completely (413, 431, 400), the rest the client
// sends is read and dropped for a moment, so closing does not reset the connection before the
// client has read the answer.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 16 << 20;

// The Date header, formatted once per second per thread.
const std::string& http_date() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[64];
    std::size_t n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached.assign(buffer, n);
    cached_second = now;
  }
  return cached;
}

std::string upper_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string lower_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

bool has_header(const Response& response, std::string_view name) {
  for (const auto& header : response.headers) {
    if (iequals(header.first, name)) return true;
  }
  return false;
}

bool is_api_path(std::string_view path) {
  return path == "/api" || path.substr(0, 5) == "/api/";
}

Error method_not_allowed(std::string_view method, const std::vector<std::string>& allowed,
                         std::string& allow_header) {
  for (const std::string& m : allowed) {
    if (!allow_header.empty()) allow_header += ", ";
    allow_header += m;
  }
  Error e;
  e.code = ErrorCode::kMethodNotAllowed;
  e.message = std::string(method) + " is not allowed here; use " + allow_header + ".";
  return e;
}

}  // namespace

class Server::Impl {
 public:
  class Session;

  Impl(ServerOptions opts, const Router& r, Metrics& m);
  ~Impl();

  Status listen();
  void run();
  void stop();

  asio::awaitable<void> accept_loop();
  void session_ended(Session* session);

  // Metrics series, looked up once so that recording never takes a lock.
  Metrics::Series& unmatched_series(std::string_view method);

  const ServerOptions options;
  const Router& router;
  Metrics& metrics;
  const StaticFiles static_files;
  std::vector<std::pair<Metrics::Series*, Metrics::Series*>> route_series;  // own method, HEAD
  std::vector<Metrics::Series*> unmatched;
  Metrics::Series* static_get = nullptr;
  Metrics::Series* static_head = nullptr;

  std::atomic<bool> stopping{false};
  std::atomic<bool> destroying{false};  // sessions dying with the I/O context post nothing
  std::atomic<int> bound_port{0};

  // Declared before the I/O context so that sessions destroyed with it can still unregister.
  Mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions GUARDED_BY(sessions_mutex);

  asio::io_context io;
  asio::strand<asio::io_context::executor_type> control;  // acceptor, signals, grace timer
  tcp::acceptor acceptor;
  asio::steady_timer grace_timer;
  std::optional<asio::signal_set> signals;
  asio::thread_pool workers;
};

class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) client_address_ = endpoint.address().to_string();
  }
  ~Session() { server_.session_ended(this); }

  asio::awaitable<void> run();

  // Both run on the session's strand. An idle connection has no request in progress.
  void close_if_idle() {
    if (idle_) stream_.socket().close();
  }
  void close_now() { stream_.socket().close(); }

  asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  struct Outcome {
    Response response;
    std::string route;
    Metrics::Series* series = nullptr;
    bool is_static = false;
    bool log_client = true;
  };

  asio::awaitable<Outcome> dispatch(Request& request, std::optional<Error> bad_target);
  asio::awaitable<bool> answer(Request& request, std::optional<Error> bad_target, unsigned version,
                               bool keep_alive, Clock::time_point started,
                               std::string_view log_path);
  asio::awaitable<void> reject(const beast::error_code& ec,
                               bhttp::request_parser<bhttp::string_body>& parser,
                               Clock::time_point started);
  asio::awaitable<void> linger_and_close();

  // Feeds the buffered bytes to the parser. need_more is not an error: the caller reads on.
  beast::error_code parse_buffered(bhttp::request_parser<bhttp::string_body>& parser) {
    beast::error_code ec;
    while (buffer_.size() > 0 && !parser.is_done()) {
      std::size_t used = parser.put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == bhttp::error::need_more) return {};
      if (ec) return ec;
      if (used == 0) break;
    }
    return ec;
  }

  // Runs a handler; an exception becomes an internal error (logged with the request id later).
  static Result<Response> invoke(const Handler& handler, const Request& request) noexcept {
    try {
      return handler(request);
    } catch (const std::exception& e) {
      return Error::internal(std::string("handler threw: ") + e.what());
    } catch (...) {
      return Error::internal("handler threw a non-standard exception");
    }
  }

  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string client_address_;
  bool idle_ = false;
};

// Long on purpose: one connection's life as one coroutine (idle wait, read with its deadline,
// answer, keep-alive or close); its phases share the buffer and the timers.
asio::awaitable<void> Server::Impl::Session::run() {
  auto self = shared_from_this();
  const auto request_timeout = std::chrono::seconds(server_.options.request_timeout_seconds);
  const auto keepalive_timeout = std::chrono::seconds(server_.options.keepalive_timeout_seconds);
  bool first = true;
  for (;;) {
    // Wait for the next request's first bytes: the idle (keep-alive) phase.
    if (buffer_.size() == 0) {
      idle_ = true;
      if (server_.stopping.load()) break;
      stream_.expires_after(first ? request_timeout : keepalive_timeout);
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(8192), kNoThrow);
      idle_ = false;
      if (ec) break;
      buffer_.commit(n);
    }
    first = false;
    const Clock::time_point started = Clock::now();

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser.body_limit(server_.options.max_body_bytes);
    stream_.expires_after(request_timeout);
    // Usually the whole request has arrived already: parse it here rather than through another
    // asynchronous read, which would cost a trip through the I/O loop.
    beast::error_code ec = parse_buffered(parser);
    std::size_t n = 0;
    if (!ec && !parser.is_header_done()) {
      std::tie(ec, n) = co_await bhttp::async_read_header(stream_, buffer_, parser, kNoThrow);
    }
    if (!ec && !parser.is_done()) {
      if (iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
        auto [write_ec, written] = co_await bhttp::async_write(stream_, go_on, kNoThrow);
        ec = write_ec;
      }
      if (!ec) std::tie(ec, n) = co_await bhttp::async_read(stream_, buffer_, parser, kNoThrow);
    }
    if (ec) {
      // A peer that went away or stalled gets nothing; a bad request gets an answer.
      if (ec != bhttp::error::end_of_stream && ec != beast::error::timeout &&
          ec != asio::error::eof && ec != asio::error::connection_reset &&
          ec != asio::error::operation_aborted && ec != asio::error::bad_descriptor) {
        co_await reject(ec, parser, started);
      }
      break;
    }

    auto& message = parser.get();
    Request request;
    request.method = upper_case(message.method_string());
    std::vector<std::string_view> forwarded_for;
    if (!server_.options.trusted_proxies.empty()) {
      auto [from, to] = message.equal_range("X-Forwarded-For");
      for (auto it = from; it != to; ++it) forwarded_for.push_back(it->value());
    }
    request.client_address =
        client_address(client_address_, forwarded_for, server_.options.trusted_proxies);
    request.request_id = request_id_for(message["X-Request-Id"]);
    request.headers.reserve(
        static_cast<std::size_t>(std::distance(message.begin(), message.end())));
    for (const auto& field : message) {
      request.headers.emplace_back(lower_case(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    const std::string target(message.target());
    const bool keep_alive = message.keep_alive();
    const unsigned version = message.version();

    std::optional<Error> bad_target;
    if (Result<Target> parsed = parse_target(target)) {
      request.path = std::move(parsed->path);
      request.query = std::move(parsed->query);
    } else {
      bad_target = std::move(parsed).error();
    }
    bool keep_going = co_await answer(request, std::move(bad_target), version, keep_alive, started,
                                      path_for_log(target));
    if (!keep_going) break;
  }
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

asio::awaitable<Server::Impl::Session::Outcome> Server::Impl::Session::dispatch(
    Request& request, std::optional<Error> bad_target) {
  Outcome outcome;
  const bool head = request.method == "HEAD";
  Match match;
  if (!bad_target) match = server_.router.match(request.method, request.path);
  Result<Response> result = Error::internal("no response");

  if (bad_target) {
    outcome.series = &server_.unmatched_series(request.method);
    result = std::move(*bad_target);
  } else if (match.route != nullptr) {
    const Route& route = *match.route;
    auto index = static_cast<std::size_t>(&route - server_.router.routes().data());
    auto [own, via_get] = server_.route_series[index];
    outcome.series = (head && route.method != "HEAD") ? via_get : own;
    outcome.route = route.pattern;
    outcome.log_client = route.logging == AccessLogging::kFull;
    request.route = route.pattern;
    request.path_params = std::move(match.params);
    if (route.execution == Execution::kInline) {
      result = invoke(route.handler, request);
    } else {
      result = co_await offload(server_.workers, [&route, &request]() noexcept {
        return invoke(route.handler, request);
      });
    }
  } else if (!match.allowed_methods.empty()) {
    std::string allow;
    result = method_not_allowed(request.method, match.allowed_methods, allow);
    outcome.series = &server_.unmatched_series(request.method);
    outcome.response = error_response(result.error(), request.request_id);
    outcome.response.headers.emplace_back("Allow", std::move(allow));
    co_return outcome;
  } else if (server_.static_files.enabled() && (head || request.method == "GET") &&
             !StaticFiles::is_reserved_path(request.path)) {
    outcome.series = head ? server_.static_head : server_.static_get;
    outcome.is_static = true;
    const StaticFiles& files = server_.static_files;
    result = co_await offload(server_.workers, [&files, &request]() noexcept -> Result<Response> {
      try {
        return files.serve(request.path, request.header("if-none-match"),
                           request.header("accept-encoding"));
      } catch (const std::exception& e) {
        return Error::internal(std::string("static file: ") + e.what());
      }
    });
  } else {
    outcome.series = &server_.unmatched_series(request.method);
    result =
        is_api_path(request.path)
            ? Error::not_found("No API route matches " + request.method + " " + request.path + ".")
            : Error::not_found("There is nothing at this address.");
  }

  if (result) {
    outcome.response = std::move(result).value();
  } else {
    outcome.response = error_response(result.error(), request.request_id);
  }
  co_return outcome;
}

asio::awaitable<bool> Server::Impl::Session::answer(Request& request,
                                                    std::optional<Error> bad_target,
                                                    unsigned version, bool keep_alive,
                                                    Clock::time_point started,
                                                    std::string_view log_path) {
  server_.metrics.request_started();
  Outcome outcome = co_await dispatch(request, std::move(bad_target));
  Response& response = outcome.response;

  bhttp::response<bhttp::string_body> res;
  res.version(version);
  res.result(static_cast<unsigned>(response.status));
  res.set(bhttp::field::date, http_date());
  if (!response.content_type.empty()) res.set(bhttp::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) res.insert(name, value);
  res.set("X-Request-Id", request.request_id);
  res.set("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : server_.options.common_headers) res.set(name, value);
  if (!outcome.is_static && !has_header(response, "cache-control")) {
    res.set(bhttp::field::cache_control, "no-store");
  }
  res.keep_alive(keep_alive && !server_.stopping.load());

  const unsigned status = res.result_int();
  const bool bodiless = status / 100 == 1 || status == 204 || status == 304;
  if (bodiless) {
    res.body().clear();
  } else {
    res.body() = std::move(response.body);
    res.prepare_payload();
    // HEAD: the headers of the GET, Content-Length included, without the body.
    if (request.method == "HEAD") res.body().clear();
  }

  stream_.expires_after(std::chrono::seconds(server_.options.request_timeout_seconds));
  auto [ec, written] = co_await bhttp::async_write(stream_, res, kNoThrow);
  server_.metrics.request_finished();

  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (outcome.series != nullptr) outcome.series->observe(static_cast<int>(status), seconds);
  log_access({request.method, outcome.route, log_path, static_cast<int>(status), seconds,
              request.request_id,
              outcome.log_client ? std::string_view(request.client_address) : "-"});
  co_return !ec && res.keep_alive();
}

asio::awaitable<void> Server::Impl::Session::reject(
    const beast::error_code& ec, bhttp::request_parser<bhttp::string_body>& parser,
    Clock::time_point started) {
  Error error = Error::invalid("The request is not valid HTTP.");
  int status = 400;
  if (ec == bhttp::error::body_limit) {
    error = Error::too_large("The request body is larger than " +
                             std::to_string(server_.options.max_body_bytes) + " bytes.");
    status = 413;
  } else if (ec == bhttp::error::header_limit) {
    error = Error::too_large("The request headers are larger than " +
                             std::to_string(server_.options.max_header_bytes) + " bytes.");
    status = 431;
  }
  const bool header_read = parser.is_header_done();
  std::string request_id = request_id_for(
      header_read ? std::optional<std::string_view>(parser.get()["X-Request-Id"]) : std::nullopt);
  // The start line is known even when the header as a whole was refused.
  const auto& partial = parser.get();
  std::string method = partial.method_string().empty() ? "-" : upper_case(partial.method_string());
  std::string path = partial.target().empty() ? "-" : std::string(path_for_log(partial.target()));

  Response response = error_response(error, request_id);
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::date, http_date());
  res.set(bhttp::field::content_type, response.content_type);
  res.set("X-Request-Id", request_id);
  res.set("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : server_.options.common_headers) res.set(name, value);
  res.set(bhttp::field::cache_control, "no-store");
  res.body() = std::move(response.body);
  res.keep_alive(false);
  res.prepare_payload();
  stream_.expires_after(std::chrono::seconds(server_.options.request_timeout_seconds));
  co_await bhttp::async_write(stream_, res, kNoThrow);

  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  server_.unmatched_series(method).observe(status, seconds);
  log_access({method, {}, path, status, seconds, request_id, client_address_});
  co_await linger_and_close();
}

asio::awaitable<void> Server::Impl::Session::linger_and_close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  stream_.expires_after(kLingerTime);
  std::array<char, 16384> sink;
  std::size_t drained = 0;
  while (drained < kLingerBytes) {
    auto [read_ec, n] = co_await stream_.async_read_some(asio::buffer(sink), kNoThrow);
    if (read_ec) break;
    drained += n;
  }
}

Server::Impl::Impl(ServerOptions opts, const Router& r, Metrics& m)
    : options(std::move(opts)),
      router(r),
      metrics(m),
      static_files(options.static_dir),
      io(options.io_threads > 0 ? options.io_threads : 1),
      control(asio::make_strand(io)),
      acceptor(control),
      grace_timer(control),
      workers(static_cast<std::size_t>(options.worker_threads > 0 ? options.worker_threads : 1)) {
  for (const Route& route : router.routes()) {
    Metrics::Series* own = &metrics.series(route.method, route.pattern);
    Metrics::Series* via_get = route.method == "GET" ? &metrics.series("HEAD", route.pattern) : own;
    route_series.emplace_back(own, via_get);
  }
  for (std::string_view method :
       {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"}) {
    unmatched.push_back(&metrics.series(method, Metrics::kUnmatchedRoute));
  }
  static_get = &metrics.series("GET", "static");
  static_head = &metrics.series("HEAD", "static");
}

Server::Impl::~Impl() {
  destroying = true;
  // Handlers still on the pool hold coroutine frames of the I/O context: finish them first.
  workers.stop();
  workers.join();
}

Metrics::Series& Server::Impl::unmatched_series(std::string_view method) {
  std::string_view label = metrics_method_label(method);
  static constexpr std::string_view kOrder[] = {"GET",   "HEAD",   "POST",    "PUT",
                                                "PATCH", "DELETE", "OPTIONS", "OTHER"};
  for (std::size_t i = 0; i < std::size(kOrder); ++i) {
    if (kOrder[i] == label) return *unmatched[i];
  }
  return *unmatched.back();
}

Status Server::Impl::listen() {
  const std::string where = "port " + std::to_string(options.port) + " on " + options.host;
  beast::error_code ec;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return Error::unavailable("cannot listen on " + where + ": the host cannot be resolved");
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (ec == asio::error::address_in_use) {
    acceptor.close();
    return Error::unavailable(where + " is already in use");
  }
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    return Error::unavailable("cannot listen on " + where + ": " + ec.message());
  }
  bound_port = acceptor.local_endpoint().port();
  return ok_status();
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), kNoThrow);
    if (stopping.load() || !acceptor.is_open()) co_return;
    if (ec) {
      // Usually out of file descriptors: wait a little instead of spinning.
      spdlog::warn("accepting a connection failed: {}", ec.message());
      asio::steady_timer pause(control, std::chrono::milliseconds(50));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    auto session = std::make_shared<Session>(*this, std::move(socket));
    {
      MutexLock lock(sessions_mutex);
      sessions.emplace(session.get(), session);
    }
    auto executor = session->executor();
    asio::co_spawn(executor, session->run(), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("connection failed: {}", ex.what());
      }
    });
  }
}

void Server::Impl::session_ended(Session* session) {
  MutexLock lock(sessions_mutex);
  sessions.erase(session);
  if (sessions.empty() && stopping.load() && !destroying.load()) {
    asio::post(control, [this] { grace_timer.cancel(); });
  }
}

void Server::Impl::run() {
  if (!acceptor.is_open()) return;
  if (options.handle_signals) {
    signals.emplace(control, SIGINT, SIGTERM);
    signals->async_wait([this](const beast::error_code& ec, int signal_number) {
      if (ec) return;
      spdlog::info("received signal {}; stopping gracefully", signal_number);
      stop();
    });
  }
  asio::co_spawn(control, accept_loop(), asio::detached);

  std::vector<std::thread> threads;
  for (int i = 1; i < options.io_threads; ++i) threads.emplace_back([this] { io.run(); });
  io.run();
  for (std::thread& t : threads) t.join();
}

void Server::Impl::stop() {
  if (stopping.exchange(true)) return;
  asio::post(control, [this] {
    beast::error_code ignored;
    acceptor.close(ignored);
    if (signals) signals->cancel(ignored);

    std::vector<std::shared_ptr<Session>> live;
    {
      MutexLock lock(sessions_mutex);
      for (auto& [raw, weak] : sessions) {
        if (auto session = weak.lock()) live.push_back(std::move(session));
      }
      if (live.empty()) return;
    }
    for (auto& session : live) {
      asio::post(session->executor(), [session] { session->close_if_idle(); });
    }
    grace_timer.expires_after(std::chrono::seconds(options.shutdown_grace_seconds));
    grace_timer.async_wait([this](const beast::error_code& ec) {
      if (ec) return;  // cancelled: every connection finished in time
      std::vector<std::shared_ptr<Session>> remaining;
      {
        MutexLock lock(sessions_mutex);
        for (auto& [raw, weak] : sessions) {
          if (auto session = weak.lock()) remaining.push_back(std::move(session));
        }
      }
      spdlog::warn("{} connection(s) still busy after the shutdown grace period; closing them",
                   remaining.size());
      // Close every connection on its own strand; the last one to close stops the I/O context,
      // so that a handler stuck on the worker pool cannot keep run() from returning.
      auto left = std::make_shared<std::atomic<std::size_t>>(remaining.size());
      if (remaining.empty()) io.stop();
      for (auto& session : remaining) {
        asio::post(session->executor(), [this, session, left] {
          session->close_now();
          if (left->fetch_sub(1) == 1) io.stop();
        });
      }
    });
  });
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() = default;

Status Server::listen() {
  return impl_->listen();
}

int Server::port() const {
  return impl_->bound_port.load();
}

void Server::run() {
  impl_->run();
}

void Server::stop() {
  impl_->stop();
}

}  // namespace trellis::http
