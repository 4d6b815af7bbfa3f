// Reading account records in bounded memory (runtime/input/record_reader.hpp): the same lines as
// splitting the whole text for any block size, an over-long line between good ones cut to
// its first bytes with its line number and full length (issue 12: a 200 MB line was
// re-copied on every read), blank and CRLF lines at the limit, and whole JSON documents.
#include "runtime/input/record_reader.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "decode_test_schema.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/json_limits.hpp"

namespace {

using icp::vm::JsonLine;
using icp::vm::kCutRecordPrefixBytes;
using icp::vm::kMaxRecordBytes;
using icp::vm::LineBlock;
using icp::vm::LineBlockReader;

// A temporary file holding `text`, rewound, removed when closed.
struct TempInput {
  explicit TempInput(const std::string& text) : file(std::tmpfile()) {
    REQUIRE(file != nullptr);
    REQUIRE(std::fwrite(text.data(), 1, text.size(), file) == text.size());
    std::rewind(file);
  }
  ~TempInput() { std::fclose(file); }
  TempInput(const TempInput&) = delete;
  TempInput& operator=(const TempInput&) = delete;
  std::FILE* file;
};

// A line as read, with its text copied out of the block.
struct ReadLine {
  std::string text;
  std::size_t number = 0;
  std::size_t bytes = 0;
  bool operator==(const ReadLine&) const = default;
};

std::vector<ReadLine> read_lines(const std::string& input, std::size_t block_bytes, std::size_t* capacity = nullptr) {
  TempInput temp(input);
  LineBlockReader reader(temp.file, block_bytes);
  LineBlock block;
  std::vector<ReadLine> lines;
  std::size_t number = 1;
  while (!reader.at_end()) {
    REQUIRE(reader.read(block));
    if (capacity != nullptr) *capacity = std::max(*capacity, block.capacity);
    icp::vm::LineSplitter splitter = block.lines(number);
    for (JsonLine line; splitter.next(line);) lines.push_back({std::string(line.text), line.number, line.bytes});
    number = splitter.next_number();
  }
  CHECK(reader.bytes_read() == input.size());
  return lines;
}

std::vector<ReadLine> split_whole(const std::string& input) {
  icp::vm::LineSplitter splitter(input);
  std::vector<ReadLine> lines;
  for (JsonLine line; splitter.next(line);) lines.push_back({std::string(line.text), line.number, line.bytes});
  return lines;
}

std::string record(std::string_view id, std::size_t bytes) {
  const std::string head = "{\"id\":\"" + std::string(id) + "\",\"employees\":1,\"x\":\"";
  return head + std::string(bytes - head.size() - 2, 'y') + "\"}";
}

}  // namespace

TEST_CASE("record reader: the same lines as splitting the whole text, for any block size") {
  std::mt19937 random(12);
  const std::vector<std::string> pieces = {R"({"id":"a","employees":1})", "", " \t", "\r", "{}", "x", "\xEF\xBB\xBF{}"};
  for (int round = 0; round < 40; ++round) {
    std::string input = round % 2 == 0 ? "\xEF\xBB\xBF" : "";
    const int count = static_cast<int>(random() % 30);
    for (int i = 0; i < count; ++i) {
      input += pieces[random() % pieces.size()];
      input += random() % 3 == 0 ? "\r\n" : "\n";
    }
    if (round % 3 == 0) input += R"({"id":"last"})";  // no final newline
    CAPTURE(input);
    const std::vector<ReadLine> expected = split_whole(input);
    for (std::size_t block_bytes : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{64},
                                    LineBlockReader::kDefaultBlockBytes}) {
      CAPTURE(block_bytes);
      CHECK(read_lines(input, block_bytes) == expected);
    }
  }
}

TEST_CASE("record reader: an over-long line between good ones is cut, numbered and measured") {
  const std::string good1 = R"({"id":"a-1","employees":150})", good2 = R"({"id":"a-3","employees":5})";
  const std::string huge = record("a-2", kMaxRecordBytes + (std::size_t{3} << 20));
  const std::string input = good1 + "\n" + huge + "\r\n" + good2 + "\n\n" + good1 + "\n";
  for (std::size_t block_bytes : {std::size_t{4096}, std::size_t{65536} + 3, LineBlockReader::kDefaultBlockBytes}) {
    CAPTURE(block_bytes);
    std::size_t capacity = 0;
    const std::vector<ReadLine> lines = read_lines(input, block_bytes, &capacity);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == ReadLine{good1, 1, good1.size()});
    CHECK(lines[1] == ReadLine{huge.substr(0, kCutRecordPrefixBytes), 2, huge.size()});  // the "\r" not counted
    CHECK(lines[2] == ReadLine{good2, 3, good2.size()});
    CHECK(lines[3] == ReadLine{good1, 5, good1.size()});
    // Memory: never the whole line, whatever its length.
    CHECK(capacity <= kMaxRecordBytes + 1 + 2 * block_bytes);
  }
  // The decoder rejects the cut line with the whole line's error, and takes the others.
  icp::vm::JsonDecoder decoder(icp::vm::testing::decode_test_schema());
  icp::vm::Record out;
  icp::vm::DecodeError error;
  const std::vector<ReadLine> lines = read_lines(input, LineBlockReader::kDefaultBlockBytes);
  const JsonLine cut{lines[1].text, lines[1].number, lines[1].bytes};
  CHECK_FALSE(decoder.decode_line(cut, icp::vm::testing::kDecodeAsOf, out, error));
  CHECK(error.id == "a-2");
  CHECK(error.message == fmt::format("record too large: expected at most 8388608 bytes (8 MiB), found {} bytes",
                                     huge.size()));
  CHECK(decoder.decode_line(JsonLine{lines[2].text, 3, lines[2].bytes}, icp::vm::testing::kDecodeAsOf, out, error));
}

TEST_CASE("record reader: lines at the limit, blank long lines and a long last line") {
  const std::string at_limit = record("at", kMaxRecordBytes), over = record("over", kMaxRecordBytes + 1);
  const std::string blank(kMaxRecordBytes + 100, ' ');
  const std::string last = record("last", kMaxRecordBytes + 2);
  const std::string input = at_limit + "\r\n" + over + "\n" + blank + "\n" + at_limit + "\n" + last;
  const std::vector<ReadLine> lines = read_lines(input, 65536);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == ReadLine{at_limit, 1, kMaxRecordBytes});  // kept whole: with its "\r", one byte over
  CHECK(lines[1] == ReadLine{over, 2, kMaxRecordBytes + 1});  // kept whole: the decoder rejects it
  CHECK(lines[2] == ReadLine{at_limit, 4, kMaxRecordBytes});  // line 3 was blank: no record
  CHECK(lines[3] == ReadLine{last.substr(0, kCutRecordPrefixBytes), 5, last.size()});
}

TEST_CASE("record reader: one JSON document, whole up to the limit, else its first bytes and size") {
  for (std::size_t size : {std::size_t{40}, kMaxRecordBytes, kMaxRecordBytes + 1, 3 * kMaxRecordBytes}) {
    CAPTURE(size);
    const std::string document = record("doc", size);
    TempInput temp(document);
    std::string text = "stale";
    std::size_t bytes = 0;
    REQUIRE(icp::vm::read_json_document(temp.file, text, bytes));
    CHECK(bytes == size);
    CHECK(text == (size <= kMaxRecordBytes ? document : document.substr(0, kCutRecordPrefixBytes)));
  }
}
