// A strict RFC 4180 CSV reader for imports: UTF-8 with or without a byte-order mark, CRLF or
// LF line ends, quoted fields with commas, quotes ("") and newlines. Every record remembers the
// line it starts on, so import errors can point at it. Pure; thread-safe.
#pragma once

#include <cstddef>
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

// A cell as imports compare keywords and headers: spaces around it removed, lower case.
std::string normalized_cell(std::string_view cell);

// One column an import accepts: the names a header may give it (compared case-insensitively,
// spaces around them ignored; the first is the name problems use) and whether it must be there.
struct CsvColumn {
  std::vector<std::string> names;
  bool required = false;
};

// Where the accepted columns are in one file: the header's position of each CsvColumn, in the
// order they were given, or -1 for an optional column the file leaves out.
class CsvColumns {
 public:
  // Reads the header row. Every unknown column, column given twice and required column missing
  // becomes a detail of `problems` at the header's line; `accepted` completes the sentence
  // "unknown column; the columns are …".
  static CsvColumns map(const CsvRecord& header, const std::vector<CsvColumn>& columns,
                        std::string_view accepted, Error& problems);

  bool has(std::size_t column) const { return positions_[column] >= 0; }
  // The row's field for that column; "" for a column the file leaves out.
  const std::string& field(const CsvRecord& row, std::size_t column) const;
  // True when the row has as many fields as the header; otherwise adds a problem at its line.
  bool check_width(const CsvRecord& row, Error& problems) const;

 private:
  std::vector<int> positions_;
  std::size_t width_ = 0;
};

// Quotes a field for writing when it needs it (comma, quote, CR or LF), and neutralises a
// leading =, +, -, @, tab or carriage return with a ' so that spreadsheets do not run it as a
// formula. Every CSV export writes its fields through this one function.
std::string csv_field(std::string_view value);

}  // namespace trellis
