// SPDX-License-Identifier: MIT
#include "cluster/key_slot.hpp"

#include <array>
#include <cctype>

namespace redactor::cluster {
namespace {

/// CRC16-CCITT (XMODEM: polynomial 0x1021, initial value 0), one table
/// lookup per byte.
constexpr std::array<std::uint16_t, 256> make_crc_table() {
  std::array<std::uint16_t, 256> table{};
  for (unsigned byte = 0; byte < 256; ++byte) {
    std::uint16_t crc = static_cast<std::uint16_t>(byte << 8);
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<std::uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021
                                                      : crc << 1);
    table[byte] = crc;
  }
  return table;
}

constexpr auto crc_table = make_crc_table();

std::uint16_t crc16(std::string_view bytes) noexcept {
  std::uint16_t crc = 0;
  for (unsigned char c : bytes)
    crc = static_cast<std::uint16_t>((crc << 8) ^
                                     crc_table[((crc >> 8) ^ c) & 0xff]);
  return crc;
}

bool command_is(const std::string& name, std::string_view wanted) noexcept {
  if (name.size() != wanted.size())
    return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(name[i])) != wanted[i])
      return false;
  return true;
}

/// Where the first key sits in the commands that name it after a
/// subcommand or a count; every other command with a key has it first.
std::size_t key_index(const std::vector<std::string>& args) noexcept {
  const auto& name = args[0];
  if (command_is(name, "XINFO") || command_is(name, "XGROUP"))
    return 2;
  if (command_is(name, "EVAL") || command_is(name, "EVALSHA") ||
      command_is(name, "FCALL"))
    return args.size() > 2 && args[2] != "0" ? 3 : 0;
  if (command_is(name, "PING") || command_is(name, "WAIT") ||
      command_is(name, "ASKING") || command_is(name, "CLUSTER") ||
      command_is(name, "ROLE") || command_is(name, "CLIENT"))
    return 0;
  return 1;
}

} // namespace

std::string_view hash_tag(std::string_view key) noexcept {
  auto open = key.find('{');
  if (open == std::string_view::npos)
    return key;
  auto close = key.find('}', open + 1);
  if (close == std::string_view::npos || close == open + 1)
    return key;
  return key.substr(open + 1, close - open - 1);
}

std::uint16_t key_slot(std::string_view key) noexcept {
  return static_cast<std::uint16_t>(crc16(hash_tag(key)) % slot_count);
}

std::optional<std::uint16_t>
command_slot(const std::vector<std::string>& args) noexcept {
  if (args.empty())
    return std::nullopt;
  auto at = key_index(args);
  if (at == 0 || at >= args.size())
    return std::nullopt;
  return key_slot(args[at]);
}

} // namespace redactor::cluster
