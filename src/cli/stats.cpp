// `trellis stats icc|kappa|fleiss|alpha FILE.csv`: reliability statistics for researchers who
// bring their own ratings. This file only reads the CSV, checks it with line numbers and column
// names, and prints JSON; the statistics are the functions in src/stats that reports use too.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "cli/common.h"
#include "core/csv.h"
#include "stats/icc.h"
#include "stats/kappa.h"
#include "stats/krippendorff.h"

namespace trellis::cli {
namespace {

struct StatsOptions {
  std::string file;
  std::string weights = "none";
  std::string level;
};

// The CSV as read: a header naming the raters, then one row per unit.
struct RatingsTable {
  std::vector<std::string> raters;
  std::vector<std::string> units;
  std::vector<long> lines;                      // line of each unit's row
  std::vector<std::vector<std::string>> cells;  // trimmed, "" is missing
};

std::string in_quotes(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

std::string place(const RatingsTable& t, std::size_t unit, std::size_t rater) {
  return "line " + std::to_string(t.lines[unit]) + ", column " + in_quotes(t.raters[rater]);
}

std::string trim(std::string_view s) {
  const char* space = " \t";
  auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(space);
  return std::string(s.substr(first, last - first + 1));
}

Result<std::string> read_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return Error::not_found("Cannot read " + path + ": no such file.");
  if (std::filesystem::is_directory(path, ec))
    return Error::invalid("Cannot read " + path + ": it is a directory.");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::invalid("Cannot read " + path + ": permission denied or unreadable.");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<RatingsTable> read_table(const std::string& path) {
  std::string text = TRY(read_file(path));
  auto records = parse_csv(text);
  if (!records) return records.error();
  if (records->empty()) return Error::invalid(path + " is empty: expected a header row and units.");
  const CsvRecord& header = (*records)[0];
  if (header.fields.size() < 3)
    return Error::invalid("The header (line " + std::to_string(header.line) +
                          ") needs a unit id column and at least two rater columns; it has " +
                          std::to_string(header.fields.size() < 1 ? 0 : header.fields.size() - 1) +
                          " rater column(s). Fewer than two raters cannot agree or disagree.");
  RatingsTable t;
  for (std::size_t j = 1; j < header.fields.size(); ++j) {
    std::string name = trim(header.fields[j]);
    t.raters.push_back(name.empty() ? "column " + std::to_string(j + 1) : name);
  }
  std::map<std::string, long> seen;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& rec = (*records)[r];
    if (rec.fields.size() != header.fields.size())
      return Error::invalid("Line " + std::to_string(rec.line) + " has " +
                            std::to_string(rec.fields.size()) + " fields but the header has " +
                            std::to_string(header.fields.size()) +
                            "; every row needs a unit id and one cell per rater (leave a cell "
                            "empty for a missing rating).");
    std::string unit = trim(rec.fields[0]);
    if (unit.empty())
      return Error::invalid("Line " + std::to_string(rec.line) + " has an empty unit id.");
    auto [it, inserted] = seen.emplace(unit, rec.line);
    if (!inserted)
      return Error::invalid("Line " + std::to_string(rec.line) + " repeats unit id " +
                            in_quotes(unit) + " from line " + std::to_string(it->second) +
                            "; each unit needs its own row.");
    t.units.push_back(unit);
    t.lines.push_back(rec.line);
    std::vector<std::string> row;
    for (std::size_t j = 1; j < rec.fields.size(); ++j) row.push_back(trim(rec.fields[j]));
    t.cells.push_back(std::move(row));
  }
  if (t.units.size() < 2)
    return Error::invalid(path + " has " + std::to_string(t.units.size()) +
                          " unit(s); at least two are needed.");
  return t;
}

std::optional<double> parse_number(const std::string& s) {
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

Status require_complete(const RatingsTable& t, std::string_view statistic) {
  for (std::size_t u = 0; u < t.units.size(); ++u)
    for (std::size_t j = 0; j < t.raters.size(); ++j)
      if (t.cells[u][j].empty())
        return Error::invalid(std::string(statistic) + " needs complete rows: unit " +
                              in_quotes(t.units[u]) + " (" + place(t, u, j) +
                              ") has no rating. Remove the unit or fill in the rating.");
  return ok_status();
}

// Every cell as a number; "" stays missing.
Result<stats::Matrix> numeric_matrix(const RatingsTable& t) {
  stats::Matrix m;
  for (std::size_t u = 0; u < t.units.size(); ++u) {
    stats::Row row;
    for (std::size_t j = 0; j < t.raters.size(); ++j) {
      const std::string& cell = t.cells[u][j];
      if (cell.empty()) {
        row.push_back(std::nullopt);
        continue;
      }
      auto x = parse_number(cell);
      if (!x)
        return Error::invalid(place(t, u, j) + ": " + in_quotes(cell) +
                              " is not a number (numbers use a dot as the decimal separator).");
      row.push_back(*x);
    }
    m.push_back(std::move(row));
  }
  return m;
}

// Categories in their natural order: numerically when every cell is a number, otherwise as
// text in sorted (byte) order, numbered 0, 1, 2, ...
struct Categorical {
  stats::Matrix matrix;
  bool numeric = true;
  std::vector<std::string> labels;  // text categories in order (when !numeric)
};

Categorical categorical_matrix(const RatingsTable& t) {
  Categorical c;
  std::set<std::string> texts;
  for (const auto& row : t.cells)
    for (const auto& cell : row)
      if (!cell.empty()) {
        texts.insert(cell);
        if (!parse_number(cell)) c.numeric = false;
      }
  if (!c.numeric) c.labels.assign(texts.begin(), texts.end());
  for (const auto& row : t.cells) {
    stats::Row out;
    for (const auto& cell : row) {
      if (cell.empty()) {
        out.push_back(std::nullopt);
      } else if (c.numeric) {
        out.push_back(*parse_number(cell));
      } else {
        auto it = std::lower_bound(c.labels.begin(), c.labels.end(), cell);
        out.push_back(static_cast<double>(it - c.labels.begin()));
      }
    }
    c.matrix.push_back(std::move(out));
  }
  return c;
}

// JSON numbers in the shortest form that reads back to the same double.
std::string number(double x) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, end);
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", ch);
      out += esc;
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out + "\"";
}

std::string interval(const stats::Interval& i) {
  return "[" + number(i.lower) + ", " + number(i.upper) + "]";
}

std::string categories_json(const Categorical& c) {
  std::string out = "[";
  if (c.numeric) {
    auto values = stats::categories_of(c.matrix);
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + number(values[i]);
  } else {
    for (std::size_t i = 0; i < c.labels.size(); ++i)
      out += (i ? ", " : "") + json_string(c.labels[i]);
  }
  return out + "]";
}

// Prints {"key": value, ...} with one top-level member per line.
void print_object(const std::vector<std::pair<std::string, std::string>>& members) {
  std::cout << "{\n";
  for (std::size_t i = 0; i < members.size(); ++i)
    std::cout << "  " << json_string(members[i].first) << ": " << members[i].second
              << (i + 1 < members.size() ? ",\n" : "\n");
  std::cout << "}\n";
}

int run_icc(const StatsOptions& opts) {
  auto table = read_table(opts.file);
  if (!table) return report(table.error());
  if (auto s = require_complete(*table, "The ICC"); !s) return report(s.error());
  auto matrix = numeric_matrix(*table);
  if (!matrix) return report(matrix.error());
  auto r = stats::icc(*matrix);
  if (!r) return report(r.error());

  std::vector<std::pair<std::string, std::string>> out = {{"n", std::to_string(r->n)},
                                                          {"k", std::to_string(r->k)}};
  std::string f = "{", ci = "{";
  for (std::size_t i = 0; i < stats::kIccForms.size(); ++i) {
    const auto form = stats::kIccForms[i];
    const auto& e = (*r)[form];
    const std::string name(stats::icc_form_name(form));
    out.emplace_back(name, number(e.value));
    const char* sep = i ? ", " : "";
    f += sep + json_string(name) + ": ";
    f += e.f ? "{\"value\": " + number(e.f->value) + ", \"df1\": " + number(e.f->df1) +
                   ", \"df2\": " + number(e.f->df2) + ", \"p\": " + number(e.f->p) + "}"
             : "null";
    ci += sep + json_string(name) + ": " + (e.ci ? interval(*e.ci) : "null");
  }
  out.emplace_back("F", f + "}");
  out.emplace_back("ci95", ci + "}");
  out.emplace_back("mean_squares", "{\"between_units\": " + number(r->bms) +
                                       ", \"within_units\": " + number(r->wms) +
                                       ", \"between_raters\": " + number(r->jms) +
                                       ", \"error\": " + number(r->ems) + "}");
  print_object(out);
  return kExitOk;
}

int run_kappa(const StatsOptions& opts) {
  auto table = read_table(opts.file);
  if (!table) return report(table.error());
  if (table->raters.size() != 2)
    return report(Error::invalid(
        "Cohen's kappa is for exactly two raters; " + opts.file + " has " +
        std::to_string(table->raters.size()) +
        " rater columns. Use `trellis stats fleiss` or `trellis stats alpha` for more."));
  if (auto s = require_complete(*table, "Cohen's kappa"); !s) return report(s.error());
  stats::KappaWeights weights = opts.weights == "linear"      ? stats::KappaWeights::kLinear
                                : opts.weights == "quadratic" ? stats::KappaWeights::kQuadratic
                                                              : stats::KappaWeights::kNone;
  Categorical c = categorical_matrix(*table);
  auto r = stats::cohen_kappa(c.matrix, weights);
  if (!r) return report(r.error());
  print_object({{"n", std::to_string(r->n)},
                {"kappa", number(r->kappa)},
                {"weights", json_string(stats::kappa_weights_name(weights))},
                {"se", number(r->se)},
                {"se0", number(r->se_null)},
                {"ci95", interval(r->ci95)},
                {"categories", categories_json(c)}});
  return kExitOk;
}

int run_fleiss(const StatsOptions& opts) {
  auto table = read_table(opts.file);
  if (!table) return report(table.error());
  // Fleiss (1971) assumes the same number of ratings per unit; say where that breaks.
  auto rated = [&](std::size_t u) {
    std::size_t n = 0;
    for (const auto& cell : table->cells[u]) n += cell.empty() ? 0 : 1;
    return n;
  };
  const std::size_t first = rated(0);
  for (std::size_t u = 0; u < table->units.size(); ++u) {
    const std::size_t count = rated(u);
    if (count < 2)
      return report(Error::invalid(
          "Fleiss' kappa needs at least two ratings per unit: unit " + in_quotes(table->units[u]) +
          " (line " + std::to_string(table->lines[u]) + ") has " + std::to_string(count) + "."));
    if (count != first)
      return report(Error::invalid(
          "Fleiss' kappa needs the same number of ratings for every unit: unit " +
          in_quotes(table->units[u]) + " (line " + std::to_string(table->lines[u]) + ") has " +
          std::to_string(count) + ", unit " + in_quotes(table->units[0]) + " (line " +
          std::to_string(table->lines[0]) + ") has " + std::to_string(first) +
          ". Use `trellis stats alpha --level nominal` for an unequal number of ratings."));
  }
  Categorical c = categorical_matrix(*table);
  auto r = stats::fleiss_kappa(c.matrix);
  if (!r) return report(r.error());
  print_object({{"n", std::to_string(r->n)},
                {"k", std::to_string(r->k)},
                {"kappa", number(r->kappa)},
                {"categories", categories_json(c)}});
  return kExitOk;
}

int run_alpha(const StatsOptions& opts) {
  auto level = stats::parse_measurement_level(opts.level);
  if (!level) return report(Error::invalid("Unknown level " + in_quotes(opts.level) + "."));
  auto table = read_table(opts.file);
  if (!table) return report(table.error());
  stats::Matrix matrix;
  if (*level == stats::MeasurementLevel::kInterval || *level == stats::MeasurementLevel::kRatio) {
    auto numeric = numeric_matrix(*table);
    if (!numeric) return report(numeric.error());
    matrix = std::move(*numeric);
  } else {
    matrix = categorical_matrix(*table).matrix;
  }
  auto r = stats::krippendorff_alpha(matrix, *level);
  if (!r) return report(r.error());
  print_object({{"n", std::to_string(r->n)},
                {"alpha", number(r->alpha)},
                {"level", json_string(stats::measurement_level_name(*level))}});
  return kExitOk;
}

}  // namespace

void add_stats_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "stats", "Reliability statistics of a ratings CSV (unit id, then one column per rater)");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<StatsOptions>();  // CLI11 writes here; the callbacks read it

  auto* icc = cmd->add_subcommand("icc", "The six Shrout & Fleiss intraclass correlations");
  icc->add_option("FILE", opts->file, "Ratings CSV")->required();
  icc->callback([&exit_code, opts] { exit_code = run_icc(*opts); });

  auto* kappa = cmd->add_subcommand("kappa", "Cohen's kappa for two raters");
  kappa->add_option("FILE", opts->file, "Ratings CSV with exactly two rater columns")->required();
  kappa->add_option("--weights", opts->weights, "Disagreement weights for ordered categories")
      ->check(CLI::IsMember({"none", "linear", "quadratic"}))
      ->default_str("none");
  kappa->callback([&exit_code, opts] { exit_code = run_kappa(*opts); });

  auto* fleiss = cmd->add_subcommand("fleiss", "Fleiss' kappa for any number of raters");
  fleiss->add_option("FILE", opts->file, "Ratings CSV")->required();
  fleiss->callback([&exit_code, opts] { exit_code = run_fleiss(*opts); });

  auto* alpha = cmd->add_subcommand("alpha", "Krippendorff's alpha; missing ratings allowed");
  alpha->add_option("FILE", opts->file, "Ratings CSV")->required();
  alpha->add_option("--level", opts->level, "Level of measurement")
      ->required()
      ->check(CLI::IsMember({"nominal", "ordinal", "interval", "ratio"}));
  alpha->callback([&exit_code, opts] { exit_code = run_alpha(*opts); });
}

}  // namespace trellis::cli
