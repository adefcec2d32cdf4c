// Tests of arty/error.hpp and arty/exit_code.hpp: describe() and the exit code of a fatal error.
#include "arty/error.hpp"

#include <gtest/gtest.h>

#include "arty/exit_code.hpp"

namespace arty {
namespace {

Error http(long status) {
  return Error{ErrorKind::HttpStatus, "message", "https://h/x", status};
}
Error of_kind(ErrorKind kind) {
  return Error{kind, "message", "", 0};
}

TEST(ExitCodeTest, ValuesAreStable) {
  EXPECT_EQ(static_cast<int>(ExitCode::Success), 0);
  EXPECT_EQ(static_cast<int>(ExitCode::Failure), 1);
  EXPECT_EQ(static_cast<int>(ExitCode::Usage), 2);
  EXPECT_EQ(static_cast<int>(ExitCode::Partial), 3);
  EXPECT_EQ(static_cast<int>(ExitCode::NotFound), 4);
  EXPECT_EQ(static_cast<int>(ExitCode::AuthFailed), 5);
  EXPECT_EQ(static_cast<int>(ExitCode::Network), 6);
  EXPECT_EQ(static_cast<int>(ExitCode::BadResponse), 7);
  EXPECT_EQ(static_cast<int>(ExitCode::ServerError), 8);
  EXPECT_EQ(static_cast<int>(ExitCode::Interrupted), 130);
}

TEST(ExitCodeTest, ForEachErrorKind) {
  EXPECT_EQ(exit_code_for(of_kind(ErrorKind::InvalidArgument)), ExitCode::Usage);
  EXPECT_EQ(exit_code_for(of_kind(ErrorKind::Network)), ExitCode::Network);
  EXPECT_EQ(exit_code_for(of_kind(ErrorKind::BadResponse)), ExitCode::BadResponse);
  EXPECT_EQ(exit_code_for(of_kind(ErrorKind::NotAFolder)), ExitCode::Usage);
  EXPECT_EQ(exit_code_for(of_kind(ErrorKind::Cancelled)), ExitCode::Interrupted);
  EXPECT_EQ(exit_code_for(of_kind(ErrorKind::LocalIo)), ExitCode::Failure);
}

TEST(ExitCodeTest, ForHttpStatuses) {
  EXPECT_EQ(exit_code_for(http(401)), ExitCode::AuthFailed);
  EXPECT_EQ(exit_code_for(http(403)), ExitCode::AuthFailed);
  EXPECT_EQ(exit_code_for(http(404)), ExitCode::NotFound);
  EXPECT_EQ(exit_code_for(http(500)), ExitCode::ServerError);
  EXPECT_EQ(exit_code_for(http(502)), ExitCode::ServerError);
  EXPECT_EQ(exit_code_for(http(503)), ExitCode::ServerError);
}

TEST(ExitCodeTest, StatusIsOnlyLookedAtForHttpErrors) {
  // A Network error that happens to carry a status is still a network error.
  EXPECT_EQ(exit_code_for(Error{ErrorKind::Network, "", "", 404}), ExitCode::Network);
  EXPECT_EQ(exit_code_for(Error{ErrorKind::BadResponse, "", "", 200}), ExitCode::BadResponse);
}

TEST(ErrorTest, DescribeHttpStatus) {
  const Error error{ErrorKind::HttpStatus, "Unable to find item",
                    "https://host/artifactory/api/storage/repo/x", 404};
  const std::string text = error.describe();
  EXPECT_NE(text.find("404"), std::string::npos) << text;
  EXPECT_NE(text.find("Unable to find item"), std::string::npos) << text;
  EXPECT_NE(text.find("https://host/artifactory/api/storage/repo/x"), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;
}

TEST(ErrorTest, DescribeWithoutUrlOrStatus) {
  const Error error{ErrorKind::Network, "Could not resolve host", "", 0};
  EXPECT_EQ(error.describe(), "Could not resolve host");
}

TEST(ErrorTest, FailBuildsAnUnexpected) {
  const Result<int> result = fail(ErrorKind::BadResponse, "bad", "https://h/u", 0);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::BadResponse);
  EXPECT_EQ(result.error().message, "bad");
  EXPECT_EQ(result.error().url, "https://h/u");
  EXPECT_EQ(result.error().http_status, 0);
}

}  // namespace
}  // namespace arty
