// JsonSink, which batches decision-line pieces in a stack buffer: every piece kind must give
// the bytes the std::string helpers give, across buffer boundaries and for pieces longer
// than the buffer; and the doubly escaped strings of near-miss texts must decode back.
#include "runtime/output/json_sink.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

// Every escapable byte, a quote and backslash, characters that pass through (space, é),
// and those escaped beyond ASCII: DEL, a C1 control, a bidi override, ill-formed UTF-8.
std::string awkward_text() {
  std::string text = "a \"q\" \\ caf\xC3\xA9 \x7F\u009B\u202E\xFF\xE2\x82 ";
  for (int c = 0; c < 0x20; ++c) text += static_cast<char>(c);
  return text;
}

std::string json(std::string_view text) {
  std::string out;
  icp::vm::append_json_string(text, out);
  return out;
}

}  // namespace

TEST_CASE("JsonSink: pieces of every kind, at every offset of the buffer, match the string helpers") {
  using icp::Decimal;
  const std::string awkward = awkward_text();
  const std::string long_piece(10000, 'x');  // longer than the sink's buffer
  // Fill so that each piece starts at many offsets around a buffer boundary (4096 bytes).
  for (std::size_t fill = 4000; fill < 4100; fill += 3) {
    std::string got = "start:";
    std::string expected = got;
    {
      icp::vm::JsonSink sink(got);
      sink.append(std::string(fill, '.'));
      expected.append(fill, '.');
      sink.append_int(-1234567890123);
      icp::vm::append_json_int(-1234567890123, expected);
      sink.append_decimal(*Decimal::parse("-12.05"));
      icp::vm::append_json_decimal(*Decimal::parse("-12.05"), expected);
      sink.append_string("plain");
      sink.append_string(awkward);
      expected += json("plain") + json(awkward);
      sink.append(long_piece);
      sink.push_back(',');
      sink.append(std::string_view("twenty-five bytes long..."));
      expected += long_piece + ",twenty-five bytes long...";
      sink.str().append("[direct]");  // what helpers writing to the string see
      expected += "[direct]";
      sink.append_escaped(awkward);
      const std::string once = json(awkward);
      expected += once.substr(1, once.size() - 2);
    }  // the destructor flushes
    REQUIRE(got == expected);
  }
}

TEST_CASE("JsonSink: a string escaped for inside another string decodes to its JSON literal") {
  // append_string_escaped(t) must equal escaping the literal json(t) once more, quotes stripped.
  for (const std::string& text : {std::string("454144"), std::string(""), awkward_text()}) {
    std::string got;
    {
      icp::vm::JsonSink sink(got);
      sink.append_string_escaped(text);
    }
    const std::string twice = json(json(text));
    CHECK(got == twice.substr(1, twice.size() - 2));
  }
}

TEST_CASE("write_iso_date: format_date's text for years 0..9999, refused outside") {
  char text[10];
  for (const char* date : {"2026-11-23", "0001-01-01", "9999-12-31", "2024-02-29"}) {
    const icp::Date parsed = *icp::parse_date(date);
    REQUIRE(icp::vm::write_iso_date(parsed, text));
    CHECK(std::string(text, sizeof text) == icp::format_date(parsed));
  }
  CHECK_FALSE(icp::vm::write_iso_date(icp::date_from_civil(10000, 1, 1), text));
  CHECK_FALSE(icp::vm::write_iso_date(icp::date_from_civil(-1, 12, 31), text));
}

TEST_CASE("json_plain: false exactly when some byte needs a look, for every length and position") {
  std::string escapable = "\"\\";
  for (int c = 0; c < 0x20; ++c) escapable += static_cast<char>(c);
  for (int c = 0x7F; c < 0x100; ++c) escapable += static_cast<char>(c);  // DEL, and UTF-8 to check
  for (std::size_t length = 0; length <= 20; ++length) {
    const std::string plain(length, 'a');
    REQUIRE(icp::vm::json_plain(plain));
    REQUIRE(icp::vm::json_plain(std::string(length, '~')));  // 0x7E, just below DEL
    for (std::size_t at = 0; at < length; ++at) {
      for (char c : escapable) {
        std::string text = plain;
        text[at] = c;
        REQUIRE_FALSE(icp::vm::json_plain(text));
      }
    }
  }
}

TEST_CASE("SinkRun: pieces give the JsonSink's bytes, and repeat() copies text wherever it now is") {
  using icp::Decimal;
  const std::string awkward = awkward_text();
  const std::string long_piece(5000, 'y');  // longer than the buffer
  for (std::size_t fill = 3900; fill < 4100; fill += 7) {
    std::string got = "start:";
    std::string expected = got;
    {
      icp::vm::JsonSink sink(got);
      sink.append(std::string(fill, '.'));
      expected.append(fill, '.');
      icp::vm::SinkRun run(sink);
      // A text of 150 bytes put just before the boundary: repeated from the buffer, straddling
      // a flush, or from the string, by the fill.
      const std::size_t at = run.offset();
      REQUIRE(at == 6 + fill);
      const std::string repeated = "{\"criterion\":\"size\",\"why\":" + std::string(120, 'w') + "}";
      run.append(repeated);
      run.repeat(at, repeated.size());
      expected += repeated + repeated;
      run.append_int(7);
      run.append_int(-1234567890123);
      expected += "7-1234567890123";
      for (const char* text : {"0", "8", "-3", "12.05", "100"}) {
        run.append_decimal(*Decimal::parse(text));
        icp::vm::append_json_decimal(*Decimal::parse(text), expected);
      }
      run.append_string("CA");
      run.append_string(awkward);
      expected += json("CA") + json(awkward);
      run.append_escaped("plain");
      run.append_escaped(awkward);
      const std::string once = json(awkward);
      expected += "plain" + once.substr(1, once.size() - 2);
      char* patch = run.append_template("[0]");
      patch[1] = '5';
      expected += "[5]";
      run.append(long_piece);
      expected += long_piece;
      run.sink().append_int(42);  // a helper writing to the sink mid-run
      run.resume();
      run.push_back('!');
      expected += "42!";
      run.repeat(at, repeated.size());  // by now in the string
      expected += repeated;
    }
    REQUIRE(got == expected);
  }
}
