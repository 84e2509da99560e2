// A strict RFC 4180 CSV reader for imports: UTF-8 with or without a byte-order mark, CRLF or
// LF line ends, quoted fields with commas, quotes ("") and newlines. Every record remembers the
// line it starts on, so import errors can point at it. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trellis {

struct CsvRecord {
  long line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Parses the whole text. Errors (Error::invalid with details naming the line): invalid UTF-8,
// a quote inside an unquoted field, text after a closing quote, an unterminated quoted field.
// Blank lines are skipped.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text);

// Quotes a field for writing when it needs it (comma, quote, CR or LF), and neutralises a
// leading =, +, -, @, tab or carriage return with a ' so that spreadsheets do not run it as a
// formula. Every CSV export writes its fields through this one function.
std::string csv_field(std::string_view value);

}  // namespace trellis
