// SPDX-License-Identifier: MIT
// Umbrella header: the whole public API of redactor::engine.
#pragma once

#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/payload.hpp"
#include "redactor/codec/wire_headers.hpp"
#include "redactor/connection_options.hpp"
#include "redactor/error.hpp"
#include "redactor/header_list.hpp"
#include "redactor/result.hpp"
#include "redactor/version.hpp"
