// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redactor::cluster {

/// Redis Cluster's 16384 hash slots.
constexpr std::uint16_t slot_count = 16384;

/// The slot of `key`: CRC16 (XMODEM) of the key, or of its hash tag (the
/// text between the first '{' and the next '}', when not empty), modulo
/// 16384. Keys sharing a hash tag share a slot.
std::uint16_t key_slot(std::string_view key) noexcept;

/// The part of `key` its slot is computed from.
std::string_view hash_tag(std::string_view key) noexcept;

/// The slot a command we send is routed by: that of its first key, or of
/// the channel for PUBLISH and SPUBLISH (which spreads the PUBLISH load
/// and keeps one channel's messages on one connection). None: any node
/// (PING, WAIT).
std::optional<std::uint16_t>
command_slot(const std::vector<std::string>& args) noexcept;

} // namespace redactor::cluster
