// StaticFiles: serves the built web UI from a folder, safely.
//
// Paths that try to leave the folder ("..", backslashes, NUL, symlinks pointing outside) are
// refused. Files under /assets/ have hashed names and are cached by browsers for a year; all
// others (index.html first) are revalidated on each use. A path without a file extension that
// names no file gets index.html, so the UI's client-side routes load. Small files are kept in
// memory (revalidated against their size and modification time). When the build left a gzip
// copy beside a file (app.js.gz) and the client accepts gzip, that copy is sent instead, with
// Content-Encoding: gzip, so the first load is the size the bundle budget measures. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/mutex.h"
#include "core/result.h"
#include "http/request.h"

namespace trellis::http {

class StaticFiles {
 public:
  // `root` is the folder to serve; an empty or missing folder, or one without index.html,
  // gives a StaticFiles that is not enabled().
  explicit StaticFiles(const std::string& root);

  // True when there is something to serve (the root holds index.html).
  bool enabled() const { return enabled_; }

  // The response to a GET of `path` (percent-decoded, without the query): the file with its
  // content type, Cache-Control and ETag, or 304 when `if_none_match` matches the ETag.
  // Error::not_found when no file applies or the path is unsafe. HEAD is the caller's job
  // (send the headers only). `accept_encoding` is the request's Accept-Encoding header.
  Result<Response> serve(std::string_view path, std::optional<std::string_view> if_none_match,
                         std::optional<std::string_view> accept_encoding = std::nullopt) const;

  // True when an Accept-Encoding header value accepts gzip (q above 0).
  static bool accepts_gzip(std::string_view accept_encoding);

  // True for the paths that never name a file: /api and below, /healthz, /readyz, /metrics.
  static bool is_reserved_path(std::string_view path);

  // `url_path` made relative to the root ("/assets/app.js" → "assets/app.js"; "/" → ""), or
  // nullopt when it contains a "." or ".." segment, a backslash or a NUL.
  static std::optional<std::string> safe_relative_path(std::string_view url_path);

  // The Content-Type for a file name, by extension; application/octet-stream when unknown.
  static std::string_view content_type_for(std::string_view file_name);

 private:
  struct CachedFile {
    std::uintmax_t size = 0;
    std::filesystem::file_time_type modified;
    std::string content;
  };

  // The canonical path of `relative` when it exists as a regular file inside the root.
  std::optional<std::filesystem::path> resolve(const std::string& relative) const;
  Result<Response> file_response(const std::filesystem::path& file, bool immutable,
                                 std::optional<std::string_view> if_none_match,
                                 bool gzip_allowed) const;

  std::filesystem::path root_;  // canonical
  bool enabled_ = false;

  mutable Mutex cache_mutex_;
  mutable std::unordered_map<std::string, CachedFile> cache_
      GUARDED_BY(cache_mutex_);  // by canonical path
  mutable std::size_t cache_bytes_ GUARDED_BY(cache_mutex_) = 0;
};

}  // namespace trellis::http
