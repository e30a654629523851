/*
 * faq.c — the questions people ask about the programme, with recond's
 * answers, grouped by section. Static text; paragraphs are separated by a
 * blank line ("\n\n"), list items start with "• ".
 */
#include "core/core.h"

static const struct faq_entry faq[] = {
	/* ---- Éligibilité ---- */
	{
		"Éligibilité",
		"Quelles structures peuvent bénéficier du programme ?",
		"Deux sortes de structures seulement :\n"
		"• les collectivités territoriales et leurs groupements au sens de "
		"l'article L. 5111-1 du Code général des collectivités territoriales "
		"(communes, départements, régions, EPCI, syndicats…) ;\n"
		"• les espaces labellisés France Services.\n\n"
		"Le programme n'est pas ouvert, pour l'instant, à d'autres acteurs.",
	},
	{
		"Éligibilité",
		"Ma collectivité est-elle éligible ?",
		"Une collectivité est éligible si son territoire est classé en zone de "
		"revitalisation rurale (ZRR, devenue France Ruralités Revitalisation en "
		"2024) ou s'il compte au moins un quartier prioritaire de la politique "
		"de la ville (QPV).\n\n"
		"recond vérifie ce classement lui-même, à partir du code INSEE de la "
		"commune et des listes officielles importées par l'équipe du programme : "
		"le résultat et sa justification s'affichent dès l'inscription de "
		"l'organisation.",
	},
	{
		"Éligibilité",
		"Un espace France Services est-il éligible ?",
		"Oui, toujours, quelle que soit la forme juridique de sa structure "
		"porteuse (commune, association, La Poste, etc.). C'est la structure "
		"porteuse de l'espace qui dépose la demande, avec un compte de type "
		"« France Services ».\n\n"
		"recond contrôle le label à partir du registre des espaces France "
		"Services importé par l'équipe du programme.",
	},
	{
		"Éligibilité",
		"Association, CCAS, mission locale, entreprise : puis-je commander ?",
		"Non, pas directement. Les structures privées, les chambres consulaires, "
		"les chambres d'agriculture, les missions locales, les CCAS et les "
		"associations ne peuvent pas passer commande.\n\n"
		"Rapprochez-vous de votre collectivité : elle peut porter la demande, "
		"puis vous prêter le matériel (ou le mobilier) une fois reçu.",
	},
	{
		"Éligibilité",
		"À qui le matériel est-il destiné ?",
		"Aux collectivités qui accueillent des personnes en difficulté avec le "
		"numérique et les font accompagner par des conseillers numériques "
		"France Services, des médiateurs numériques ou tout autre professionnel "
		"qui joue le rôle d'aidant numérique : agents d'accueil, secrétaires "
		"de mairie, etc.",
	},

	/* ---- Pré-commande ---- */
	{
		"Pré-commande",
		"Comment se déroule le programme, étape par étape ?",
		"1. La collectivité saisit dans recond une intention de commande "
		"(pré-commande) sur un ou plusieurs lots, dans la limite de 40 000 € HT, "
		"et la motive.\n"
		"2. La préfecture de son département vérifie l'éligibilité et choisit "
		"les pré-commandes financées selon les priorités du territoire.\n"
		"3. Pour une pré-commande retenue, la préfecture signe une convention "
		"avec la collectivité et lui verse une subvention de l'ANCT couvrant "
		"80 % de la dépense.\n"
		"4. La collectivité commande alors directement (de gré à gré) auprès "
		"d'un acteur du reconditionnement qu'elle choisit dans recond, en "
		"général le plus proche, puis règle sa facture.",
	},
	{
		"Pré-commande",
		"Qu'est-ce qu'un lot ?",
		"Un lot correspond à un type d'équipement : PC fixes, PC portables, "
		"tablettes ou smartphones. Une même pré-commande peut porter sur "
		"plusieurs lots, en précisant la quantité voulue pour chacun, par "
		"exemple 6 PC fixes, 10 PC portables, 5 smartphones et 2 tablettes.",
	},
	{
		"Pré-commande",
		"Combien puis-je demander ?",
		"Ce dont vous avez besoin pour la médiation numérique sur votre "
		"territoire, dans la limite de 40 000 € HT au total pour la "
		"collectivité. Le formulaire de pré-commande de recond affiche le total "
		"au fur et à mesure de la saisie et refuse tout dépassement.\n\n"
		"Le dernier paragraphe du formulaire, obligatoire, sert à motiver votre "
		"demande : c'est sur lui que s'appuie la préfecture pour arbitrer.",
	},
	{
		"Pré-commande",
		"Puis-je modifier ma pré-commande après l'avoir envoyée ?",
		"Oui. Connectez-vous à recond avec vos identifiants et ouvrez votre "
		"pré-commande : vous pouvez en changer les quantités.",
	},
	{
		"Pré-commande",
		"Qui valide ma demande ?",
		"La préfecture de votre département. Elle vérifie que vous remplissez "
		"les conditions d'éligibilité, puis retient ou non votre pré-commande "
		"au regard des priorités territoriales et de l'enveloppe dont elle "
		"dispose. Sa décision, et sa raison en cas de refus, apparaissent dans "
		"recond sur votre pré-commande.",
	},

	/* ---- Financement ---- */
	{
		"Financement",
		"Comment le matériel est-il financé ?",
		"Une pré-commande retenue par la préfecture est subventionnée par "
		"l'ANCT à hauteur de 80 % de la dépense, dans la limite de 40 000 € HT "
		"de dépense par collectivité. Les 20 % restants sont à la charge de la "
		"collectivité.\n\n"
		"Exemple : pour 10 000 € HT de matériel, la subvention est de "
		"8 000 € et la collectivité paie 2 000 €.",
	},
	{
		"Financement",
		"Comment la subvention est-elle versée ?",
		"Après avoir examiné les intentions de commande, la préfecture signe "
		"une convention avec chaque structure retenue, puis lui verse la "
		"subvention. La convention et le versement sont enregistrés dans "
		"recond et visibles sur votre pré-commande.",
	},
	{
		"Financement",
		"Ma pré-commande n'a pas été retenue : que puis-je faire ?",
		"Vous pouvez tout de même commander le matériel auprès d'un acteur du "
		"reconditionnement, à vos frais, sans subvention.",
	},
	{
		"Financement",
		"Le matériel peut-il être prêté à d'autres structures ?",
		"Oui. Le matériel est acheté par la collectivité et lui appartient : "
		"elle peut le mettre à disposition de structures partenaires "
		"(associations, CCAS, missions locales…). Ces prêts peuvent être "
		"notés dans recond.",
	},

	/* ---- Commande ---- */
	{
		"Commande",
		"Quand puis-je passer commande ?",
		"Une fois la convention signée avec votre préfecture, et pas avant la "
		"date d'ouverture des commandes fixée par le programme. Il faut aussi "
		"avoir saisi au préalable votre intention de commande dans recond.",
	},
	{
		"Commande",
		"Comment passer commande ?",
		"Depuis votre pré-commande dans recond : choisissez un acteur du "
		"reconditionnement parmi ceux que recond vous propose, les plus proches "
		"d'abord, qui fournissent les lots voulus et ont la capacité "
		"nécessaire. La commande se fait de gré à gré ; l'acteur expédie le "
		"matériel dès qu'il a reçu votre bon d'engagement signé, puis vous "
		"adresse sa facture.\n\n"
		"Le mobilier d'inclusion numérique a son propre formulaire de "
		"pré-commande, également dans recond.",
	},
	{
		"Commande",
		"Quels sont les prix ?",
		"Le programme ne fixe aucun prix : chaque acteur du reconditionnement "
		"fixe les siens, lot par lot, et ils varient d'un acteur à l'autre. Les "
		"prix jugés excessifs sont écartés par l'équipe du programme. recond "
		"affiche le prix de chaque acteur au moment du choix.",
	},
	{
		"Commande",
		"Quelle configuration minimale le matériel doit-il avoir ?",
		"Chaque lot a une configuration technique minimale (processeur, "
		"mémoire, stockage, écran, système, état esthétique, garantie…), fixée "
		"par l'équipe du programme. Vous la trouverez dans recond avec la "
		"description de chaque lot, au moment de saisir votre pré-commande.",
	},
	{
		"Commande",
		"Qu'est-ce que le mobilier d'inclusion numérique ?",
		"Un second catalogue, à côté du matériel informatique : des meubles "
		"conçus en open source pour l'accueil et l'accompagnement numérique "
		"(dans le programme d'origine, trois modèles : la Porte numérique, le "
		"Maizonet et le Chariot), fabriqués par des fablabs et des tiers-lieux. "
		"Les collectivités les pré-commandent avec un formulaire dédié.",
	},

	/* ---- Acteurs du reconditionnement ---- */
	{
		"Acteurs du reconditionnement",
		"Nous avons plusieurs ateliers : faut-il une inscription pour chacun ?",
		"Non. Une seule inscription par personne morale (un SIREN) suffit. "
		"Dans le formulaire, vous indiquez les codes postaux de chacun de vos "
		"bancs de reconditionnement : c'est d'après eux que recond vous propose "
		"aux collectivités proches.",
	},
	{
		"Acteurs du reconditionnement",
		"Nous ne fournissons pas tous les types d'équipement : est-ce gênant ?",
		"Non. Vous indiquez dans votre inscription les lots que vous pouvez "
		"fournir, les quantités et vos prix ; vous pouvez modifier ces "
		"quantités plus tard en vous connectant à recond.",
	},
	{
		"Acteurs du reconditionnement",
		"Notre structure n'est pas encore créée : pouvons-nous nous inscrire ?",
		"Non, seules les structures déjà immatriculées peuvent s'inscrire. "
		"L'inscription reste ouverte après la fin du programme : vous pourrez "
		"faire connaître votre structure dès son immatriculation.",
	},
	{
		"Acteurs du reconditionnement",
		"Toute structure inscrite est-elle retenue ?",
		"Pas nécessairement. L'équipe du programme évalue chaque acteur sur "
		"quatre critères : technique, environnemental, social et économique. "
		"Seuls les acteurs retenus sont proposés aux collectivités.",
	},
	{
		"Acteurs du reconditionnement",
		"Quand devons-nous livrer le matériel ?",
		"Dès que vous avez reçu le bon d'engagement (ou bon pour accord) signé "
		"et cacheté par la structure qui commande. Vous livrez, puis vous lui "
		"adressez votre facture. recond vous permet de suivre chaque commande "
		"reçue : accusé de réception, expédition, livraison, facturation.",
	},

	/* ---- Contact ---- */
	{
		"Contact",
		"Je ne trouve pas la réponse à ma question : qui contacter ?",
		"Le service d'assistance du programme. Écrivez-lui depuis la "
		"messagerie de recond : il vous répond dans les meilleurs délais, et "
		"la réponse arrive dans votre boîte de réception recond.",
	},
};

const struct faq_entry *faq_entries(size_t *n)
{
	*n = ARRAY_LEN(faq);
	return faq;
}
