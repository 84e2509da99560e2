#include "core/csv.h"

#include <algorithm>
#include <cctype>
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

std::string normalized_cell(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

CsvColumns CsvColumns::map(const CsvRecord& header, const std::vector<CsvColumn>& columns,
                           std::string_view accepted, Error& problems) {
  CsvColumns out;
  out.positions_.assign(columns.size(), -1);
  out.width_ = header.fields.size();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = normalized_cell(header.fields[i]);
    auto known = std::find_if(columns.begin(), columns.end(), [&](const CsvColumn& c) {
      return std::find(c.names.begin(), c.names.end(), name) != c.names.end();
    });
    if (known == columns.end()) {
      problems.details.push_back({header.line, header.fields[i],
                                  "unknown column; the columns are " + std::string(accepted)});
      continue;
    }
    int& position = out.positions_[static_cast<std::size_t>(known - columns.begin())];
    if (position >= 0)
      problems.details.push_back({header.line, known->names.front(), "the column appears twice"});
    else
      position = static_cast<int>(i);
  }
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c].required && out.positions_[c] < 0)
      problems.details.push_back(
          {header.line, columns[c].names.front(), "required column is missing"});
  return out;
}

const std::string& CsvColumns::field(const CsvRecord& row, std::size_t column) const {
  static const std::string kAbsent;
  const int position = positions_[column];
  return position >= 0 && static_cast<std::size_t>(position) < row.fields.size()
             ? row.fields[static_cast<std::size_t>(position)]
             : kAbsent;
}

bool CsvColumns::check_width(const CsvRecord& row, Error& problems) const {
  if (row.fields.size() == width_) return true;
  problems.details.push_back({row.line, "",
                              "the row has " + std::to_string(row.fields.size()) +
                                  " columns; the header has " + std::to_string(width_)});
  return false;
}

}  // namespace trellis
