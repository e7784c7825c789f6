#pragma once
// A request parser that keeps only what the API reads (method, target,
// version, Content-Type, body) and counts header fields as they arrive, so
// a header of thousands of tiny fields is refused while it is parsed instead
// of being stored field by field. Beast's basic_parser does the HTTP syntax,
// the header byte limit, the body limit and keep-alive; this class stores.
//
// Chunked bodies are refused: the listener answers 411 after the header,
// and Boost 1.81's chunk parser trips its own assertions on some malformed
// chunk sequences (found by tests/fuzz/http_request.cpp).

#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

namespace hrn::api::detail {

class request_parser final : public boost::beast::http::basic_parser<true> {
 public:
  explicit request_parser(std::size_t max_fields) : max_fields_(max_fields) {}

  std::string method;
  std::string target;
  std::string content_type;
  std::string accept;  // the Accept field, for the answers that come in several formats
  std::string body;
  unsigned version = 11;
  // Set when the header had more than max_fields fields (the parse then
  // fails with http::error::header_limit).
  bool too_many_fields = false;
  // "Expect: 100-continue" (RFC 9110 §10.1.1): the client waits for an
  // interim 100 before it sends the body.
  bool expect_continue = false;

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb, string_view method_str, string_view target_str,
                       int version_number, error_code&) override {
    method.assign(method_str.data(), method_str.size());
    target.assign(target_str.data(), target_str.size());
    version = static_cast<unsigned>(version_number);
  }
  void on_response_impl(int, string_view, int, error_code& ec) override {
    ec = boost::beast::http::error::bad_method;  // never called for requests
  }
  void on_field_impl(boost::beast::http::field name, string_view, string_view value,
                     error_code& ec) override {
    if (++fields_ > max_fields_) {
      too_many_fields = true;
      ec = boost::beast::http::error::header_limit;
      return;
    }
    if (name == boost::beast::http::field::content_type)
      content_type.assign(value.data(), value.size());
    else if (name == boost::beast::http::field::accept)
      accept.assign(value.data(), value.size());
    else if (name == boost::beast::http::field::expect)
      expect_continue = boost::beast::iequals(value, "100-continue");
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    // basic_parser has checked the length against the body limit already.
    if (length) body.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(string_view piece, error_code&) override {
    body.append(piece.data(), piece.size());
    return piece.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code& ec) override {
    ec = boost::beast::http::error::bad_transfer_encoding;
  }
  std::size_t on_chunk_body_impl(std::uint64_t, string_view, error_code& ec) override {
    ec = boost::beast::http::error::bad_transfer_encoding;
    return 0;
  }
  void on_finish_impl(error_code&) override {}

  std::size_t max_fields_;
  std::size_t fields_ = 0;
};

}  // namespace hrn::api::detail
