/*
 * faq.c — the questions people ask about the programme, with recond's
 * answers, grouped by section. Static text; paragraphs are separated by a
 * blank line ("\n\n"), list items start with "• ". Marked N_() here,
 * translated by faq_entries().
 */
#include "core/core.h"
#include "core/i18n.h"

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
		   "le résultat et sa justification s'affichent dès l'inscription de "
		   "l'organisation."),
	},
	{
		N_("Éligibilité"),
		N_("Un espace France Services est-il éligible ?"),
		N_("Oui, toujours, quelle que soit la forme juridique de sa structure "
		   "porteuse (commune, association, La Poste, etc.). C'est la structure "
		   "porteuse de l'espace qui dépose la demande, avec un compte de type "
		   "« France Services ».\n\n"
		   "recond contrôle le label à partir du registre des espaces France "
		   "Services importé par l'équipe du programme."),
	},
	{
		N_("Éligibilité"),
		N_("Association, CCAS, mission locale, entreprise : puis-je commander ?"),
		N_("Non, pas directement. Les structures privées, les chambres consulaires, "
		   "les chambres d'agriculture, les missions locales, les CCAS et les "
		   "associations ne peuvent pas passer commande.\n\n"
		   "Rapprochez-vous de votre collectivité : elle peut porter la demande, "
		   "puis vous prêter le matériel (ou le mobilier) une fois reçu."),
	},
	{
		N_("Éligibilité"),
		N_("À qui le matériel est-il destiné ?"),
		N_("Aux collectivités qui accueillent des personnes en difficulté avec le "
		   "numérique et les font accompagner par des conseillers numériques "
		   "France Services, des médiateurs numériques ou tout autre professionnel "
		   "qui joue le rôle d'aidant numérique : agents d'accueil, secrétaires "
		   "de mairie, etc."),
	},

	/* ---- Pré-commande ---- */
	{
		N_("Pré-commande"),
		N_("Comment se déroule le programme, étape par étape ?"),
		N_("1. La collectivité saisit dans recond une intention de commande "
		   "(pré-commande) sur un ou plusieurs lots, dans la limite de 40 000 € HT, "
		   "et la motive.\n"
		   "2. La préfecture de son département vérifie l'éligibilité et choisit "
		   "les pré-commandes financées selon les priorités du territoire.\n"
		   "3. Pour une pré-commande retenue, la préfecture signe une convention "
		   "avec la collectivité et lui verse une subvention de l'ANCT couvrant "
		   "80 % de la dépense.\n"
		   "4. La collectivité commande alors directement (de gré à gré) auprès "
		   "d'un acteur du reconditionnement qu'elle choisit dans recond, en "
		   "général le plus proche, puis règle sa facture."),
	},
	{
		N_("Pré-commande"),
		N_("Qu'est-ce qu'un lot ?"),
		N_("Un lot correspond à un type d'équipement : PC fixes, PC portables, "
		   "tablettes ou smartphones. Une même pré-commande peut porter sur "
		   "plusieurs lots, en précisant la quantité voulue pour chacun, par "
		   "exemple 6 PC fixes, 10 PC portables, 5 smartphones et 2 tablettes."),
	},
	{
		N_("Pré-commande"),
		N_("Combien puis-je demander ?"),
		N_("Ce dont vous avez besoin pour la médiation numérique sur votre "
		   "territoire, dans la limite de 40 000 € HT au total pour la "
		   "collectivité. Le formulaire de pré-commande de recond affiche le total "
		   "au fur et à mesure de la saisie et refuse tout dépassement.\n\n"
		   "Le dernier paragraphe du formulaire, obligatoire, sert à motiver votre "
		   "demande : c'est sur lui que s'appuie la préfecture pour arbitrer."),
	},
	{
		N_("Pré-commande"),
		N_("Puis-je modifier ma pré-commande après l'avoir envoyée ?"),
		N_("Oui. Connectez-vous à recond avec vos identifiants et ouvrez votre "
		   "pré-commande : vous pouvez en changer les quantités."),
	},
	{
		N_("Pré-commande"),
		N_("Qui valide ma demande ?"),
		N_("La préfecture de votre département. Elle vérifie que vous remplissez "
		   "les conditions d'éligibilité, puis retient ou non votre pré-commande "
		   "au regard des priorités territoriales et de l'enveloppe dont elle "
		   "dispose. Sa décision, et sa raison en cas de refus, apparaissent dans "
		   "recond sur votre pré-commande."),
	},

	/* ---- Financement ---- */
	{
		N_("Financement"),
		N_("Comment le matériel est-il financé ?"),
		N_("Une pré-commande retenue par la préfecture est subventionnée par "
		   "l'ANCT à hauteur de 80 % de la dépense, dans la limite de 40 000 € HT "
		   "de dépense par collectivité. Les 20 % restants sont à la charge de la "
		   "collectivité.\n\n"
		   "Exemple : pour 10 000 € HT de matériel, la subvention est de "
		   "8 000 € et la collectivité paie 2 000 €."),
	},
	{
		N_("Financement"),
		N_("Comment la subvention est-elle versée ?"),
		N_("Après avoir examiné les intentions de commande, la préfecture signe "
		   "une convention avec chaque structure retenue, puis lui verse la "
		   "subvention. La convention et le versement sont enregistrés dans "
		   "recond et visibles sur votre pré-commande."),
	},
	{
		N_("Financement"),
		N_("Ma pré-commande n'a pas été retenue : que puis-je faire ?"),
		N_("Vous pouvez tout de même commander le matériel auprès d'un acteur du "
		   "reconditionnement, à vos frais, sans subvention."),
	},
	{
		N_("Financement"),
		N_("Le matériel peut-il être prêté à d'autres structures ?"),
		N_("Oui. Le matériel est acheté par la collectivité et lui appartient : "
		   "elle peut le mettre à disposition de structures partenaires "
		   "(associations, CCAS, missions locales…). Ces prêts peuvent être "
		   "notés dans recond."),
	},

	/* ---- Commande ---- */
	{
		N_("Commande"),
		N_("Quand puis-je passer commande ?"),
		N_("Une fois la convention signée avec votre préfecture, et pas avant la "
		   "date d'ouverture des commandes fixée par le programme. Il faut aussi "
		   "avoir saisi au préalable votre intention de commande dans recond."),
	},
	{
		N_("Commande"),
		N_("Comment passer commande ?"),
		N_("Depuis votre pré-commande dans recond : choisissez un acteur du "
		   "reconditionnement parmi ceux que recond vous propose, les plus proches "
		   "d'abord, qui fournissent les lots voulus et ont la capacité "
		   "nécessaire. La commande se fait de gré à gré ; l'acteur expédie le "
		   "matériel dès qu'il a reçu votre bon d'engagement signé, puis vous "
		   "adresse sa facture.\n\n"
		   "Le mobilier d'inclusion numérique a son propre formulaire de "
		   "pré-commande, également dans recond."),
	},
	{
		N_("Commande"),
		N_("Quels sont les prix ?"),
		N_("Le programme ne fixe aucun prix : chaque acteur du reconditionnement "
		   "fixe les siens, lot par lot, et ils varient d'un acteur à l'autre. Les "
		   "prix jugés excessifs sont écartés par l'équipe du programme. recond "
		   "affiche le prix de chaque acteur au moment du choix."),
	},
	{
		N_("Commande"),
		N_("Quelle configuration minimale le matériel doit-il avoir ?"),
		N_("Chaque lot a une configuration technique minimale (processeur, "
		   "mémoire, stockage, écran, système, état esthétique, garantie…), fixée "
		   "par l'équipe du programme. Vous la trouverez dans recond avec la "
		   "description de chaque lot, au moment de saisir votre pré-commande."),
	},
	{
		N_("Commande"),
		N_("Qu'est-ce que le mobilier d'inclusion numérique ?"),
		N_("Un second catalogue, à côté du matériel informatique : des meubles "
		   "conçus en open source pour l'accueil et l'accompagnement numérique "
		   "(dans le programme d'origine, trois modèles : la Porte numérique, le "
		   "Maizonet et le Chariot), fabriqués par des fablabs et des tiers-lieux. "
		   "Les collectivités les pré-commandent avec un formulaire dédié."),
	},

	/* ---- Acteurs du reconditionnement ---- */
	{
		N_("Acteurs du reconditionnement"),
		N_("Nous avons plusieurs ateliers : faut-il une inscription pour chacun ?"),
		N_("Non. Une seule inscription par personne morale (un SIREN) suffit. "
		   "Dans le formulaire, vous indiquez les codes postaux de chacun de vos "
		   "bancs de reconditionnement : c'est d'après eux que recond vous propose "
		   "aux collectivités proches."),
	},
	{
		N_("Acteurs du reconditionnement"),
		N_("Nous ne fournissons pas tous les types d'équipement : est-ce gênant ?"),
		N_("Non. Vous indiquez dans votre inscription les lots que vous pouvez "
		   "fournir, les quantités et vos prix ; vous pouvez modifier ces "
		   "quantités plus tard en vous connectant à recond."),
	},
	{
		N_("Acteurs du reconditionnement"),
		N_("Notre structure n'est pas encore créée : pouvons-nous nous inscrire ?"),
		N_("Non, seules les structures déjà immatriculées peuvent s'inscrire. "
		   "L'inscription reste ouverte après la fin du programme : vous pourrez "
		   "faire connaître votre structure dès son immatriculation."),
	},
	{
		N_("Acteurs du reconditionnement"),
		N_("Toute structure inscrite est-elle retenue ?"),
		N_("Pas nécessairement. L'équipe du programme évalue chaque acteur sur "
		   "quatre critères : technique, environnemental, social et économique. "
		   "Seuls les acteurs retenus sont proposés aux collectivités."),
	},
	{
		N_("Acteurs du reconditionnement"),
		N_("Quand devons-nous livrer le matériel ?"),
		N_("Dès que vous avez reçu le bon d'engagement (ou bon pour accord) signé "
		   "et cacheté par la structure qui commande. Vous livrez, puis vous lui "
		   "adressez votre facture. recond vous permet de suivre chaque commande "
		   "reçue : accusé de réception, expédition, livraison, facturation."),
	},

	/* ---- Contact ---- */
	{
		N_("Contact"),
		N_("Je ne trouve pas la réponse à ma question : qui contacter ?"),
		N_("Le service d'assistance du programme. Écrivez-lui depuis la "
		   "messagerie de recond : il vous répond dans les meilleurs délais, et "
		   "la réponse arrive dans votre boîte de réception recond."),
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
	}
	*n = ARRAY_LEN(faq);
	return shown;
}
