// The official BOLT 12 vectors (tests/vectors/bolt12, see its README).
// Only valid/invalid verdicts are asserted, never the reason: seven invalid
// vectors fail earlier than their description says (README caveats).
#include <iostream>

#include <boost/json.hpp>

#include "hrn/bolt12/offer.hpp"
#include "test_helpers.hpp"

using namespace hrn;
using namespace hrn::bolt12;
using namespace hrn::bolt12::test;

namespace {

boost::json::array load_array(std::string_view name) {
  boost::json::error_code ec;
  auto v = boost::json::parse(read_text_file(vector_path(name)), ec);
  REQUIRE_FALSE(ec);
  REQUIRE(v.is_array());
  return v.as_array();
}

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

// The records the string holds, read with the string and TLV layers only
// (no offer rules), for comparing with a vector's `fields`.
std::vector<tlv_record> raw_records(std::string_view text) {
  auto s = decode_bolt12_string(text);
  REQUIRE(s.ok());
  auto recs = parse_tlv_stream(s->data);
  REQUIRE(recs.ok());
  return *recs;
}

void check_fields(const std::vector<tlv_record>& got, const boost::json::array& fields) {
  REQUIRE(got.size() == fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i].as_object();
    INFO("field " << i);
    CHECK(got[i].type == f.at("type").to_number<std::uint64_t>());
    CHECK(got[i].value.size() == f.at("length").to_number<std::uint64_t>());
    CHECK(to_hex(got[i].value) == str(f.at("hex")));
  }
}

}  // namespace

TEST_CASE("offers-test.json: every vector gets its verdict and its fields") {
  auto vectors = load_array("offers-test.json");
  std::size_t checked = 0, valid = 0, invalid = 0, with_fields = 0;
  for (const auto& entry : vectors) {
    const auto& v = entry.as_object();
    const std::string text = str(v.at("bolt12"));
    const bool expect_valid = v.at("valid").as_bool();
    INFO("vector: " << str(v.at("description")) << "\n  " << text);
    auto decoded = decode_offer(text);
    const std::string why = decoded ? "decoded" : decoded.err().code + ": " + decoded.err().message;
    INFO("result: " << why);
    CHECK(decoded.ok() == expect_valid);
    if (const auto* fields = v.if_contains("fields")) {
      ++with_fields;
      // For invalid vectors the TLV layer still reads; the offer rules fail.
      check_fields(decoded ? decoded->records : raw_records(text), fields->as_array());
    }
    ++checked;
    (expect_valid ? valid : invalid)++;
  }
  std::cout << "offers-test.json: checked " << checked << " vectors (" << valid << " valid, "
            << invalid << " invalid; " << with_fields << " with fields)\n";
  CHECK(checked == 53);
  CHECK(with_fields == 22);
}

TEST_CASE("format-string-test.json: every string gets its verdict") {
  auto vectors = load_array("format-string-test.json");
  std::size_t checked = 0;
  std::optional<std::vector<tlv_record>> same;
  for (const auto& entry : vectors) {
    const auto& v = entry.as_object();
    const std::string text = str(v.at("string"));
    INFO("vector: " << str(v.at("comment")) << "\n  " << text);
    auto decoded = decode_offer(text);
    const std::string why = decoded ? "decoded" : decoded.err().code + ": " + decoded.err().message;
    INFO("result: " << why);
    CHECK(decoded.ok() == v.at("valid").as_bool());
    if (decoded) {
      // README: all the valid strings decode to the same offer.
      if (!same) same = decoded->records;
      CHECK(decoded->records == *same);
    }
    ++checked;
  }
  std::cout << "format-string-test.json: checked " << checked << " strings\n";
  CHECK(checked == 12);
}

TEST_CASE("vectors: valid offers re-encode to the same string") {
  // decode(encode(x)) == x the other way round: the records of every valid
  // vector, written out again, give back the vector's (lower-case) string.
  auto vectors = load_array("offers-test.json");
  std::size_t n = 0;
  for (const auto& entry : vectors) {
    const auto& v = entry.as_object();
    if (!v.at("valid").as_bool()) continue;
    const std::string text = str(v.at("bolt12"));
    INFO(text);
    auto decoded = decode_offer(text);
    REQUIRE(decoded.ok());
    CHECK(lno(decoded->records) == text);
    ++n;
  }
  CHECK(n == 20);
}
