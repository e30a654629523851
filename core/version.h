/*
 * version.h — recond's version, shown by `recond --version` and « À propos ».
 */
#ifndef RECOND_VERSION_H
#define RECOND_VERSION_H

#define RECOND_VERSION "0.4.0"

#endif
