/*
 * faq.c — the questions people ask about the programme, with recond's
 * answers, grouped by section, each for the roles it concerns. Static
 * text; paragraphs are separated by a blank line ("\n\n"), list items start
 * with "• ". An answer says only what recond does today for its readers,
 * and names things as the screens do (« intention de commande »,
 * « Contacter l'assistance », « Messages »).
 */
#include "core/core.h"
#include "core/i18n.h"

#define R(role) (1u << (role))
#define ORGS (R(ROLE_COLLECTIVITE) | R(ROLE_FRANCE_SERVICES))
#define PREF R(ROLE_PREFECTURE)
#define RECON R(ROLE_RECONDITIONNEUR)
#define ANCT R(ROLE_ANCT)
#define ALL (ORGS | PREF | RECON | ANCT | R(ROLE_NONE))

static const struct faq_entry faq[] = {
	/* ---- Éligibilité ---- */
	{
		N_("Éligibilité"),
		N_("Quelles structures peuvent bénéficier du programme ?"),
		N_("Deux sortes de structures seulement :\n"
		   "• les collectivités territoriales et leurs groupements au sens de "
		   "l'article L. 5111-1 du Code général des collectivités territoriales "
		   "(communes, départements, régions, EPCI, syndicats…) ;\n"
		   "• les espaces labellisés France Services.\n\n"
		   "Le programme n'est pas ouvert, pour l'instant, à d'autres acteurs."),
		ALL,
	},
	{
		N_("Éligibilité"),
		N_("Ma collectivité est-elle éligible ?"),
		N_("Une collectivité est éligible si son territoire est classé en zone de "
		   "revitalisation rurale (ZRR, devenue France Ruralités Revitalisation en "
		   "2024) ou s'il compte au moins un quartier prioritaire de la politique "
		   "de la ville (QPV).\n\n"
		   "recond vérifie ce classement lui-même, à partir du code INSEE de la "
		   "commune et des listes officielles importées par l'équipe du programme : "
		   "le résultat et sa justification (la commune, les listes consultées et "
		   "celles qui manquent) s'affichent dès l'inscription de l'organisation."),
		ORGS | PREF | ANCT,
	},
	{
		N_("Éligibilité"),
		N_("Un espace France Services est-il éligible ?"),
		N_("Oui, toujours, quelle que soit la forme juridique de sa structure "
		   "porteuse (commune, association, La Poste, etc.). C'est la structure "
		   "porteuse de l'espace qui dépose la demande, avec un compte de type "
		   "« France Services ».\n\n"
		   "L'éligibilité repose sur l'espace (ou les espaces) labellisé(s) que la "
		   "structure choisit dans le registre France Services importé par "
		   "l'équipe du programme, jamais sur le nom qu'elle se donne."),
		ORGS | PREF | ANCT,
	},
	{
		N_("Éligibilité"),
		N_("Association, CCAS, mission locale, entreprise : puis-je commander ?"),
		N_("Non, pas directement. Les structures privées, les chambres consulaires, "
		   "les chambres d'agriculture, les missions locales, les CCAS et les "
		   "associations ne peuvent pas passer commande.\n\n"
		   "Rapprochez-vous de votre collectivité : elle peut porter la demande, "
		   "puis vous prêter le matériel une fois reçu."),
		ALL,
	},
	{
		N_("Éligibilité"),
		N_("À qui le matériel est-il destiné ?"),
		N_("Aux collectivités qui accueillent des personnes en difficulté avec le "
		   "numérique et les font accompagner par des conseillers numériques "
		   "France Services, des médiateurs numériques ou tout autre professionnel "
		   "qui joue le rôle d'aidant numérique : agents d'accueil, secrétaires "
		   "de mairie, etc."),
		ALL,
	},

	/* ---- Intention de commande ---- */
	{
		N_("Intention de commande"),
		N_("Comment se déroule le programme, étape par étape ?"),
		N_("1. La collectivité saisit dans recond son intention de commande sur "
		   "un ou plusieurs lots, dans la limite de 40 000 € HT, et la motive.\n"
		   "2. La préfecture de son département vérifie l'éligibilité et choisit "
		   "les intentions de commande financées selon les priorités du "
		   "territoire.\n"
		   "3. Pour une intention de commande retenue, la préfecture signe une "
		   "convention avec la collectivité et lui verse une subvention de l'ANCT "
		   "couvrant 80 % de la dépense.\n"
		   "4. La collectivité commande alors directement (de gré à gré) auprès "
		   "d'un acteur du reconditionnement de son choix, en général le plus "
		   "proche, puis règle sa facture."),
		ALL,
	},
	{
		N_("Intention de commande"),
		N_("Qu'est-ce qu'un lot ?"),
		N_("Un lot correspond à un type d'équipement : PC fixes, PC portables, "
		   "tablettes ou smartphones. Une même intention de commande peut porter "
		   "sur plusieurs lots, en précisant la quantité voulue pour chacun, par "
		   "exemple 6 PC fixes, 10 PC portables, 5 smartphones et 2 tablettes."),
		ALL,
	},
	{
		N_("Intention de commande"),
		N_("Combien puis-je demander ?"),
		N_("Ce dont vous avez besoin pour la médiation numérique sur votre "
		   "territoire, dans la limite de 40 000 € HT au total pour la "
		   "collectivité. Le formulaire « Mon intention de commande » affiche le "
		   "total au fur et à mesure de la saisie et refuse tout dépassement.\n\n"
		   "Le dernier paragraphe du formulaire, obligatoire, sert à motiver votre "
		   "demande : c'est sur lui que s'appuie la préfecture pour arbitrer."),
		ORGS,
	},
	{
		N_("Intention de commande"),
		N_("Puis-je modifier mon intention de commande après l'avoir déposée ?"),
		N_("Oui, tant qu'elle est déposée ou en instruction. Connectez-vous à "
		   "recond, ouvrez « Mon intention de commande » et choisissez « Modifier "
		   "les quantités ». Vous pouvez aussi l'abandonner."),
		ORGS,
	},
	{
		N_("Intention de commande"),
		N_("Qui valide ma demande ?"),
		N_("D'abord l'équipe du programme, qui valide l'inscription de votre "
		   "organisation : tant qu'elle ne l'a pas fait, vous pouvez préparer "
		   "votre intention de commande mais pas la déposer.\n\n"
		   "Ensuite la préfecture de votre département : elle vérifie que vous "
		   "remplissez les conditions d'éligibilité, puis retient ou non votre "
		   "intention de commande au regard des priorités territoriales et de "
		   "l'enveloppe dont elle dispose. Sa décision, et sa raison en cas de "
		   "refus, apparaissent dans « Suivi de ma demande »."),
		ORGS,
	},

	/* ---- Financement ---- */
	{
		N_("Financement"),
		N_("Comment le matériel est-il financé ?"),
		N_("Une intention de commande retenue par la préfecture est subventionnée "
		   "par l'ANCT à hauteur de 80 % de la dépense, dans la limite de "
		   "40 000 € HT de dépense par collectivité. Les 20 % restants sont à la "
		   "charge de la collectivité.\n\n"
		   "Exemple : pour 10 000 € HT de matériel, la subvention est de "
		   "8 000 € et la collectivité paie 2 000 €."),
		ALL,
	},
	{
		N_("Financement"),
		N_("Comment la subvention est-elle versée ?"),
		N_("Après avoir examiné les intentions de commande, la préfecture signe "
		   "une convention avec chaque structure retenue, puis lui verse la "
		   "subvention. La convention et le versement sont enregistrés dans "
		   "recond et visibles dans « Suivi de ma demande »."),
		ORGS,
	},
	{
		N_("Financement"),
		N_("Mon intention de commande n'a pas été retenue : que puis-je faire ?"),
		N_("Vous pouvez tout de même commander le matériel auprès d'un acteur du "
		   "reconditionnement, à vos frais, sans subvention."),
		ORGS,
	},
	{
		N_("Financement"),
		N_("Le matériel peut-il être prêté à d'autres structures ?"),
		N_("Oui. Le matériel est acheté par la collectivité et lui appartient : "
		   "elle peut le mettre à disposition de structures partenaires "
		   "(associations, CCAS, missions locales…). Indiquez-les dans votre "
		   "intention de commande, rubrique « Structures partenaires »."),
		ORGS,
	},

	/* ---- Commande ---- */
	{
		N_("Commande"),
		N_("Quand puis-je passer commande ?"),
		N_("Une fois la convention signée avec votre préfecture, et pas avant la "
		   "date d'ouverture des commandes fixée par le programme. Il faut aussi "
		   "avoir déposé au préalable votre intention de commande dans recond.\n\n"
		   "La commande elle-même se passe directement avec l'acteur du "
		   "reconditionnement choisi : recond ne la prend pas encore en charge."),
		ORGS,
	},
	{
		N_("Commande"),
		N_("Quels sont les prix ?"),
		N_("Le programme ne fixe aucun prix : chaque acteur du reconditionnement "
		   "fixe les siens, lot par lot, et ils varient d'un acteur à l'autre. Les "
		   "prix jugés excessifs sont écartés par l'équipe du programme. Le total "
		   "affiché dans votre intention de commande est une estimation, aux prix "
		   "de référence du programme."),
		ORGS | RECON | ANCT,
	},
	{
		N_("Commande"),
		N_("Quelle configuration minimale le matériel doit-il avoir ?"),
		N_("Chaque lot a une configuration technique minimale (processeur, "
		   "mémoire, stockage, écran, système, état esthétique, garantie…), fixée "
		   "par l'équipe du programme. Vous la trouverez dans le formulaire « Mon "
		   "intention de commande », lot par lot."),
		ORGS,
	},

	/* ---- Acteurs du reconditionnement ---- */
	{
		N_("Acteurs du reconditionnement"),
		N_("Nous avons plusieurs ateliers : faut-il une inscription pour chacun ?"),
		N_("Non. Une seule inscription par personne morale (un SIREN) suffit, "
		   "avec les codes postaux de chacun de vos bancs de reconditionnement. "
		   "Votre compte est créé par l'équipe du programme."),
		RECON | ANCT,
	},
	{
		N_("Acteurs du reconditionnement"),
		N_("Notre structure n'est pas encore créée : pouvons-nous nous inscrire ?"),
		N_("Non, seules les structures déjà immatriculées peuvent s'inscrire. "
		   "L'inscription reste ouverte après la fin du programme : vous pourrez "
		   "faire connaître votre structure dès son immatriculation."),
		RECON | ANCT,
	},
	{
		N_("Acteurs du reconditionnement"),
		N_("Toute structure inscrite est-elle retenue ?"),
		N_("Pas nécessairement. L'équipe du programme évalue chaque acteur sur "
		   "quatre critères : technique, environnemental, social et économique."),
		RECON | ANCT,
	},
	{
		N_("Acteurs du reconditionnement"),
		N_("Quand devons-nous livrer le matériel ?"),
		N_("Dès que vous avez reçu le bon d'engagement (ou bon pour accord) signé "
		   "et cacheté par la structure qui commande. Vous livrez, puis vous lui "
		   "adressez votre facture."),
		RECON | ANCT,
	},

	/* ---- Préfecture ---- */
	{
		N_("Préfecture"),
		N_("Que puis-je faire dans recond aujourd'hui ?"),
		N_("Instruire les intentions de commande de votre département depuis "
		   "« Dossiers à instruire » : la file par onglets, avec recherche et tri, "
		   "chaque dossier avec son éligibilité et son historique, les décisions "
		   "(retenue, non retenue avec un motif, complément, sans suite), la "
		   "convention et les versements, et des décisions groupées. "
		   "« Programmation de l'enveloppe » classe les dossiers retenus dans "
		   "l'enveloppe du département. Les exports CSV se font par SSH (« ssh "
		   "hôte export preorders »). Vous gérez aussi votre compte (mot de passe, "
		   "clés SSH) et lisez ces questions."),
		PREF,
	},

	/* ---- Contact ---- */
	{
		N_("Contact"),
		N_("Je ne trouve pas la réponse à ma question : qui contacter ?"),
		N_("L'équipe du programme, à l'adresse qu'elle vous a donnée en créant "
		   "votre compte."),
		PREF | RECON,
	},
	{
		N_("Contact"),
		N_("Je ne trouve pas la réponse à ma question : qui contacter ?"),
		N_("Le service d'assistance du programme. Écrivez-lui depuis « Contacter "
		   "l'assistance » : il vous répond dans les meilleurs délais, et la "
		   "réponse arrive dans « Messages »."),
		ORGS,
	},
};

const struct faq_entry *faq_entries(size_t *n)
{
	static struct faq_entry shown[ARRAY_LEN(faq)];

	/* Translated at each call: the locale may have been set since. */
	for (size_t i = 0; i < ARRAY_LEN(faq); i++) {
		shown[i].section = _(faq[i].section);
		shown[i].question = _(faq[i].question);
		shown[i].answer = _(faq[i].answer);
		shown[i].roles = faq[i].roles;
	}
	*n = ARRAY_LEN(faq);
	return shown;
}

size_t faq_for_role(enum role r, const struct faq_entry **out, size_t max)
{
	size_t n = 0, all;
	const struct faq_entry *e = faq_entries(&all);

	if ((unsigned)r >= ROLE_COUNT)
		r = ROLE_NONE;
	for (size_t i = 0; i < all && n < max; i++)
		if ((e[i].roles & R(r)) != 0)
			out[n++] = &e[i];
	return n;
}
