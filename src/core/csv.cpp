#include "core/csv.h"

#include <string_view>

#include "core/utf8.h"

namespace trellis {
namespace {

long line_of(std::string_view s, std::size_t pos) {
  long line = 1;
  for (std::size_t i = 0; i < pos && i < s.size(); ++i)
    if (s[i] == '\n') ++line;
  return line;
}

Error csv_error(long line, std::string message) {
  Error e = Error::invalid("The file is not valid CSV: " + message + " (line " +
                           std::to_string(line) + ").");
  e.details.push_back(ErrorDetail{line, "", std::move(message)});
  return e;
}

bool is_blank(const CsvRecord& r) {
  return r.fields.size() == 1 && r.fields[0].empty();
}

}  // namespace

Result<std::vector<CsvRecord>> parse_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t bad_at = 0;
  if (!is_valid_utf8(text, &bad_at))
    return csv_error(line_of(text, bad_at), "the text is not UTF-8; save the file as UTF-8");

  std::vector<CsvRecord> records;
  CsvRecord current;
  std::string field;
  long line = 1;
  current.line = 1;
  std::size_t i = 0;
  bool field_started_quoted = false;
  auto end_field = [&] {
    current.fields.push_back(std::move(field));
    field.clear();
    field_started_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    if (!is_blank(current)) records.push_back(std::move(current));
    current = CsvRecord{};
    current.line = line;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '"' && field.empty() && !field_started_quoted) {
      // Quoted field: read to the closing quote.
      field_started_quoted = true;
      long start_line = line;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char q = text[i];
        if (q == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        if (q == '\n') ++line;
        field.push_back(q);
        ++i;
      }
      if (!closed) return csv_error(start_line, "a quoted field is never closed");
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        return csv_error(line, "text follows a closing quote");
      continue;
    }
    if (c == ',') {
      end_field();
      ++i;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      end_record();
    } else if (c == '"') {
      return csv_error(line, "a quote appears inside an unquoted field; quote the whole field");
    } else {
      field.push_back(c);
      ++i;
    }
  }
  if (!field.empty() || !current.fields.empty() || field_started_quoted) end_record();
  return records;
}

std::string csv_field(std::string_view value) {
  // Built by appending: GCC 12 warns (-Wrestrict, a false positive) on std::string::insert here.
  std::string v;
  // The characters spreadsheets read as the start of a formula (OWASP's list), tab and carriage
  // return included: some strip a leading one and evaluate what follows.
  if (!value.empty() && std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos)
    v.push_back('\'');
  v.append(value);
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"')
      out += "\"\"";
    else
      out.push_back(c);
  }
  out += '"';
  return out;
}

}  // namespace trellis
