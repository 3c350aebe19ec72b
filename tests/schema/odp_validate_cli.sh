#!/bin/bash
# odp-validate end to end: valid files exit 0 silently, invalid records are
# reported as FILE:LINE: POINTER: message with exit 1, a bad or unreadable
# schema exits 2, --map serves references locally, --format-assert turns
# format into an assertion, stdin works, and the CLI conventions hold.
# Needs the meta-schemas in $ODP_SHARED_DATA (default ../shared/data).
set -u
V="${ODP_BUILD:?}/odp-validate"
D="$(cd "$(dirname "$0")/data" && pwd)"
DATA="${ODP_SHARED_DATA:-${ODP_SRC:?}/../shared/data}"
if [ ! -f "$DATA/json-schema-metaschemas/2020-12/schema.json" ]; then
  echo "SKIPPED: no meta-schemas in $DATA/json-schema-metaschemas (set ODP_SHARED_DATA)"
  exit 77
fi
export ODP_SHARED_DATA="$DATA"
fails=0
check() { # NAME EXPECTED_STATUS EXPECTED_STDOUT -- COMMAND...
  local name="$1" want_rc="$2" want_out="$3"; shift 4
  local out rc
  out="$(cd "$D" && "$@" 2>/tmp/odp_validate_cli.$$)"; rc=$?
  if [ "$rc" != "$want_rc" ] || [ "$out" != "$want_out" ]; then
    echo "FAIL $name: status $rc (want $want_rc)"
    echo "  stdout: $out"; echo "  want:   $want_out"; echo "  stderr: $(cat /tmp/odp_validate_cli.$$)"
    fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
  rm -f /tmp/odp_validate_cli.$$
}
MAP="--map https://odp.example.nl/shared/=shared"

check valid_json_lines_exit_0_and_print_nothing 0 "" -- \
  "$V" $MAP facts-schema.json facts-valid.jsonl
check invalid_records_are_reported_with_file_line_pointer 1 \
'facts-invalid.jsonl:2: /value: "6,3" does not match ^-?[0-9]+(\.[0-9]+)?$
facts-invalid.jsonl:3: /period: 1492 is less than the minimum 1900
facts-invalid.jsonl:3: (root): property "extra" is not allowed' -- \
  "$V" $MAP facts-schema.json facts-invalid.jsonl
check json_document_error_names_the_line_of_the_value 1 \
'facts-doc.json:3: /value: "6,3" does not match ^-?[0-9]+(\.[0-9]+)?$' -- \
  "$V" $MAP facts-schema.json facts-doc.json
check stdin_is_read_when_no_file_is_given 1 \
'(stdin):1: /value: "6,3" does not match ^-?[0-9]+(\.[0-9]+)?$' -- \
  bash -c "echo '{\"fact_id\": \"x\", \"value\": \"6,3\"}' | '$V' $MAP facts-schema.json"
check unmapped_reference_makes_the_schema_unusable_exit_2 2 "" -- \
  "$V" facts-schema.json facts-valid.jsonl
check schema_violating_its_metaschema_exits_2 2 "" -- \
  "$V" schema-bad.json facts-valid.jsonl
check unresolvable_ref_exits_2 2 "" -- "$V" schema-unresolvable.json facts-valid.jsonl
check unreadable_schema_exits_2 2 "" -- "$V" no-such-schema.json facts-valid.jsonl
check format_is_an_annotation_by_default 0 "" -- "$V" date-schema.json bad-date.json
check format_assert_rejects_an_impossible_date 1 \
'bad-date.json:1: (root): "2025-02-30" is not a valid date' -- \
  "$V" --format-assert date-schema.json bad-date.json
check quiet_prints_nothing_but_keeps_the_status 1 "" -- \
  "$V" --quiet $MAP facts-schema.json facts-invalid.jsonl
check boolean_schema_true_accepts_everything 0 "" -- "$V" schema-true.json facts-invalid.jsonl
check boolean_schema_false_rejects_every_record 1 \
'facts-valid.jsonl:1: (root): no value is allowed here
facts-valid.jsonl:2: (root): no value is allowed here' -- "$V" schema-false.json facts-valid.jsonl
# an array "items" is draft-07's tuple form and no 2020-12 schema, so the
# schema without $schema is read by the --dialect given
check no_dialect_reads_2020_12_and_refuses_a_draft7_schema 2 "" -- \
  "$V" schema-tuple-no-dialect.json tuple-string.json
check dialect_draft7_reads_a_schema_without_dollar_schema 1 \
'tuple-string.json:1: /0: "a" is a string, not integer' -- \
  "$V" --dialect http://json-schema.org/draft-07/schema schema-tuple-no-dialect.json tuple-string.json
check unknown_dialect_is_a_usage_error 2 "" -- \
  "$V" --dialect https://json-schema.org/draft/2019-09/schema facts-schema.json facts-valid.jsonl
check help_exits_0 0 "$("$V" --help)" -- "$V" --help
check version_names_the_program 0 "odp-validate $("$V" --version | cut -d' ' -f2)" -- "$V" --version
check unknown_option_is_a_usage_error 2 "" -- "$V" --no-such-option facts-schema.json
check missing_schema_is_a_usage_error 2 "" -- "$V"

if [ "$fails" -ne 0 ]; then echo "$fails failed"; exit 1; fi
