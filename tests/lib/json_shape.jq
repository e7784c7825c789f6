# Field-by-field comparison of a JSON DoH answer with a reference shape from
# tests/fixtures/doh_json/ ({always: {...}, sometimes: {...}}):
#   jq -n --slurpfile ref REFERENCE --slurpfile got ANSWER -f json_shape.jq
# prints {unknown, missing, record_keys}, all three empty when the answer fits:
#   unknown      fields (path and JSON type) the reference has nowhere
#   missing      fields the reference has in every answer
#   record_keys  records (Question, Answer, Authority) whose keys differ from
#                the reference's records
# Paths name array members as [], so every record is held to the same shape.
def shape:
  [paths as $p | [($p | map(if type == "number" then "[]" else . end) | join(".")), (getpath($p) | type)]]
  | unique;
($ref[0]) as $r
| ($got[0]) as $g
| {
    unknown: (($g | shape) - ($r.always + $r.sometimes | shape)),
    missing: (($r.always | keys) - ($g | keys)),
    record_keys: [
      (($g.Question // [])[] | keys | select(. != ($r.always.Question[0] | keys))),
      (($g.Answer // [])[], ($g.Authority // [])[] | keys | select(. != ($r.sometimes.Answer[0] | keys)))
    ]
  }
