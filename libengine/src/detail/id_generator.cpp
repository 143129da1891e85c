// SPDX-License-Identifier: MIT
#include "detail/id_generator.hpp"

#include <cstdint>
#include <cstring>
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

void write_uuid4(char* out) {
  auto& rng = thread_rng();
  std::uint64_t hi = rng();
  std::uint64_t lo = rng();
  hi = (hi & ~std::uint64_t{0xF000}) | 0x4000; // version 4
  lo = (lo & ~(std::uint64_t{0xC} << 60)) |
       (std::uint64_t{0x8} << 60); // RFC 4122 variant
  // The digits first, then placed around the dashes: a branch per digit
  // made this half the cost of decoding a frame's generated id.
  static constexpr char digits[] = "0123456789abcdef";
  char hex[32];
  for (int i = 0; i < 16; ++i) {
    hex[i] = digits[(hi >> (60 - 4 * i)) & 0xF];
    hex[16 + i] = digits[(lo >> (60 - 4 * i)) & 0xF];
  }
  std::memcpy(out, hex, 8);
  out[8] = '-';
  std::memcpy(out + 9, hex + 8, 4);
  out[13] = '-';
  std::memcpy(out + 14, hex + 12, 4);
  out[18] = '-';
  std::memcpy(out + 19, hex + 16, 4);
  out[23] = '-';
  std::memcpy(out + 24, hex + 20, 12);
}

std::string new_uuid4() {
  std::string out(uuid_size, '\0');
  write_uuid4(out.data());
  return out;
}

} // namespace redactor::detail
