// What the benchmark clients share: one keep-alive HTTP connection to a running `trellis serve`
// with a bearer token, and small helpers. Header-only: each benchmark is one executable.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace trellis::bench {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

inline double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// One keep-alive connection with the bearer token.
class Client {
 public:
  Client(const std::string& host, const std::string& port, std::string token)
      : socket_(io_), token_(std::move(token)) {
    tcp::resolver resolver(io_);
    boost::asio::connect(socket_, resolver.resolve(host, port));
  }

  // The token the next requests carry (one connection can speak for several people).
  void set_token(std::string token) { token_ = std::move(token); }

  std::pair<int, std::string> request(http::verb method, const std::string& target,
                                      const std::string& body = {},
                                      const std::string& type = "application/json") {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + token_);
    if (!body.empty() || method == http::verb::post) {
      req.set(http::field::content_type, type);
      req.body() = body;
      req.prepare_payload();
    }
    http::write(socket_, req);
    http::response_parser<http::string_body> parser;
    parser.body_limit(1u << 30);
    http::read(socket_, buffer_, parser);
    auto res = parser.release();
    return {static_cast<int>(res.result_int()), res.body()};
  }

  boost::json::value json(http::verb method, const std::string& target,
                          const boost::json::value& body = nullptr, int expect = 200) {
    auto [status, text] =
        request(method, target, body.is_null() ? std::string() : boost::json::serialize(body));
    if (status != expect) {
      std::fprintf(stderr, "%s -> %d: %s\n", target.c_str(), status, text.substr(0, 500).c_str());
      std::exit(1);
    }
    return text.empty() ? boost::json::value(nullptr) : boost::json::parse(text);
  }

 private:
  boost::asio::io_context io_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  std::string token_;
};

inline std::string str(const boost::json::value& v, const char* key) {
  return std::string(v.at(key).as_string());
}

// "http://127.0.0.1:8080" as host and port.
inline std::pair<std::string, std::string> host_and_port(std::string base) {
  base = base.substr(base.find("://") + 3);
  return {base.substr(0, base.find(':')), base.substr(base.find(':') + 1)};
}

}  // namespace trellis::bench
