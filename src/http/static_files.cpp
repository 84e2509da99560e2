#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <system_error>

namespace trellis::http {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxCachedFileBytes = 1 << 20;
constexpr std::size_t kMaxCacheBytes = 64 << 20;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

bool starts_with_segment(std::string_view path, std::string_view prefix) {
  return path == prefix || (path.size() > prefix.size() &&
                            path.substr(0, prefix.size()) == prefix && path[prefix.size()] == '/');
}

bool is_inside(const fs::path& root, const fs::path& candidate) {
  auto [root_end, candidate_it] =
      std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
  return root_end == root.end();
}

std::string_view extension_of(std::string_view file_name) {
  std::size_t slash = file_name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  std::size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return base.substr(dot + 1);
}

std::string etag_for(std::uintmax_t size, fs::file_time_type modified) {
  char buffer[64];
  auto ticks = static_cast<long long>(modified.time_since_epoch().count());
  int n = std::snprintf(buffer, sizeof buffer, "\"%jx-%llx\"", size, ticks);
  return std::string(buffer, static_cast<std::size_t>(n));
}

// If-None-Match holds "*" or a comma-separated list of (possibly weak) entity tags.
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  std::size_t start = 0;
  while (start <= if_none_match.size()) {
    std::size_t end = if_none_match.find(',', start);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view tag = if_none_match.substr(start, end - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    start = end + 1;
  }
  return false;
}

Result<std::string> read_file(const fs::path& file, std::uintmax_t expected_size) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) return Error::not_found("There is no file at this address.");
  std::string content;
  content.reserve(static_cast<std::size_t>(expected_size));
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, in.get())) > 0) content.append(buffer, n);
  if (std::ferror(in.get())) return Error::internal("could not read " + file.string());
  return content;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  if (root.empty()) return;
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec) return;
  root_ = canonical;
  enabled_ = fs::is_regular_file(root_ / "index.html", ec);
}

bool StaticFiles::is_reserved_path(std::string_view path) {
  return starts_with_segment(path, "/api") || path == "/healthz" || path == "/readyz" ||
         path == "/metrics";
}

std::optional<std::string> StaticFiles::safe_relative_path(std::string_view url_path) {
  if (url_path.empty() || url_path[0] != '/') return std::nullopt;
  std::string_view rest = url_path.substr(1);
  if (rest.find('\0') != std::string_view::npos || rest.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t start = 0;
  while (start <= rest.size()) {
    std::size_t end = rest.find('/', start);
    if (end == std::string_view::npos) end = rest.size();
    std::string_view segment = rest.substr(start, end - start);
    if (segment == "." || segment == "..") return std::nullopt;
    start = end + 1;
  }
  return std::string(rest);
}

std::string_view StaticFiles::content_type_for(std::string_view file_name) {
  struct Entry {
    std::string_view extension;
    std::string_view type;
  };
  static constexpr Entry kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"txt", "text/plain; charset=utf-8"},
      {"wasm", "application/wasm"},
  };
  std::string_view extension = extension_of(file_name);
  for (const Entry& e : kTypes) {
    if (e.extension.size() != extension.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < extension.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(extension[i])) == e.extension[i];
    }
    if (same) return e.type;
  }
  return "application/octet-stream";
}

std::optional<fs::path> StaticFiles::resolve(const std::string& relative) const {
  std::error_code ec;
  // weakly_canonical follows symlinks, so a link pointing outside the root fails is_inside.
  fs::path full = fs::weakly_canonical(root_ / relative, ec);
  if (ec || !is_inside(root_, full)) return std::nullopt;
  if (!fs::is_regular_file(full, ec)) return std::nullopt;
  return full;
}

bool StaticFiles::accepts_gzip(std::string_view accept_encoding) {
  std::size_t start = 0;
  while (start < accept_encoding.size()) {
    std::size_t end = accept_encoding.find(',', start);
    if (end == std::string_view::npos) end = accept_encoding.size();
    std::string_view item = accept_encoding.substr(start, end - start);
    start = end + 1;
    std::string_view coding = item.substr(0, item.find(';'));
    while (!coding.empty() && coding.front() == ' ') coding.remove_prefix(1);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    std::size_t q = item.find("q=");
    if (q == std::string_view::npos) return true;
    // q=0, q=0.0, q=0.000 refuse; anything else accepts.
    std::string_view value = item.substr(q + 2);
    bool zero = !value.empty() && value.front() == '0';
    for (std::size_t i = 1; zero && i < value.size() && value[i] != ' '; ++i)
      zero = value[i] == '.' || value[i] == '0';
    if (!zero) return true;
  }
  return false;
}

Result<Response> StaticFiles::serve(std::string_view path,
                                    std::optional<std::string_view> if_none_match,
                                    std::optional<std::string_view> accept_encoding) const {
  const bool gzip_allowed = accept_encoding && accepts_gzip(*accept_encoding);
  const Error not_found = Error::not_found("There is no file at this address.");
  if (!enabled_ || is_reserved_path(path)) return not_found;
  std::optional<std::string> relative = safe_relative_path(path);
  if (!relative) return not_found;

  if (!relative->empty()) {
    if (std::optional<fs::path> file = resolve(*relative)) {
      return file_response(*file, starts_with_segment(path, "/assets") && path != "/assets",
                           if_none_match, gzip_allowed);
    }
    // Names with an extension are files, and missing; others are the UI's own routes.
    if (!extension_of(*relative).empty()) return not_found;
  }
  std::optional<fs::path> index = resolve("index.html");
  if (!index) return not_found;
  return file_response(*index, false, if_none_match, gzip_allowed);
}

Result<Response> StaticFiles::file_response(const fs::path& requested, bool immutable,
                                            std::optional<std::string_view> if_none_match,
                                            bool gzip_allowed) const {
  std::error_code ec;
  // The gzip copy must sit inside the root like the file itself (resolve checks both).
  std::optional<fs::path> gzipped;
  if (gzip_allowed) gzipped = resolve(fs::relative(requested, root_).string() + ".gz");
  const fs::path& file = gzipped ? *gzipped : requested;
  std::uintmax_t size = fs::file_size(file, ec);
  if (ec) return Error::not_found("There is no file at this address.");
  fs::file_time_type modified = fs::last_write_time(file, ec);
  if (ec) return Error::not_found("There is no file at this address.");

  Response response;
  std::string etag = etag_for(size, modified);
  response.headers.emplace_back("Cache-Control", immutable ? kImmutable : kRevalidate);
  response.headers.emplace_back("ETag", etag);
  // Caches must keep the two encodings apart; sent whether or not this reply was compressed.
  response.headers.emplace_back("Vary", "Accept-Encoding");
  if (gzipped) response.headers.emplace_back("Content-Encoding", "gzip");
  if (if_none_match && etag_matches(*if_none_match, etag)) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.content_type = std::string(content_type_for(requested.filename().string()));

  const std::string key = file.string();
  {
    MutexLock lock(cache_mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.size == size && it->second.modified == modified) {
      response.body = it->second.content;
      return response;
    }
  }
  response.body = TRY(read_file(file, size));
  if (response.body.size() <= kMaxCachedFileBytes) {
    MutexLock lock(cache_mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      cache_bytes_ -= it->second.content.size();
      cache_.erase(it);
    }
    if (cache_bytes_ + response.body.size() <= kMaxCacheBytes) {
      cache_bytes_ += response.body.size();
      cache_.emplace(key, CachedFile{size, modified, response.body});
    }
  }
  return response;
}

}  // namespace trellis::http
