// SPDX-License-Identifier: MIT
#include "detail/id_generator.hpp"

#include <set>

#include <gtest/gtest.h>

TEST(id_generator, uuid4_shape_and_uniqueness) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = redactor::detail::new_uuid4();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[8], '-');
    EXPECT_EQ(id[13], '-');
    EXPECT_EQ(id[14], '4');
    EXPECT_EQ(id[18], '-');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    EXPECT_EQ(id[23], '-');
    for (std::size_t at : {0, 7, 9, 12, 15, 17, 20, 22, 24, 35})
      EXPECT_NE(std::string("0123456789abcdef").find(id[at]), std::string::npos)
          << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}
