/*
 * catalog.h: {portal}/catalog.jsonld, one DCAT-AP-NL 3.0 catalogue of every
 * dataset in the portal, for harvesting by the national data portal; it
 * conforms to the profile's official SHACL shapes (DCAT-AP 3.0.1 + DCAT-AP-NL
 * + the class-range files).
 *
 * Each dataset is a dcat:DatasetSeries (also typed dcat:Dataset) with the
 * profile's mandatory properties (identifier, title and description in Dutch
 * and English, publisher, creator = the municipalities, contactPoint, theme
 * from the EU data-theme list, accessRights PUBLIC, spatial = the
 * municipality's TOOI URI, temporal = the documents' years, language) and
 * dcat:first / dcat:last / dcat:hasVersion / dcat:hasCurrentVersion; every
 * release is a dcat:Dataset in the series (dcat:inSeries, dcat:isVersionOf,
 * dcat:version, adms:versionNotes, dcat:prev, dcat:previousVersion) with one
 * distribution per file (accessURL/downloadURL, licence, mediaType, format,
 * byteSize, spdx checksum, compressFormat where compressed, conformsTo the
 * release's datapackage.json for tables). Every vocabulary value and portal
 * page it points at is declared once with the class the shapes require.
 *
 * Built from what the portal holds (portal_scan.h), with no run time in it, so
 * it changes only when a release is added. It does not fetch or check the
 * vocabularies themselves. A pipeline without publisher, publisher_uri and
 * contact (no "portal" object) gets no catalogue.
 */
#ifndef ODP_CATALOG_H
#define ODP_CATALOG_H

#include "error.h"
#include "pipeline.h"
#include "portal_scan.h"

int catalog_write(const char *portal, const struct pipeline *pl, const struct portal_view *v,
                  struct odp_error *err);

#endif
