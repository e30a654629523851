/*
 * i18n.h — translation of the strings a person reads, through gettext.
 * French is the source language: every such string is written in French and
 * wrapped in _() where it is used, or N_() where it sits in a static table
 * (the table's user wraps the value in _() when showing it). `make pot`
 * collects them into po/recond.pot.
 */
#ifndef RECOND_I18N_H
#define RECOND_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/*
 * Binds the "recond" text domain to LOCALEDIR (default /usr/share/locale,
 * set at build time with -DLOCALEDIR=\"…\") and makes it the default
 * domain. Does not call setlocale(): the program that shows text does,
 * before this.
 */
void i18n_init(void);

#endif
