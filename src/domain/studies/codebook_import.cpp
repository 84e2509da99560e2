#include "domain/studies/codebook_import.h"

#include "core/csv.h"
#include "domain/studies/study.h"

namespace trellis {
namespace {

enum CodebookColumn : std::size_t { kName, kDescription, kParent, kColour, kCategory };

const std::vector<CsvColumn>& codebook_columns() {
  static const std::vector<CsvColumn> columns = {{{"name", "tag", "code"}, true},
                                                 {{"description"}, false},
                                                 {{"parent"}, false},
                                                 {{"colour", "color"}, false},
                                                 {{"category"}, false}};
  return columns;
}

CodebookRow read_row(const CsvRecord& rec, const CsvColumns& cols, Error& problems) {
  CodebookRow row;
  row.line = rec.line;
  if (auto n = clean_code_name(cols.field(rec, kName)))
    row.name = *n;
  else
    problems.details.push_back({rec.line, "name", n.error().message});
  row.description = cols.field(rec, kDescription);
  if (row.description.size() > kMaxMemoLength)
    problems.details.push_back({rec.line, "description", "longer than 20000 bytes"});
  else if (auto checked = check_memo_text(row.description, "description"); !checked)
    problems.details.push_back({rec.line, "description", checked.error().message});
  const std::string& parent = cols.field(rec, kParent);
  row.parent = normalized_cell(parent).empty() ? "" : parent;
  if (cols.has(kColour)) {
    if (auto c = clean_colour(cols.field(rec, kColour)))
      row.colour = *c;
    else
      problems.details.push_back({rec.line, "colour", c.error().message});
  }
  if (cols.has(kCategory)) {
    const std::string flag = normalized_cell(cols.field(rec, kCategory));
    if (flag == "true" || flag == "yes" || flag == "1")
      row.category = true;
    else if (!flag.empty() && flag != "false" && flag != "no" && flag != "0")
      problems.details.push_back(
          {rec.line, "category", "must be true or false (or yes/no, 1/0, or empty)"});
  }
  return row;
}

}  // namespace

Result<std::vector<CodebookRow>> read_codebook_csv(std::string_view csv) {
  if (csv.size() > kMaxCodebookBytes)
    return Error::too_large("The codebook file is larger than 1 MiB.");
  std::vector<CsvRecord> records = TRY(parse_csv(csv));
  if (records.empty()) return Error::invalid("The codebook file is empty.");
  Error problems = Error::invalid("The codebook file has problems; nothing was imported.");
  CsvColumns cols =
      CsvColumns::map(records.front(), codebook_columns(),
                      "name, description and optionally parent, colour and category", problems);
  if (!problems.details.empty()) return problems;
  if (records.size() - 1 > kMaxCodes)
    return Error::too_large("The codebook file has more than 2000 codes.");

  std::vector<CodebookRow> rows;
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (!cols.check_width(records[i], problems)) continue;
    rows.push_back(read_row(records[i], cols, problems));
  }
  if (!problems.details.empty()) return problems;
  return rows;
}

}  // namespace trellis
