/*
 * geography.h — the reference geography embedded in the binary by
 * data/geography.S: the bytes of data/geography.tsv (format in
 * data/README.md, parsed by geo_parse() in core/geo.h), from geo_data_start
 * up to geo_data_end (excluded; a NUL follows). Read-only, lives as long as
 * the program.
 */
#ifndef RECOND_DATA_GEOGRAPHY_H
#define RECOND_DATA_GEOGRAPHY_H

extern const char geo_data_start[];
extern const char geo_data_end[];

#endif
