/*
 * i18n.c — binds recond's gettext text domain (see i18n.h).
 */
#include "core/i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

#define I18N_DOMAIN "recond"

void i18n_init(void)
{
	bindtextdomain(I18N_DOMAIN, LOCALEDIR);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	textdomain(I18N_DOMAIN);
}
