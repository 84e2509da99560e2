// HttpClient: a small blocking HTTP/1.1 client for tests, speaking to a Trellis server over
// loopback. It keeps one keep-alive connection and reconnects when the server has closed it.
// Not thread-safe: one client per thread.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trellis::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Reply {
  int status = 0;
  HeaderList headers;
  std::string body;

  // The first header of that name (case-insensitive); nullopt when absent.
  std::optional<std::string> header(std::string_view name) const;
  // The body parsed as JSON; throws when it is not JSON.
  boost::json::value json() const;
};

class HttpClient {
 public:
  HttpClient(std::string host, int port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the reply. Throws std::runtime_error when no reply comes
  // (connection refused, timeout, the server closing without answering twice in a row).
  Reply request(std::string method, std::string target, std::string body = {},
                HeaderList headers = {});

  // Shortcuts; bodies are sent as JSON with Content-Type: application/json.
  Reply get(std::string target, HeaderList headers = {});
  Reply post(std::string target, const boost::json::value& body, HeaderList headers = {});
  Reply patch(std::string target, const boost::json::value& body, HeaderList headers = {});
  Reply put(std::string target, const boost::json::value& body, HeaderList headers = {});
  Reply del(std::string target, HeaderList headers = {});

  // TCP connections opened so far (1 after any number of keep-alive requests).
  int connections_opened() const { return connections_opened_; }
  // How long a request may take before it fails; 30 s by default.
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

  // Called with every reply before request() returns it; the API tests check each reply
  // against the OpenAPI document there.
  using ReplyCheck =
      std::function<void(const std::string& method, const std::string& target, const Reply&)>;
  void set_reply_check(ReplyCheck check) { reply_check_ = std::move(check); }

 private:
  struct Connection;

  std::string host_;
  int port_;
  std::chrono::milliseconds timeout_{30000};
  int connections_opened_ = 0;
  std::unique_ptr<Connection> connection_;
  ReplyCheck reply_check_;
};

// What came back from a raw exchange.
struct RawReply {
  std::string received;           // every byte the server sent
  bool closed_by_server = false;  // the server closed (or reset) the connection
  double seconds = 0;             // from sending until the close or the timeout
};

// Opens a fresh connection, sends `bytes` exactly as given (malformed requests, half requests),
// then reads until the server closes the connection or `timeout` passes.
RawReply send_raw(const std::string& host, int port, std::string_view bytes,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace trellis::test
