// The style, the script and the headers of the web page.
#include "web_assets.hpp"

#include <openssl/evp.h>

#include "hrn/api/web_page.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::api {
namespace web_assets {

// Light only: a QR code must stay dark on light to scan.
std::string_view style() {
  return R"css(
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f3ef;color:#1c1c1c}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0;overflow-wrap:anywhere}
h2{font-size:1.05rem;margin:0 0 .5rem}
p{margin:.4rem 0}
bdi{unicode-bidi:isolate}
.card{background:#fff;border-radius:.6rem;padding:1rem;margin:1rem 0;box-shadow:0 1px 3px #0003}
.err{border-left:.3rem solid #b3261e}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}
.note{font-size:.9rem;color:#555}
.stripes{display:block;width:12rem;height:3rem;border:1px solid #0004}
.prev .stripes{width:6rem;height:1.5rem}
.words{font-weight:700;letter-spacing:.06em}
.qr{display:block;width:100%;max-width:22rem;height:auto;margin:0 auto}
.pay{font:.85rem/1.4 ui-monospace,Menlo,Consolas,monospace;word-break:break-all;user-select:all;background:#efeee8;padding:.5rem;border-radius:.3rem;max-height:12rem;overflow:auto}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
label{width:100%;font-weight:600}
input{flex:1 1 14rem;font-size:1rem;padding:.5rem;border:1px solid #888;border-radius:.3rem}
button{font-size:1rem;padding:.5rem 1rem;border:0;border-radius:.3rem;background:#1f4e8c;color:#fff;cursor:pointer}
a{color:#1f4e8c}
)css";
}

// The copy button: shown only when this runs (it starts hidden); copies with
// the Clipboard API where the browser allows it, else selects the text and
// asks the browser to copy the selection. Without JavaScript the text is
// still in the page, selectable with one click (user-select: all).
std::string_view script() {
  return R"js(
(function(){
var b=document.getElementById("copy"),t=document.getElementById("paytext");
if(!b||!t)return;
b.hidden=false;
function select(){var r=document.createRange();r.selectNodeContents(t);var s=getSelection();s.removeAllRanges();s.addRange(r);}
function fallback(){select();var ok=false;try{ok=document.execCommand("copy");}catch(e){}b.textContent=ok?"Copied":"Selected: copy it now";}
b.addEventListener("click",function(){
if(navigator.clipboard&&window.isSecureContext)navigator.clipboard.writeText(t.textContent).then(function(){b.textContent="Copied";},fallback);
else fallback();
});
})();
)js";
}

}  // namespace web_assets

namespace {

std::string sha256_base64(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return to_base64(byte_view(digest, length));
}

}  // namespace

const std::string& page_csp() {
  // 'none' for everything not named: no images, fonts, connections, frames
  // or plugins, and no inline style attribute (the flag's colours are SVG
  // fill attributes, which CSP does not govern). base-uri: a base element
  // can never re-point the relative URLs the page relies on.
  static const std::string csp = "default-src 'none'; style-src 'sha256-" + sha256_base64(web_assets::style()) +
                                 "'; script-src 'sha256-" + sha256_base64(web_assets::script()) +
                                 "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  return csp;
}

http_response page_response(int status, std::string html) {
  http_response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(html);
  r.headers.emplace_back("Content-Security-Policy", page_csp());
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace hrn::api
