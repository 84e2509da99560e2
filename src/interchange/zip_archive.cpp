#include "interchange/zip_archive.h"

#include <zip.h>

#include <array>
#include <cctype>
#include <cstdio>

namespace trellis::interchange::qda::detail {
namespace {

constexpr const char* kNotAZip = "the file is not a zip archive (a .qdpx is a zip)";

std::string quoted(std::string_view name) {
  return "'" + std::string(name) + "'";
}

std::string mib(std::uint64_t bytes) {
  if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::string libzip_message(zip_error_t* error) {
  return zip_error_strerror(error);
}

}  // namespace

std::string unsafe_path_reason(std::string_view path) {
  if (path.empty()) return "an empty path";
  if (path.find('\\') != std::string_view::npos) return "a backslash";
  if (path.front() == '/') return "an absolute path";
  if (path.size() >= 2 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':')
    return "a drive letter";
  if (path.find('\0') != std::string_view::npos) return "a NUL character";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return "a '..' component";
    start = end + 1;
  }
  return {};
}

Result<std::string> write_zip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) {
    std::string message = "cannot create a zip buffer: " + libzip_message(&error);
    zip_error_fini(&error);
    return Error::internal(message);
  }
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    std::string message = "cannot create a zip archive: " + libzip_message(&error);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return Error::internal(message);
  }
  zip_error_fini(&error);
  zip_source_keep(buffer);  // the bytes are read from it after zip_close
  auto fail = [&](const std::string& message) -> Result<std::string> {
    zip_discard(archive);
    zip_source_free(buffer);
    return Error::internal(message);
  };
  for (const ZipEntry& entry : entries) {
    // The data outlives zip_close, so libzip may reference it without copying.
    zip_source_t* source = zip_source_buffer(archive, entry.data.data(), entry.data.size(), 0);
    if (source == nullptr) return fail("cannot add " + quoted(entry.name) + " to the archive");
    if (zip_file_add(archive, entry.name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(source);
      return fail("cannot add " + quoted(entry.name) + ": " + zip_strerror(archive));
    }
  }
  if (zip_close(archive) < 0)
    return fail(std::string("cannot write the archive: ") + zip_strerror(archive));

  std::string out;
  if (zip_source_open(buffer) < 0) {
    zip_source_free(buffer);
    return Error::internal("cannot read back the written archive");
  }
  std::array<char, 1 << 16> chunk{};
  for (;;) {
    zip_int64_t n = zip_source_read(buffer, chunk.data(), chunk.size());
    if (n < 0) {
      zip_source_close(buffer);
      zip_source_free(buffer);
      return Error::internal("cannot read back the written archive");
    }
    if (n == 0) break;
    out.append(chunk.data(), static_cast<std::size_t>(n));
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  return out;
}

Result<std::unique_ptr<ZipReader>> ZipReader::open(std::string_view bytes,
                                                   const ImportLimits& limits) {
  if (bytes.size() > limits.max_archive_bytes)
    return Error::too_large("the archive is " + std::to_string(bytes.size()) +
                            " bytes; the limit is " + mib(limits.max_archive_bytes));
  // libzip opens an empty buffer as a new, empty archive; the smallest real zip is its 22-byte
  // end-of-central-directory record.
  if (bytes.size() < 22) return Error::invalid(kNotAZip);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string message = libzip_message(&error);
    zip_error_fini(&error);
    return Error::internal("cannot read the archive: " + message);
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    const bool not_zip = zip_error_code_zip(&error) == ZIP_ER_NOZIP;
    std::string message = libzip_message(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    if (not_zip) return Error::invalid(kNotAZip);
    return Error::invalid("the zip archive is damaged: " + message);
  }
  zip_error_fini(&error);
  std::unique_ptr<ZipReader> reader(new ZipReader(archive, limits));

  const zip_int64_t count = zip_get_num_entries(archive, 0);
  if (count < 0) return Error::invalid("the zip archive is damaged: no entry count");
  if (static_cast<std::uint64_t>(count) > limits.max_entries)
    return Error::too_large("the archive has " + std::to_string(count) + " entries; the limit is " +
                            std::to_string(limits.max_entries));
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) < 0 ||
        (st.valid & ZIP_STAT_NAME) == 0)
      return Error::invalid("the zip archive is damaged: entry " + std::to_string(i) +
                            " cannot be read");
    const std::string name = st.name;
    if (std::string reason = unsafe_path_reason(name); !reason.empty())
      return Error::invalid("archive entry " + quoted(name) + " has " + reason +
                            "; entries must stay inside the archive");
    if (reader->entries_.count(name) > 0)
      return Error::invalid("archive entry " + quoted(name) + " appears twice");
    Entry entry;
    entry.index = static_cast<std::uint64_t>(i);
    entry.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    entry.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    entry.encrypted =
        (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
    reader->entries_[name] = entry;
  }
  return reader;
}

ZipReader::~ZipReader() {
  // Read-only: discarding frees the archive and its source without writing anything.
  zip_discard(archive_);
}

Result<std::string> ZipReader::read(const std::string& name) {
  auto it = entries_.find(name);
  if (it == entries_.end()) return Error::invalid("the archive has no entry " + quoted(name));
  const Entry& entry = it->second;
  if (entry.encrypted) return Error::invalid("archive entry " + quoted(name) + " is encrypted");
  // The declared sizes first: cheap, and they refuse an honest bomb before anything is inflated.
  if (entry.size > limits_.max_entry_bytes)
    return Error::too_large("archive entry " + quoted(name) + " declares " +
                            std::to_string(entry.size) + " bytes; the limit per entry is " +
                            mib(limits_.max_entry_bytes));
  if (inflated_total_ + entry.size > limits_.max_total_bytes)
    return Error::too_large("the archive's entries would inflate to more than " +
                            mib(limits_.max_total_bytes) + " in total");
  const std::uint64_t compressed = std::max<std::uint64_t>(entry.compressed_size, 1);
  if (entry.size > limits_.ratio_floor_bytes &&
      entry.size > limits_.max_compression_ratio * compressed)
    return Error::too_large("archive entry " + quoted(name) + " is compressed " +
                            std::to_string(entry.size / compressed) + ":1; the limit is " +
                            std::to_string(limits_.max_compression_ratio) + ":1 (a zip bomb?)");
  zip_file_t* file = zip_fopen_index(archive_, entry.index, 0);
  if (file == nullptr)
    return Error::invalid("archive entry " + quoted(name) +
                          " cannot be opened: " + zip_strerror(archive_));
  std::string out;
  out.reserve(static_cast<std::size_t>(entry.size));
  std::array<char, 1 << 16> chunk{};
  Status status;
  for (;;) {
    const zip_int64_t n = zip_fread(file, chunk.data(), chunk.size());
    if (n < 0) {
      status = Error::invalid("archive entry " + quoted(name) +
                              " cannot be inflated: " + zip_file_strerror(file));
      break;
    }
    if (n == 0) break;
    const std::uint64_t inflated = out.size() + static_cast<std::uint64_t>(n);
    // The declared size already passed the limits, so inflating past it is a lie, and the
    // counted bytes are what the limits apply to.
    if (inflated > entry.size) {
      status = Error::invalid("archive entry " + quoted(name) + " inflates to more than the " +
                              std::to_string(entry.size) + " bytes its header declares");
      break;
    }
    if (inflated > limits_.max_entry_bytes) {
      status = Error::too_large("archive entry " + quoted(name) + " inflates to more than " +
                                mib(limits_.max_entry_bytes));
      break;
    }
    if (inflated_total_ + inflated > limits_.max_total_bytes) {
      status = Error::too_large("the archive inflates to more than " +
                                mib(limits_.max_total_bytes) + " in total");
      break;
    }
    if (inflated > limits_.ratio_floor_bytes &&
        inflated > limits_.max_compression_ratio * compressed) {
      status = Error::too_large("archive entry " + quoted(name) + " inflates beyond a " +
                                std::to_string(limits_.max_compression_ratio) +
                                ":1 compression ratio (a zip bomb?)");
      break;
    }
    out.append(chunk.data(), static_cast<std::size_t>(n));
  }
  zip_fclose(file);
  if (!status.ok()) return std::move(status).error();
  if (out.size() != entry.size)
    return Error::invalid("archive entry " + quoted(name) +
                          " is truncated: " + std::to_string(out.size()) + " of " +
                          std::to_string(entry.size) + " declared bytes");
  inflated_total_ += out.size();
  return out;
}

}  // namespace trellis::interchange::qda::detail
