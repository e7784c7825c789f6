#include "hrn/flag/svg.hpp"

namespace hrn::flag {

std::string to_svg(const node_flag& f) {
  // 4 stripes of 60 x 80, then a line of names and one for the height. The
  // text is large enough to read off a phone photographed at arm's length.
  constexpr int stripe_w = 60, stripe_h = 80, width = 4 * stripe_w, height = stripe_h + 44;
  std::string out;
  out.reserve(1024);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + ' ' + std::to_string(height) +
         "\" role=\"img\">";
  out += "<title>Node flag at block " + std::to_string(f.height) + ": ";
  for (std::size_t i = 0; i < 4; ++i) {
    if (i) out += ' ';
    out += f.names[i];
  }
  out += "</title><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";
  for (std::size_t i = 0; i < 4; ++i) {
    const auto x = std::to_string(static_cast<int>(i) * stripe_w);
    out += "<rect x=\"" + x + "\" y=\"0\" width=\"" + std::to_string(stripe_w) + "\" height=\"" +
           std::to_string(stripe_h) + "\" fill=\"" + to_hex(f.colours[i]) + "\"/>";
    out += "<text x=\"" + std::to_string(static_cast<int>(i) * stripe_w + stripe_w / 2) + "\" y=\"" +
           std::to_string(stripe_h + 16) +
           "\" font-family=\"sans-serif\" font-size=\"11\" text-anchor=\"middle\" fill=\"#000000\">";
    out += f.names[i];
    out += "</text>";
  }
  out += "<text x=\"" + std::to_string(width / 2) + "\" y=\"" + std::to_string(stripe_h + 36) +
         "\" font-family=\"sans-serif\" font-size=\"13\" text-anchor=\"middle\" fill=\"#000000\">block " +
         std::to_string(f.height) + "</text></svg>\n";
  return out;
}

}  // namespace hrn::flag
