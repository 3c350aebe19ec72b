# fuzz/targets.cmake: the one list of fuzz targets and what each is built
# from. Two builds read it, each defining odp_fuzz_target(NAME SOURCES ...
# LIBS ...) before include()ing this file:
#   - fuzz/CMakeLists.txt: libFuzzer binaries (clang, ASan + UBSan, UB fatal),
#     run by fuzz/run.sh;
#   - tests/CMakeLists.txt: the same target with fuzz/replay_main.c as its
#     main, built by the ordinary compiler in every test build, replaying the
#     seed corpus and every earlier finding (fuzz/corpus/NAME,
#     fuzz/regressions/NAME) so they stay fixed where clang is missing too.
# SOURCES are relative to the project root; the target itself is fuzz/fuzz_NAME.c.
# Every target links odpcore (lib/) and jansson.
odp_fuzz_target(page SOURCES extract/page.c extract/table_grid.c extract/text.c
                extract/widget.c extract/legend.c extract/table_rows.c extract/table_legend.c
                extract/table_record.c extract/table_write.c extract/page_record.c
                LIBS LIBXML2 UTF8PROC)
odp_fuzz_target(number)
odp_fuzz_target(robots SOURCES fetch/robots.c)
odp_fuzz_target(url)
odp_fuzz_target(charset SOURCES fetch/charset.c)
odp_fuzz_target(pipeline)
odp_fuzz_target(extract_reader SOURCES transform/extract_reader.c)
odp_fuzz_target(record_scan SOURCES load/record_scan.c)
odp_fuzz_target(row_view SOURCES load/row_view.c)
odp_fuzz_target(changes_head SOURCES load/changes_head.c)
odp_fuzz_target(legend SOURCES extract/legend.c)
