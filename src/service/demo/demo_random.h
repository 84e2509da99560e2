// The demo's random numbers: splitmix64 from a fixed seed, so the demo is the same on every
// machine. Not thread-safe (one generator per loader).
#pragma once

#include <cstdint>

namespace trellis {

class DemoRandom {
 public:
  explicit DemoRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [-1, 1).
  double spread() { return static_cast<double>(next() >> 11) / 4503599627370496.0 - 1.0; }

 private:
  std::uint64_t state_;
};

}  // namespace trellis
