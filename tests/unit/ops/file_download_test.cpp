// FileDownload against real files: the sink calls of a transfer, then verify and rename.
#include "ops/file_download.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "local/checksum_cache.hpp"
#include "local/destination.hpp"
#include "local/temp_tree.hpp"

namespace arty::ops {
namespace {

namespace fs = std::filesystem;

std::string sha256_of(const std::string& text) {
  Hasher hasher(HashAlgorithm::Sha256);
  hasher.update(text);
  return hasher.finish();
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

ResponseHead ok_head(const std::string& body) {
  ResponseHead head;
  head.status = 200;
  head.content_length = body.size();
  head.total_size = body.size();
  head.etag = "\"v1\"";
  head.last_modified = "Sun, 06 Nov 1994 08:49:37 GMT";
  head.checksums.sha256 = sha256_of(body);
  return head;
}

class FileDownloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    final_ = dir_ / "file.bin";
    part_ = dir_ / local::Destination::part_name("file.bin");
  }

  /// A partial file from an earlier run: `bytes`, with the validator of its response.
  void leave_partial(const std::string& bytes, const std::string& validator) {
    std::ofstream(part_, std::ios::binary) << bytes;
    const int fd = ::open(part_.c_str(), O_RDWR);
    ASSERT_GE(fd, 0);
    local::remember_validator(fd, validator);
    ::close(fd);
  }

  arty::testing::TempTree temp_;
  const fs::path dir_ = temp_.root();
  fs::path final_, part_;
};

TEST_F(FileDownloadTest, StreamsVerifiesAndRenamesWithTheServersTime) {
  const std::string body = "hello, world";
  FileDownload file(final_, {}, 1 << 20);
  ASSERT_TRUE(file.prepare());
  EXPECT_TRUE(file.request_headers().empty());
  ASSERT_TRUE(file.begin(ok_head(body)));
  ASSERT_TRUE(file.write(body.data(), 5));
  ASSERT_TRUE(file.write(body.data() + 5, body.size() - 5));
  EXPECT_TRUE(fs::exists(part_));
  EXPECT_FALSE(fs::exists(final_));
  const auto verified = file.commit();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(verified->bytes, body.size());
  EXPECT_EQ(verified->checksum, sha256_of(body));
  EXPECT_EQ(read_all(final_), body);
  EXPECT_FALSE(fs::exists(part_));
  struct stat info {};
  ASSERT_EQ(::lstat(final_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mtim.tv_sec, 784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
}

TEST_F(FileDownloadTest, AChecksumMismatchLeavesNothingBehind) {
  const std::string body = "hello, world";
  FileDownload file(final_, {}, 1 << 20);
  ASSERT_TRUE(file.prepare());
  ResponseHead head = ok_head(body);
  head.checksums.sha256 = sha256_of("something else");
  ASSERT_TRUE(file.begin(head));
  ASSERT_TRUE(file.write(body.data(), body.size()));
  const auto verified = file.commit();
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().kind, ErrorKind::BadResponse);
  EXPECT_NE(verified.error().message.find("checksum mismatch"), std::string::npos);
  EXPECT_FALSE(fs::exists(final_));
  EXPECT_FALSE(fs::exists(part_));
}

TEST_F(FileDownloadTest, AShortBodyIsRejected) {
  const std::string body = "hello, world";
  FileDownload file(final_, {}, 1 << 20);
  ASSERT_TRUE(file.prepare());
  ASSERT_TRUE(file.begin(ok_head(body)));
  ASSERT_TRUE(file.write(body.data(), 4));
  const auto verified = file.commit();
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find("received 4 of 12 bytes"), std::string::npos);
  EXPECT_FALSE(fs::exists(final_));
}

TEST_F(FileDownloadTest, ResumesAPartialFileWithRangeAndIfRange) {
  const std::string body = "0123456789abcdef";
  leave_partial(body.substr(0, 10), "\"v1\"");
  FileDownload file(final_, {}, 4);
  ASSERT_TRUE(file.prepare());
  const auto headers = file.request_headers();
  ASSERT_EQ(headers.size(), 2U);
  EXPECT_EQ(headers[0], "Range: bytes=10-");
  EXPECT_EQ(headers[1], "If-Range: \"v1\"");
  ResponseHead head = ok_head(body);
  head.status = 206;
  head.content_length = 6;
  head.range_start = 10;
  head.total_size = body.size();
  ASSERT_TRUE(file.begin(head));
  ASSERT_TRUE(file.write(body.data() + 10, 6));
  const auto verified = file.commit();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(verified->resumed_from, 10U);
  EXPECT_EQ(read_all(final_), body);
}

TEST_F(FileDownloadTest, StartsOverWhenTheServerSendsTheWholeFile) {
  const std::string body = "the file changed on the server";
  leave_partial("stale bytes", "\"v0\"");
  FileDownload file(final_, {}, 4);
  ASSERT_TRUE(file.prepare());
  ASSERT_EQ(file.request_headers().size(), 2U);
  ASSERT_TRUE(file.begin(ok_head(body)));  // If-Range did not match: 200 with everything
  ASSERT_TRUE(file.write(body.data(), body.size()));
  const auto verified = file.commit();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(verified->resumed_from, 0U);
  EXPECT_EQ(read_all(final_), body);
}

TEST_F(FileDownloadTest, SmallPartialFilesAndFilesWithoutValidatorAreNotResumed) {
  leave_partial("0123", "\"v1\"");
  FileDownload small(final_, {}, 1 << 20);
  ASSERT_TRUE(small.prepare());
  EXPECT_TRUE(small.request_headers().empty());
  EXPECT_EQ(fs::file_size(part_), 0U);
}

TEST_F(FileDownloadTest, ARangeThatDoesNotContinueIsRefused) {
  leave_partial("0123456789", "\"v1\"");
  FileDownload file(final_, {}, 4);
  ASSERT_TRUE(file.prepare());
  ResponseHead head = ok_head("0123456789abcdef");
  head.status = 206;
  head.range_start = 4;
  EXPECT_FALSE(file.begin(head));
  EXPECT_FALSE(file.sink_failure().empty());
}

TEST_F(FileDownloadTest, WithoutChecksumHeadersFileInfoChecksumsVerify) {
  const std::string body = "no headers";
  FileDownload file(final_, {}, 1 << 20);
  ASSERT_TRUE(file.prepare());
  ResponseHead head = ok_head(body);
  head.checksums = {};
  ASSERT_TRUE(file.begin(head));
  ASSERT_TRUE(file.write(body.data(), body.size()));
  EXPECT_FALSE(file.verification_algorithm());
  Hasher sha1(HashAlgorithm::Sha1);
  sha1.update(body);
  Checksums from_file_info;
  from_file_info.sha1 = sha1.finish();
  const auto verified = file.commit(from_file_info);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(verified->algorithm, HashAlgorithm::Sha1);
}

TEST_F(FileDownloadTest, AbandonKeepsOnlyResumablePartialFiles) {
  const std::string body(64, 'x');
  {
    FileDownload file(final_, {}, 16);
    ASSERT_TRUE(file.prepare());
    ASSERT_TRUE(file.begin(ok_head(body)));
    ASSERT_TRUE(file.write(body.data(), 32));
    file.abandon(/*keep_partial=*/true);
  }
  EXPECT_EQ(fs::file_size(part_), 32U);
  {
    FileDownload file(final_, {}, 16);
    ASSERT_TRUE(file.prepare());
    EXPECT_EQ(file.bytes_written(), 32U);
    file.abandon(/*keep_partial=*/false);
  }
  EXPECT_FALSE(fs::exists(part_));
}

// A download cancelled while its hashing task waits for a CPU worker: the task finds the file
// closed and written bytes it can no longer read. It must end (it used to spin forever, which
// hung `arty get` on Ctrl-C), leaving the partial file as abandon() decided.
TEST_F(FileDownloadTest, AHashingTaskThatStartsAfterTheFileClosedEnds) {
  const std::string body(kHashBehindBytes * 2, 'h');
  std::vector<std::function<void()>> deferred;
  auto file = std::make_shared<FileDownload>(final_, Checksums{}, 16);
  file->enable_ranges(RangePlan{}, nullptr,
                      [&deferred](std::function<void()> task) { deferred.push_back(task); });
  ASSERT_TRUE(file->prepare());
  ASSERT_TRUE(file->begin(ok_head(body)));
  ASSERT_TRUE(file->hashes_behind());
  ASSERT_TRUE(file->write(body.data(), kHashBehindBytes));
  ASSERT_EQ(deferred.size(), 1U) << "the writes scheduled one hashing task";
  file->abandon(/*keep_partial=*/true);

  std::promise<void> ended;
  std::future<void> task_ended = ended.get_future();
  std::thread worker([task = deferred.front(), ended = std::move(ended)]() mutable {
    task();
    ended.set_value();
  });
  if (task_ended.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    worker.detach();  // spinning: joining would hang the test binary
    FAIL() << "the hashing task did not end";
  }
  worker.join();
  EXPECT_EQ(fs::file_size(part_), kHashBehindBytes);
}

}  // namespace
}  // namespace arty::ops
