# The bitcoin: URIs in a JSON DoH answer, read as a web wallet reads them:
# each TXT record's Answer[].data; a quoted value ("a" "b", Cloudflare's
# style) is its character-strings unquoted and joined, an unquoted one
# (Google's) is taken as it is; the records that start with bitcoin: (in
# any case, BIP 353). Prints a JSON array of strings.
#   jq -f wallet_txt.jq ANSWER
def unquote:
  if startswith("\"") then
    [scan("\"((?:[^\"\\\\]|\\\\.)*)\"") | .[0] | gsub("\\\\(?<c>[\"\\\\])"; .c)] | join("")
  else . end;
[.Answer[]? | select(.type == 16) | .data | unquote | select(ascii_downcase | startswith("bitcoin:"))]
