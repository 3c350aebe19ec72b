/*
 * catalog.h: {portal}/catalog.jsonld, one DCAT-AP-NL 3.0 catalogue of every
 * dataset in the portal, for harvesting by the national data portal.
 *
 * Each dataset is a dcat:Dataset with the profile's mandatory properties
 * (identifier, title and description in Dutch and English, publisher, creator
 * = the municipalities, contactPoint, theme from the EU data-theme list,
 * accessRights PUBLIC, spatial = the municipality (its TOOI URI), temporal =
 * the documents' years) and the distributions of its current release; every
 * release is a dcat:Dataset of its own (dcat:version, adms:versionNotes,
 * dcat:previousVersion, dcat:isVersionOf) linked from the dataset by
 * dcat:hasVersion and dcat:hasCurrentVersion, with one distribution per file
 * (accessURL/downloadURL, licence, mediaType, format, byteSize, spdx checksum,
 * compressFormat where compressed).
 *
 * Built from what the portal holds (portal_scan.h), with no run time in it, so
 * it changes only when a release is added.
 */
#ifndef ODP_CATALOG_H
#define ODP_CATALOG_H

#include "error.h"
#include "pipeline.h"
#include "portal_scan.h"

int catalog_write(const char *portal, const struct pipeline *pl, const struct portal_view *v,
                  struct odp_error *err);

#endif
