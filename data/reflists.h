/*
 * reflists.h — the reference lists embedded in the binary by data/reflists.S:
 * the bytes of data/zrr-communes-cog2021.csv and of
 * data/france-services-20240801.csv, each from *_data_start up to
 * *_data_end (excluded; a NUL follows). Read-only, live as long as the
 * program. The file names, as the import records them, are below.
 */
#ifndef RECOND_DATA_REFLISTS_H
#define RECOND_DATA_REFLISTS_H

#define REFLIST_SHIPPED_ZRR "zrr-communes-cog2021.csv"
#define REFLIST_SHIPPED_FS "france-services-20240801.csv"

extern const char zrr_data_start[];
extern const char zrr_data_end[];
extern const char fs_data_start[];
extern const char fs_data_end[];

#endif
