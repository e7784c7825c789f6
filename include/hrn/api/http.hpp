#pragma once
// The relay's view of an HTTP exchange: plain values, so request handling is a
// function from request to response that tests can call without sockets.

#include <string>
#include <utility>
#include <vector>

namespace hrn::api {

struct http_request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent
  std::string content_type;
  std::string body;
};

struct http_response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

}  // namespace hrn::api
