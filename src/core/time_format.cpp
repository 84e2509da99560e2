#include "core/time_format.h"

#include <chrono>
#include <cstdio>

namespace trellis {
namespace {

using namespace std::chrono;

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::optional<year_month_day> parse_ymd(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

}  // namespace

std::string format_rfc3339(Timestamp t) {
  sys_time<milliseconds> tp{milliseconds{t}};
  auto dp = floor<days>(tp);
  year_month_day ymd{dp};
  hh_mm_ss<milliseconds> hms{tp - dp};
  char buf[40];
  int ms = static_cast<int>(hms.subseconds().count());
  if (ms == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()), long(hms.seconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()), long(hms.seconds().count()), ms);
  }
  return buf;
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) {
  auto ymd = parse_ymd(s);
  if (!ymd || s.size() < 20 || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!digits(s, 11, 2, hh) || !digits(s, 14, 2, mm) || !digits(s, 17, 2, ss)) return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  std::size_t pos = 19;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int offset_min = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (pos + 6 > s.size() || s[pos + 3] != ':' || !digits(s, pos + 1, 2, oh) ||
        !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_min = (oh * 60 + om) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  auto tp = sys_days{*ymd} + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{ms} -
            minutes{offset_min};
  return duration_cast<milliseconds>(tp.time_since_epoch()).count();
}

bool is_valid_date(std::string_view s) {
  return s.size() == 10 && parse_ymd(s).has_value();
}

std::string date_of(Timestamp t) {
  return format_rfc3339(t).substr(0, 10);
}

}  // namespace trellis
