#include "support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <limits>
#include <stdexcept>

namespace trellis::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Runs the asynchronous operations started on `io` to completion; the streams' own expiry
// (tcp_stream::expires_after) bounds how long that takes.
void run_all(asio::io_context& io) {
  io.restart();
  io.run();
}

beast::error_code connect(asio::io_context& io, beast::tcp_stream& stream, const std::string& host,
                          int port, std::chrono::milliseconds timeout) {
  beast::error_code ec;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return ec;
  stream.expires_after(timeout);
  stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  run_all(io);
  if (!ec) stream.socket().set_option(tcp::no_delay(true), ec);
  return ec;
}

}  // namespace

std::optional<std::string> Reply::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

boost::json::value Reply::json() const {
  return boost::json::parse(body);
}

struct HttpClient::Connection {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  bool open = false;

  void close() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.socket().close(ignored);
    buffer.clear();
    open = false;
  }
};

HttpClient::HttpClient(std::string host, int port)
    : host_(std::move(host)), port_(port), connection_(std::make_unique<Connection>()) {}

HttpClient::~HttpClient() {
  connection_->close();
}

Reply HttpClient::request(std::string method, std::string target, std::string body,
                          HeaderList headers) {
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, host_ + ":" + std::to_string(port_));
  for (auto& [name, value] : headers) req.insert(name, value);
  req.body() = std::move(body);
  req.prepare_payload();

  Connection& c = *connection_;
  for (int attempt = 0;; ++attempt) {
    bool fresh = false;
    if (!c.open) {
      beast::error_code ec = connect(c.io, c.stream, host_, port_, timeout_);
      if (ec) {
        throw std::runtime_error("cannot connect to " + host_ + ":" + std::to_string(port_) + ": " +
                                 ec.message());
      }
      c.open = true;
      fresh = true;
      ++connections_opened_;
    }

    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    if (method == "HEAD") parser.skip(true);
    beast::error_code ec;
    c.stream.expires_after(timeout_);
    bhttp::async_write(c.stream, req, [&](beast::error_code e, std::size_t) {
      ec = e;
      if (ec) return;
      bhttp::async_read(c.stream, c.buffer, parser,
                        [&](beast::error_code e2, std::size_t) { ec = e2; });
    });
    run_all(c.io);
    if (ec) {
      c.close();
      // A reused connection may have been closed by the server while idle: try once more.
      if (fresh || attempt > 0) {
        throw std::runtime_error(method + " " + target + " got no reply: " + ec.message());
      }
      continue;
    }

    auto& res = parser.get();
    Reply reply;
    reply.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    reply.body = std::move(res.body());
    if (!res.keep_alive()) c.close();
    if (reply_check_) reply_check_(method, target, reply);
    return reply;
  }
}

Reply HttpClient::get(std::string target, HeaderList headers) {
  return request("GET", std::move(target), {}, std::move(headers));
}

namespace {
HeaderList with_json_type(HeaderList headers) {
  headers.emplace_back("Content-Type", "application/json");
  return headers;
}
}  // namespace

Reply HttpClient::post(std::string target, const boost::json::value& body, HeaderList headers) {
  return request("POST", std::move(target), boost::json::serialize(body),
                 with_json_type(std::move(headers)));
}

Reply HttpClient::patch(std::string target, const boost::json::value& body, HeaderList headers) {
  return request("PATCH", std::move(target), boost::json::serialize(body),
                 with_json_type(std::move(headers)));
}

Reply HttpClient::put(std::string target, const boost::json::value& body, HeaderList headers) {
  return request("PUT", std::move(target), boost::json::serialize(body),
                 with_json_type(std::move(headers)));
}

Reply HttpClient::del(std::string target, HeaderList headers) {
  return request("DELETE", std::move(target), {}, std::move(headers));
}

RawReply send_raw(const std::string& host, int port, std::string_view bytes,
                  std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec = connect(io, stream, host, port, timeout);
  if (ec) throw std::runtime_error("cannot connect for a raw exchange: " + ec.message());

  RawReply reply;
  auto started = std::chrono::steady_clock::now();
  stream.expires_after(timeout);
  // A write error (the server closed early) still leaves its answer to read.
  asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()),
                    [&](beast::error_code e, std::size_t) { ec = e; });
  run_all(io);
  if (ec == beast::error::timeout) {
    reply.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return reply;
  }

  std::string chunk(16384, '\0');
  for (;;) {
    std::size_t n = 0;
    stream.async_read_some(asio::buffer(chunk), [&](beast::error_code e, std::size_t got) {
      ec = e;
      n = got;
    });
    run_all(io);
    reply.received.append(chunk.data(), n);
    if (ec) {
      reply.closed_by_server = ec != beast::error::timeout;
      break;
    }
  }
  reply.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return reply;
}

}  // namespace trellis::test
