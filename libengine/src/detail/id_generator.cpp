// SPDX-License-Identifier: MIT
#include "detail/id_generator.hpp"

#include <cstdint>
#include <random>

namespace redactor::detail {

namespace {

std::mt19937_64& thread_rng() {
  thread_local std::mt19937_64 rng{[] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd()};
    return std::mt19937_64{seq};
  }()};
  return rng;
}

} // namespace

std::string new_token(std::size_t n) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::uniform_int_distribution<std::size_t> pick{0, sizeof alphabet - 2};
  std::string out(n, '0');
  for (auto& c : out)
    c = alphabet[pick(thread_rng())];
  return out;
}

std::string new_uuid4() {
  auto& rng = thread_rng();
  std::uint64_t hi = rng();
  std::uint64_t lo = rng();
  hi = (hi & ~std::uint64_t{0xF000}) | 0x4000; // version 4
  lo = (lo & ~(std::uint64_t{0xC} << 60)) |
       (std::uint64_t{0x8} << 60); // RFC 4122 variant
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(36, '-');
  std::size_t pos = 0;
  auto put = [&](std::uint64_t word) {
    for (int shift = 60; shift >= 0; shift -= 4) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23)
        ++pos;
      out[pos++] = digits[(word >> shift) & 0xF];
    }
  };
  put(hi);
  put(lo);
  return out;
}

} // namespace redactor::detail
