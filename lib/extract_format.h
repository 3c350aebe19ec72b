/*
 * extract_format.h: the version of the format between odp-extract and
 * odp-transform, written down in schemas/extract.schema.json. Both stages
 * read this one number: extract stamps it on every page record and keys its
 * cached output by it (workdir_extract_path), transform reads the files of
 * this version and includes it in its inputs key.
 *
 * Raise it whenever the extract output changes for the same page bytes, so
 * cached extracts of the old format are never read as the new.
 *   2  tables as grids with label paths joined by " > "
 *   3  col_levels and row paths as arrays, stub_cols, evidence, scale_source
 *      "heading"; key figures from aria-label/title labels
 *   4  grid (the spans expanded once, read by transform as written); an N / V
 *      in the body cells as the sign, sign_source "cells"; panels side by side
 *      (panels, body rows' panel_labels)
 */
#ifndef ODP_EXTRACT_FORMAT_H
#define ODP_EXTRACT_FORMAT_H

#define ODP_EXTRACT_FORMAT_VERSION 4

#endif
