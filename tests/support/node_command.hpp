// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <hiredis/hiredis.h>

namespace redactor::test {

using node_reply = std::shared_ptr<redisReply>;

/// One command on a fresh connection to the server on `port`, after AUTH
/// with `password` unless empty; null when nothing answered within a
/// second. For harnesses that talk to many servers (Sentinel, Cluster).
node_reply node_command(int port, const std::vector<std::string>& args,
                        const std::string& password = {});

/// The text of a string, status or error reply; empty otherwise.
std::string text_of(const node_reply& r);

} // namespace redactor::test
