// Zip archives in memory (libzip), read defensively: every entry path is checked when the archive
// is opened; the size limits of ImportLimits apply to the entries that are read, first to their
// declared sizes and then to the bytes actually inflated. Entries never read (a video the import
// skips) are never inflated, so their size does not matter beyond the archive's own limit.
// Internal to src/interchange. A ZipReader is used by one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "interchange/qda.h"

struct zip;

namespace trellis::interchange::qda::detail {

struct ZipEntry {
  std::string name;  // a relative path with '/' separators
  std::string data;
};

// A zip of `entries` (deflated), in memory. Fails only if libzip does.
Result<std::string> write_zip(const std::vector<ZipEntry>& entries);

// Why a path cannot name a file inside an archive ("" when it can): empty, absolute, a drive
// letter, a backslash or a ".." component.
std::string unsafe_path_reason(std::string_view path);

class ZipReader {
 public:
  // Opens `bytes` (which must outlive the reader) and checks the directory: an archive over the
  // size limit, not a zip, too many entries, or an unsafe or repeated entry name fail here.
  static Result<std::unique_ptr<ZipReader>> open(std::string_view bytes,
                                                 const ImportLimits& limits);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  bool contains(const std::string& name) const { return entries_.count(name) > 0; }

  // The inflated bytes of entry `name`. Checks its declared size and compression ratio against
  // the limits before inflating, then counts what is inflated against the per-entry, total and
  // ratio limits as it goes, and fails when an entry inflates to more (or fewer) bytes than its
  // header declares, or is encrypted.
  Result<std::string> read(const std::string& name);

 private:
  struct Entry {
    std::uint64_t index = 0;
    std::uint64_t size = 0;
    std::uint64_t compressed_size = 0;
    bool encrypted = false;
  };
  ZipReader(struct zip* archive, const ImportLimits& limits) : archive_(archive), limits_(limits) {}

  struct zip* archive_;
  ImportLimits limits_;
  std::map<std::string, Entry> entries_;
  std::uint64_t inflated_total_ = 0;
};

}  // namespace trellis::interchange::qda::detail
