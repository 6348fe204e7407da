package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"koppel"
)

// unitSpec is a unit of an offering with the usual capacity and indicative
// price range per unit (priceHi 0: no price per unit is quoted).
type unitSpec struct {
	unit             string
	capLo, capHi     float64
	priceLo, priceHi float64
}

// service is one kind of service within a category with the CPV codes that
// describe it, most specific first: every offering of the service carries
// one to all of them. Titles are patterns: {o} is replaced by one of the
// service's objects (or the category's when it has none), {s} by a setting,
// {f} by a frequency, so the combinations stay varied at a million rows.
type service struct {
	titles   []string
	cpv      []koppel.CPV
	objects  []string
	keywords []string
	fr, en   []string // titles for French- and English-speaking clients
}

// catGen holds the building blocks of the offerings of one category.
type catGen struct {
	prefix   string
	services []service
	objects  []string
	settings []string
	freqs    []string
	intros   []string
	details  []string
	keywords []string
	units    []unitSpec
}

var commonSettings = []string{"scholen", "gemeenten", "kantoren", "OCMW-diensten", "woonzorgcentra", "bibliotheken", "jeugdlokalen", "kinderdagverblijven", "academies", "internaten", "sportcentra", "bedrijven"}

// catGens follows the order of koppel.Categories.
var catGens = []catGen{
	{ // schoonmaak
		prefix: "SCH",
		services: []service{
			{titles: []string{"{f} schoonmaak van {o}", "Schoonmaak van {o} in {s}", "Kuisen van {o}", "Schoonmaakploeg voor {o}"},
				cpv: []koppel.CPV{"90911200", "90910000"}, keywords: []string{"schoonmaak", "kuisen", "schoonmaakploeg"},
				fr: []string{"Nettoyage de bâtiments publics"}, en: []string{"Building cleaning"}},
			{titles: []string{"Poetsdienst voor {s}", "Poetsdienst met vaste ploeg voor {s}"},
				cpv: []koppel.CPV{"90911200", "90910000"}, keywords: []string{"poetsdienst", "poetsen", "schoonmaak"},
				fr: []string{"Service de nettoyage quotidien des locaux"}},
			{titles: []string{"Dagelijkse schoonmaak van klaslokalen en sanitair", "Schoonmaak van {o} in scholen", "Poetsdienst voor scholen en academies"},
				objects: []string{"klaslokalen en sanitair", "refters en keukens", "turnzalen en kleedkamers", "gangen en traphallen", "leslokalen en bibliotheek"},
				cpv:     []koppel.CPV{"90919300", "90911200"}, keywords: []string{"schoolschoonmaak", "poetsdienst", "klaslokalen", "sanitair"},
				fr: []string{"Nettoyage des écoles"}, en: []string{"Daily cleaning of classrooms"}},
			{titles: []string{"Schoonmaak van kantoren en vergaderzalen", "Kantoorschoonmaak buiten de kantooruren"},
				cpv: []koppel.CPV{"90919200", "90911200"}, keywords: []string{"kantoorschoonmaak", "kantoren", "schoonmaak"},
				fr: []string{"Nettoyage de bureaux"}, en: []string{"Office cleaning"}},
			{titles: []string{"Ramen wassen en glasreiniging voor {s}", "Glasreiniging van {o}"},
				objects: []string{"ramen en glaspartijen", "lichtkoepels en serres", "glazen gevels", "vitrines en inkomdeuren"},
				cpv:     []koppel.CPV{"90911300"}, keywords: []string{"ramen wassen", "glasreiniging", "glazenwasser", "ramen"},
				fr: []string{"Nettoyage des vitres"}, en: []string{"Window cleaning"}},
			{titles: []string{"Vloeronderhoud en ontvetten van {o}", "Periodiek vloeronderhoud van {o}"},
				objects: []string{"vloeren en tapijten", "sportvloeren", "linoleum en tegelvloeren", "gangen en inkomhallen"},
				cpv:     []koppel.CPV{"90911200"}, keywords: []string{"vloeronderhoud", "vloeren", "schrobben"}},
			{titles: []string{"Eindschoonmaak na werken in {s}", "Vakantieschoonmaak van {o}"},
				cpv: []koppel.CPV{"90911200", "90910000"}, keywords: []string{"eindschoonmaak", "vakantieschoonmaak", "grondige schoonmaak"}},
			{titles: []string{"Schoonmaak en ontsmetting van {o}"},
				objects: []string{"sanitaire blokken", "lokalen van de kinderopvang", "keukens en refters", "kleedkamers en douches"},
				cpv:     []koppel.CPV{"90911200", "90921000"}, keywords: []string{"ontsmetting", "desinfectie", "hygiëne"}},
		},
		objects: []string{"klaslokalen en sanitair", "refters en keukens", "turnzalen en kleedkamers", "kantoren en vergaderzalen",
			"gangen en traphallen", "sanitaire blokken", "leslokalen en bibliotheek",
			"gemeentelijke gebouwen", "lokalen van de kinderopvang", "speelzalen en polyvalente zalen"},
		settings: commonSettings,
		freqs:    []string{"Dagelijkse", "Wekelijkse", "Periodieke", "Grondige", "Eenmalige", "Tweewekelijkse"},
		intros: []string{
			"Onze schoonmaakploeg verzorgt de schoonmaak van {o} in {s}.",
			"Poetsdienst met vaste ploegen voor {o}, ook buiten de lesuren.",
			"We reinigen {o} met ecologische producten en microvezeldoeken.",
		},
		details: []string{
			"Met eigen materiaal, schoonmaakkarren en ecologische middelen.",
			"Een vaste ploegbaas volgt de kwaliteit op met een checklist per lokaal.",
			"Ook sanitair aanvullen, afval sorteren en vuilnisbakken ledigen.",
			"Schoonmaak tijdens de schoolvakanties of na evenementen mogelijk.",
		},
		keywords: []string{"schoonmaak", "poetsen", "reiniging", "kuisen"},
		units:    []unitSpec{{"uur", 20, 400, 28, 42}, {"m²", 500, 20000, 0.6, 2.8}, {"VTE", 1, 15, 0, 0}},
	},
	{ // groenonderhoud
		prefix: "GRO",
		services: []service{
			{titles: []string{"Groenonderhoud van {o}", "{f} onderhoud van {o}", "Groenzorg voor {s}"},
				cpv: []koppel.CPV{"77310000", "77314000"}, keywords: []string{"groenonderhoud", "groenzorg", "groenbeheer"},
				fr: []string{"Entretien des espaces verts"}, en: []string{"Green space maintenance"}},
			{titles: []string{"Maaien, snoeien en haagscheren voor {s}", "Haagscheren en snoeiwerk voor {s}"},
				cpv: []koppel.CPV{"77340000", "77342000", "77314000"}, keywords: []string{"maaien", "snoeien", "haagscheren"},
				fr: []string{"Tonte, taille et désherbage"}, en: []string{"Mowing, pruning and hedge trimming"}},
			{titles: []string{"Onderhoud van parken en plantsoenen", "Bloemperken en plantsoenen voor {s}"},
				cpv: []koppel.CPV{"77313000", "77310000"}, keywords: []string{"parkonderhoud", "plantsoenen", "bloemperken"}},
			{titles: []string{"Onkruidbestrijding zonder pesticiden op {o}"},
				objects: []string{"verhardingen en voetpaden", "speelplaatsen", "begraafplaatsen", "parkings en pleinen"},
				cpv:     []koppel.CPV{"77312000", "77314000"}, keywords: []string{"onkruid", "pesticidenvrij", "onkruidbeheer"}},
			{titles: []string{"Bladruimen en winterklaar maken van {o}"},
				cpv: []koppel.CPV{"77314000"}, keywords: []string{"bladruimen", "bladeren", "terreinonderhoud"}},
			{titles: []string{"Speelplaatsonderhoud en groenbeheer voor {s}", "Aanleg en onderhoud van schooltuinen", "Tuinonderhoud van {o}"},
				objects: []string{"schooltuinen", "moestuinen en pluktuinen", "groenzones rond scholen", "tuinen van woonzorgcentra"},
				cpv:     []koppel.CPV{"77311000", "77314000"}, keywords: []string{"schooltuin", "tuinonderhoud", "speelplaatsonderhoud"},
				fr: []string{"Entretien de jardins scolaires"}},
			{titles: []string{"Onderhoud van sportvelden en grasvelden"},
				cpv: []koppel.CPV{"77320000"}, keywords: []string{"sportvelden", "grasmaaien", "gazon"}},
			{titles: []string{"Snoeien en vellen van bomen", "Onderhoud van {o}"},
				objects: []string{"bomenrijen", "hoogstamboomgaarden", "knotwilgen"},
				cpv:     []koppel.CPV{"77341000", "77211400"}, keywords: []string{"bomen", "snoeien", "boomverzorging"}},
		},
		objects: []string{"speelplaatsen en schooltuinen", "parken en plantsoenen", "begraafplaatsen", "bermen en grachten",
			"hagen en heesters", "groenzones rond scholen", "bloemperken"},
		settings: commonSettings,
		freqs:    []string{"Seizoensgebonden", "Wekelijks", "Maandelijks", "Jaarlijks", "Periodiek"},
		intros: []string{
			"Groenonderhoud van {o} voor {s}: maaien, snoeien, haagscheren en onkruidbeheer.",
			"Onze groenploegen onderhouden {o} volgens een vast maaibeheerplan.",
			"We zorgen voor {o} met aandacht voor biodiversiteit en pesticidenvrij beheer.",
		},
		details: []string{
			"Groenafval wordt afgevoerd en gecomposteerd.",
			"Met eigen maaiers, bladblazers op batterij en aanhangwagens.",
			"Inzaai van bloemenweides en aanplant van hagen mogelijk.",
			"Werken worden gepland buiten de speeltijden.",
		},
		keywords: []string{"groenonderhoud", "groen", "tuinonderhoud"},
		units:    []unitSpec{{"uur", 20, 300, 30, 45}, {"m²", 1000, 50000, 0.1, 0.9}, {"VTE", 1, 10, 0, 0}},
	},
	{ // fietsen
		prefix: "FTS",
		services: []service{
			{titles: []string{"Fietspunt: herstelling en onderhoud van fietsen", "Fietsherstelling op locatie bij {s}", "{f} fietsonderhoud voor {o}", "Mobiele fietshersteldienst voor {o}"},
				cpv: []koppel.CPV{"50100000"}, keywords: []string{"fietspunt", "fietsherstelling", "fietsonderhoud", "fietsen"},
				fr: []string{"Réparation et entretien de vélos"}, en: []string{"Bicycle repair and maintenance"}},
			{titles: []string{"Bewaakte fietsenstalling voor {s}", "Beheer van de fietsenparking voor {s}"},
				cpv: []koppel.CPV{"98351000", "98351100"}, keywords: []string{"fietsenstalling", "fietsenparking", "bewaakte stalling"},
				fr: []string{"Parking vélos surveillé"}, en: []string{"Guarded bicycle parking"}},
			{titles: []string{"Fietsverhuur en deelfietsen voor {s}", "Verhuur van {o}"},
				objects: []string{"bakfietsen", "elektrische fietsen", "dienstfietsen", "deelfietsen"},
				cpv:     []koppel.CPV{"34430000", "50100000"}, keywords: []string{"fietsverhuur", "deelfietsen", "velo"},
				fr: []string{"Point vélo : location de vélos"}, en: []string{"Bicycle rental and shared bikes"}},
			{titles: []string{"Opknappen van weesfietsen voor {s}", "Verkoop van opgeknapte tweedehandsfietsen"},
				cpv: []koppel.CPV{"34431000", "50100000"}, keywords: []string{"weesfietsen", "tweedehandsfietsen", "opknappen"},
				fr: []string{"Vélos d'occasion remis à neuf"}, en: []string{"Refurbished second-hand bicycles"}},
		},
		objects: []string{"leerlingenfietsen", "dienstfietsen van het personeel", "schoolfietsen", "elektrische fietsen", "bakfietsen",
			"deelfietsen", "personeelsfietsen"},
		settings: commonSettings,
		freqs:    []string{"Jaarlijks", "Halfjaarlijks", "Wekelijks", "Maandelijks"},
		intros: []string{
			"Ons fietspunt herstelt en onderhoudt {o} voor {s}.",
			"Fietsherstelling en fietsenstalling met vaste fietsmecaniciens.",
			"We halen {o} op, herstellen ze in ons fietsatelier en brengen ze terug.",
		},
		details: []string{
			"Inclusief nazicht van remmen, verlichting en banden.",
			"Ook fietslessen en fietscontroles voor leerlingen.",
			"Stalling bewaakt tijdens de openingsuren van het station of de school.",
			"Weesfietsen worden opgeknapt en opnieuw in omloop gebracht.",
		},
		keywords: []string{"fiets", "fietsen", "fietspunt"},
		units:    []unitSpec{{"stuk", 20, 2000, 15, 60}, {"uur", 10, 120, 25, 40}, {"VTE", 1, 6, 0, 0}},
	},
	{ // klusjes
		prefix: "KLU",
		services: []service{
			{titles: []string{"Klusjesdienst voor {s}", "Kleine herstellingen in {s}", "Klusjesploeg voor {o}"},
				cpv: []koppel.CPV{"50800000", "50700000"}, keywords: []string{"klusjesdienst", "klusjes", "herstellingen"},
				fr: []string{"Service de petits travaux et réparations"}, en: []string{"Handyman services for schools"}},
			{titles: []string{"Technisch onderhoud van {o}", "{f} onderhoud van {o}"},
				objects: []string{"schoolgebouwen", "sanitaire installaties", "deuren en ramen", "gemeentelijke zalen", "verlichting en kleine elektriciteit"},
				cpv:     []koppel.CPV{"50700000", "50710000"}, keywords: []string{"technisch onderhoud", "onderhoud", "conciërge"},
				fr: []string{"Entretien technique des bâtiments"}, en: []string{"Technical building maintenance"}},
			{titles: []string{"Schilderwerken voor {s}", "Schilderen van {o}"},
				objects: []string{"klaslokalen", "gangen en traphallen", "gemeentelijke zalen", "kleedkamers"},
				cpv:     []koppel.CPV{"45442100", "45442110"}, keywords: []string{"schilderwerken", "schilderen", "verven"}},
			{titles: []string{"Montage en herstelling van schoolmeubilair", "Herstelling van {o}"},
				objects: []string{"schoolmeubilair", "bureaustoelen", "kasten en rekken"},
				cpv:     []koppel.CPV{"50850000"}, keywords: []string{"meubilair", "montage", "herstelling"}},
			{titles: []string{"Verhuis- en opbouwhulp voor {s}"},
				cpv: []koppel.CPV{"98392000"}, keywords: []string{"verhuis", "verhuizing", "opbouwhulp"}},
		},
		objects: []string{"klaslokalen", "schoolgebouwen", "sanitaire installaties", "deuren en ramen",
			"gemeentelijke zalen", "verlichting en kleine elektriciteit"},
		settings: commonSettings,
		freqs:    []string{"Preventief", "Periodiek", "Wekelijks", "Maandelijks"},
		intros: []string{
			"Onze klusjesdienst voert kleine herstellingen en technisch onderhoud uit in {s}.",
			"Klusjesploeg voor {o}: schilderen, herstellen, monteren en ophangen.",
			"Vaste klusjesman of -vrouw per school of gemeentelijk gebouw.",
		},
		details: []string{
			"Meldingen via een eenvoudig ticketformulier, opvolging binnen de week.",
			"Met bestelwagen en gereedschap; materiaal op nacalculatie.",
			"Werken tijdens de vakanties of na de schooluren.",
			"Ook ophangen van borden, rekken en kapstokken.",
		},
		keywords: []string{"klusjes", "onderhoud", "herstellingen"},
		units:    []unitSpec{{"uur", 10, 200, 32, 48}, {"VTE", 1, 8, 0, 0}},
	},
	{ // catering
		prefix: "CAT",
		services: []service{
			{titles: []string{"Schoolmaaltijden en broodjes", "Warme schoolmaaltijden voor {o}"},
				objects: []string{"leerlingen", "kleuters", "internaten", "de kinderopvang"},
				cpv:     []koppel.CPV{"55523100", "55524000"}, keywords: []string{"schoolmaaltijden", "warme maaltijden", "refter"},
				fr: []string{"Repas scolaires et sandwiches"}, en: []string{"School meals and sandwiches"}},
			{titles: []string{"Warme maaltijden voor {s}"},
				cpv: []koppel.CPV{"55521100", "55520000"}, keywords: []string{"warme maaltijden", "maaltijden", "keuken"},
				fr: []string{"Service traiteur et repas chauds"}},
			{titles: []string{"{f} soep en fruit voor {o}", "Gezonde tussendoortjes voor {o}"},
				cpv: []koppel.CPV{"55520000", "55321000"}, keywords: []string{"soep", "fruit", "tussendoortjes"}},
			{titles: []string{"Broodjesbar en catering voor {s}"},
				cpv: []koppel.CPV{"55520000", "55523000"}, keywords: []string{"broodjes", "catering", "broodjesbar"}},
			{titles: []string{"Receptie- en vergadercatering", "Catering voor vergaderingen en recepties"},
				cpv: []koppel.CPV{"55520000"}, keywords: []string{"catering", "receptie", "traiteur"},
				en: []string{"Catering for meetings and events"}},
			{titles: []string{"Maaltijden aan huis voor {o}"},
				objects: []string{"senioren", "bewoners van de serviceflats", "cliënten van het OCMW"},
				cpv:     []koppel.CPV{"55521200"}, keywords: []string{"maaltijden aan huis", "maaltijdbedeling", "senioren"}},
			{titles: []string{"Refterwerking en bedeling van maaltijden in {s}"},
				cpv: []koppel.CPV{"55512000", "55320000"}, keywords: []string{"refter", "kantine", "bedeling"}},
		},
		objects:  []string{"leerlingen", "kleuters", "senioren", "personeel", "kinderopvang", "bewoners", "sportkampen"},
		settings: commonSettings,
		freqs:    []string{"Dagelijks", "Wekelijks"},
		intros: []string{
			"Onze keuken bereidt verse maaltijden voor {s}, met lokale en seizoensgebonden producten.",
			"Catering en maaltijden voor {o}: soep, warme maaltijden, broodjes en fruit.",
			"Maaltijden in eigen keuken bereid en in koelketen geleverd.",
		},
		details: []string{
			"Rekening houdend met allergieën, vegetarische en halal-maaltijden.",
			"Levering in warmhoudbakken of in koelketen om te regenereren.",
			"Ook afwas en opruim van de refter na de middag.",
			"Voedselveiligheid volgens de autocontrolegids (FAVV).",
		},
		keywords: []string{"catering", "maaltijden", "keuken"},
		units:    []unitSpec{{"maaltijd", 50, 2000, 3.5, 7.5}, {"stuk", 50, 1000, 2.5, 5}, {"VTE", 1, 8, 0, 0}},
	},
	{ // was-strijk
		prefix: "WAS",
		services: []service{
			{titles: []string{"Was en strijk van werkkledij", "Was van {o}", "Wasserij voor {s}"},
				cpv: []koppel.CPV{"98310000", "98312000"}, keywords: []string{"was", "wasserij", "werkkledij"},
				fr: []string{"Blanchisserie et repassage de vêtements de travail"}, en: []string{"Laundry and ironing of workwear"}},
			{titles: []string{"{f} ophaling van linnen bij {s}", "Linnenbeheer voor {s}"},
				cpv: []koppel.CPV{"98311000", "98311100"}, keywords: []string{"linnen", "ophaling", "linnendienst"}},
			{titles: []string{"Strijkdienst voor {o}", "Strijkatelier voor {s}"},
				cpv: []koppel.CPV{"98315000", "98310000"}, keywords: []string{"strijk", "strijkdienst", "strijkatelier"},
				fr: []string{"Service de repassage"}},
			{titles: []string{"Herstelling en naaiwerk van {o}"},
				cpv: []koppel.CPV{"50830000", "98393000"}, keywords: []string{"naaiwerk", "herstelling", "retouches"}},
		},
		objects:  []string{"werkkledij", "handdoeken en keukenlinnen", "turnkledij", "beddengoed", "gordijnen", "schorten en tafellinnen", "sportuitrusting"},
		settings: commonSettings,
		freqs:    []string{"Wekelijkse", "Tweewekelijkse", "Dagelijkse"},
		intros: []string{
			"Was en strijk van {o} voor {s}, opgehaald en teruggebracht.",
			"Ons strijkatelier verzorgt {o} met industriële machines.",
			"Wasserij met ophaaldienst voor {s}.",
		},
		details: []string{
			"Wassen, drogen, strijken en plooien, met labeling per afdeling.",
			"Kleine herstellingen en naaiwerk inbegrepen.",
			"Ecologische wasmiddelen en energiezuinige machines.",
		},
		keywords: []string{"was", "strijk", "linnen"},
		units:    []unitSpec{{"kg", 50, 3000, 1.8, 4.5}, {"stuk", 100, 5000, 0.8, 3.5}, {"VTE", 1, 5, 0, 0}},
	},
	{ // kringloop
		prefix: "KRI",
		services: []service{
			{titles: []string{"Kringloopophaling van meubilair", "Ophaling en hergebruik van {o}"},
				objects: []string{"schoolmeubilair", "kantoormeubilair", "speelgoed en boeken", "textiel"},
				cpv:     []koppel.CPV{"90514000", "90510000"}, keywords: []string{"kringloop", "ophaling", "hergebruik"},
				fr: []string{"Collecte et réemploi de mobilier"}, en: []string{"Collection and reuse of furniture"}},
			{titles: []string{"Ontruiming van {s}", "Ontruiming en sortering van zolders en kelders"},
				cpv: []koppel.CPV{"90510000", "98392000"}, keywords: []string{"ontruiming", "sortering", "hergebruik"}},
			{titles: []string{"Tweedehands schoolmeubilair uit de kringloopwinkel", "Opgeknapt schoolmeubilair voor {s}"},
				cpv: []koppel.CPV{"39160000"}, keywords: []string{"tweedehands", "schoolmeubilair", "kringloopwinkel"}},
			{titles: []string{"Tweedehands kantoormeubilair en bureaustoelen", "Opgeknapt kantoormeubilair voor {s}"},
				cpv: []koppel.CPV{"39130000"}, keywords: []string{"tweedehands", "kantoormeubilair", "bureaustoelen"}},
			{titles: []string{"Opknappen en herverdelen van laptops", "Hergebruik van ICT-materiaal met datawissing"},
				cpv: []koppel.CPV{"30213100", "90514000"}, keywords: []string{"laptops", "ICT-materiaal", "refurbished"},
				fr: []string{"Recyclage de matériel informatique"}},
			{titles: []string{"Sorteren en recyclage van {o}"},
				objects: []string{"textiel", "elektrische toestellen", "papier en karton", "snoeihout en groenafval"},
				cpv:     []koppel.CPV{"90514000"}, keywords: []string{"recyclage", "sorteren", "circulair"}},
			{titles: []string{"Herstelcafé en repair-dienst voor {s}"},
				cpv: []koppel.CPV{"50800000"}, keywords: []string{"herstelcafé", "repair", "herstellen"}},
		},
		objects:  []string{"schoolmeubilair", "kantoormeubilair", "speelgoed en boeken", "textiel", "elektrische toestellen", "bureaustoelen"},
		settings: commonSettings,
		freqs:    []string{"Jaarlijkse", "Periodieke", "Eenmalige"},
		intros: []string{
			"Ophaling van {o} bij {s}, voor hergebruik in onze kringloopwerking.",
			"We knappen {o} op en brengen het opnieuw in omloop.",
			"Ontruiming met sortering: wat bruikbaar is, krijgt een tweede leven.",
		},
		details: []string{
			"Met attest van hergebruik en verwerking.",
			"Wat niet herbruikbaar is, gaat naar erkende recyclage.",
			"Ophaling met eigen vrachtwagen en verhuisploeg.",
		},
		keywords: []string{"kringloop", "hergebruik", "tweedehands"},
		units:    []unitSpec{{"stuk", 10, 5000, 5, 60}, {"uur", 10, 150, 30, 45}},
	},
	{ // logistiek
		prefix: "LOG",
		services: []service{
			{titles: []string{"Verpakking en mailings", "Inpakken en assemblage voor {s}", "Kitting en etikettering van {o}"},
				cpv: []koppel.CPV{"79921000", "79920000"}, keywords: []string{"verpakking", "inpakken", "assemblage"},
				fr: []string{"Conditionnement et mailings"}, en: []string{"Packaging and mailings"}},
			{titles: []string{"Verzending van mailings voor {s}", "Sorteren en verzenden van {o}"},
				cpv: []koppel.CPV{"79571000", "79570000"}, keywords: []string{"mailings", "verzending", "sorteren"}},
			{titles: []string{"{f} koerier- en postdienst voor {s}", "Interne postdienst en koerier"},
				cpv: []koppel.CPV{"64120000", "64122000"}, keywords: []string{"koerier", "postdienst", "interne post"}},
			{titles: []string{"Opslag en voorraadbeheer van {o}", "Verdelen van {o} over de vestigingen"},
				cpv: []koppel.CPV{"63120000", "63122000"}, keywords: []string{"opslag", "magazijn", "voorraadbeheer"},
				fr: []string{"Logistique et stockage"}, en: []string{"Storage and distribution"}},
		},
		objects:  []string{"schoolboeken", "drukwerk en brochures", "onderhoudsproducten", "kantoorbenodigdheden", "promotiemateriaal", "pakketten", "leermiddelen"},
		settings: commonSettings,
		freqs:    []string{"Dagelijkse", "Wekelijkse", "Interne"},
		intros: []string{
			"Logistiek en verpakking voor {s}: inpakken, sorteren en verzenden.",
			"We verzorgen {o} van ontvangst tot levering.",
			"Mailings en verpakking in ons atelier, ook in grote oplagen.",
		},
		details: []string{
			"Opslag in eigen magazijn met voorraadopvolging.",
			"Levering met eigen bestelwagens of fietskoeriers.",
			"Flexibele capaciteit voor piekmomenten zoals de start van het schooljaar.",
		},
		keywords: []string{"logistiek", "verpakking", "atelier"},
		units:    []unitSpec{{"stuk", 500, 100000, 0.1, 1.5}, {"uur", 20, 400, 25, 38}, {"VTE", 1, 20, 0, 0}},
	},
	{ // energie-renovatie
		prefix: "ENE",
		services: []service{
			{titles: []string{"Dakisolatie en zoldervloerisolatie voor {s}"},
				cpv: []koppel.CPV{"45261410", "45321000"}, keywords: []string{"dakisolatie", "isolatie", "zoldervloer"},
				fr: []string{"Isolation et rénovation énergétique"}, en: []string{"Insulation and energy renovation"}},
			{titles: []string{"Energiescan en kleine energiebesparende ingrepen"},
				cpv: []koppel.CPV{"71314300", "71314200"}, keywords: []string{"energiescan", "energie", "besparing"},
				fr: []string{"Scan énergétique"}},
			{titles: []string{"Renovatie en schilderwerken van {o}"},
				cpv: []koppel.CPV{"45453100", "45442100"}, keywords: []string{"renovatie", "schilderwerken", "opknappen"}},
			{titles: []string{"{f} plaatsen van ledverlichting in {o}"},
				cpv: []koppel.CPV{"45316000"}, keywords: []string{"ledverlichting", "verlichting", "energie"}},
			{titles: []string{"Plaatsen en onderhoud van zonnepanelen op {o}"},
				cpv: []koppel.CPV{"09332000", "45261215"}, keywords: []string{"zonnepanelen", "zonne-energie", "energie"}},
			{titles: []string{"Na-isolatie en tochtdichting van {o}"},
				cpv: []koppel.CPV{"45321000", "45320000"}, keywords: []string{"na-isolatie", "tochtdichting", "isolatie"}},
		},
		objects:  []string{"klaslokalen", "schoolgebouwen", "sociale woningen", "gemeentelijke gebouwen", "sporthallen", "kantoren"},
		settings: commonSettings,
		freqs:    []string{"Gefaseerd", "Planmatig"},
		intros: []string{
			"Energie en renovatie: we isoleren, renoveren en besparen energie in {o}.",
			"Renovatieploeg met begeleiding voor {s}.",
			"Kleine energiebesparende ingrepen in {o}, met meting vooraf en achteraf.",
		},
		details: []string{
			"Volgens de EPB-eisen en met opvolging door een werfleider.",
			"Energiescan met rapport en prioriteitenlijst.",
			"Werken in samenwerking met een regulier bouwbedrijf als hoofdaannemer mogelijk.",
		},
		keywords: []string{"energie", "renovatie", "isolatie"},
		units:    []unitSpec{{"m²", 100, 10000, 12, 45}, {"uur", 20, 300, 35, 55}, {"VTE", 1, 10, 0, 0}},
	},
	{ // drukwerk-digitalisering
		prefix: "DRU",
		services: []service{
			{titles: []string{"Digitalisering van archieven", "Scannen en indexeren van {o}"},
				objects: []string{"leerlingendossiers", "personeelsdossiers", "bouwplannen", "bouwaanvragen"},
				cpv:     []koppel.CPV{"79999100", "72512000"}, keywords: []string{"digitalisering", "scanning", "OCR"},
				fr: []string{"Numérisation d'archives"}, en: []string{"Archive digitisation and scanning"}},
			{titles: []string{"Drukwerk en kopieerwerk voor {s}", "{f} drukken van {o}"},
				objects: []string{"schoolkranten", "nieuwsbrieven", "brochures en folders", "examenbundels"},
				cpv:     []koppel.CPV{"79810000", "79811000"}, keywords: []string{"drukwerk", "kopieerwerk", "drukken"},
				fr: []string{"Impression et reliure"}, en: []string{"Printing and binding"}},
			{titles: []string{"Inbinden en afwerken van {o}"},
				objects: []string{"examenbundels", "cursussen", "jaarverslagen", "brochures"},
				cpv:     []koppel.CPV{"79821000"}, keywords: []string{"inbinden", "afwerking", "nieten"}},
			{titles: []string{"Archiefbeheer voor {s}", "Ordenen en bewaren van {o}"},
				objects: []string{"leerlingendossiers", "personeelsdossiers", "bouwaanvragen"},
				cpv:     []koppel.CPV{"79995100", "72512000"}, keywords: []string{"archief", "archiefbeheer", "dossiers"}},
		},
		objects:  []string{"leerlingendossiers", "personeelsdossiers", "bouwplannen", "schoolkranten", "nieuwsbrieven", "brochures en folders", "examenbundels", "bouwaanvragen"},
		settings: commonSettings,
		freqs:    []string{"Periodiek", "Jaarlijks", "Maandelijks"},
		intros: []string{
			"Digitalisering van {o} voor {s}, met indexering en kwaliteitscontrole.",
			"Drukwerk en afwerking van {o} in ons drukatelier.",
			"We scannen {o} en leveren doorzoekbare pdf's (OCR) met metadata.",
		},
		details: []string{
			"Vertrouwelijke behandeling volgens de GDPR, met verwerkersovereenkomst.",
			"Ophaling en terugbezorging van de originelen of veilige vernietiging.",
			"Afwerking met nieten, inbinden en plooien.",
		},
		keywords: []string{"digitalisering", "drukwerk", "archief"},
		units:    []unitSpec{{"stuk", 1000, 500000, 0.05, 0.6}, {"uur", 10, 200, 28, 40}},
	},
	{ // sport-schoolinfrastructuur
		prefix: "SPO",
		services: []service{
			{titles: []string{"Openstellen en onderhoud van sportzalen", "Zaalwachter en openstellen van {o} voor {s}", "Beheer van {o} buiten de schooluren"},
				objects: []string{"sporthallen", "turnzalen", "polyvalente zalen", "zwembadlokalen"},
				cpv:     []koppel.CPV{"92610000", "98341140"}, keywords: []string{"sportzaal", "openstellen", "zaalwachter"},
				fr: []string{"Ouverture et entretien de salles de sport"}, en: []string{"Opening and maintenance of sports halls"}},
			{titles: []string{"Onderhoud van turntoestellen en speeltoestellen", "{f} nazicht van {o}"},
				objects: []string{"turntoestellen", "speeltoestellen", "klimmuren", "doelen en basketbalringen"},
				cpv:     []koppel.CPV{"50870000"}, keywords: []string{"speeltoestellen", "turntoestellen", "veiligheidsnazicht"},
				fr: []string{"Contrôle des équipements de gymnastique"}},
			{titles: []string{"Toezicht en sleutelbeheer voor {o}", "Openstellen van {o} voor verenigingen"},
				objects: []string{"sporthallen", "turnzalen", "polyvalente zalen", "schoolgebouwen"},
				cpv:     []koppel.CPV{"98341140", "92610000"}, keywords: []string{"toezicht", "sleutelbeheer", "huismeester"}},
		},
		objects:  []string{"sporthallen", "turnzalen", "sportvelden", "polyvalente zalen", "kleedkamers"},
		settings: commonSettings,
		freqs:    []string{"Jaarlijks", "Halfjaarlijks", "Wekelijks"},
		intros: []string{
			"Openstellen, toezicht en onderhoud van {o} voor {s}.",
			"Onderhoud en veiligheidsnazicht van {o} volgens de geldende normen.",
			"Zaalwachters openen en sluiten {o} en houden ze net.",
		},
		details: []string{
			"Ook verhuur en sleutelbeheer voor verenigingen.",
			"Met logboek van inspecties en herstellingen.",
			"Avond- en weekendopenstelling mogelijk.",
		},
		keywords: []string{"sportinfrastructuur", "schoolinfrastructuur", "sporthal"},
		units:    []unitSpec{{"uur", 10, 200, 25, 40}, {"stuk", 5, 200, 40, 150}, {"VTE", 1, 6, 0, 0}},
	},
}

var (
	socialLines = []string{
		"Uitgevoerd door een vaste ploeg doelgroepwerknemers met begeleiding op de werkvloer.",
		"Onze medewerkers worden opgeleid en begeleid door ervaren werkleiders.",
		"Een sociale meerwaarde: werk voor mensen met een afstand tot de arbeidsmarkt.",
		"Geschikt voor opdrachten met een sociale clausule of een voorbehouden opdracht.",
	}
	planningLines = []string{
		"Flexibel in te plannen buiten de lesuren.",
		"Start mogelijk na een plaatsbezoek.",
		"Raamovereenkomst of eenmalige opdracht mogelijk.",
		"Offerte op maat na een kort intakegesprek.",
		"",
	}
	leadTimes = []string{"onmiddellijk", "3 werkdagen", "1 week", "2 weken", "1 maand", "in overleg"}
	frSuffix  = []string{
		" Nous travaillons avec des personnes éloignées du marché de l'emploi.",
		" Service également disponible en français.",
	}
	enSuffix = []string{
		" We also work in English.",
		" Staff are supported by experienced job coaches.",
	}
)

func fill(pat, o, s, f string) string {
	if strings.Contains(pat, "{o}") {
		pat = strings.ReplaceAll(pat, "{o}", o)
	}
	if strings.Contains(pat, "{s}") {
		pat = strings.ReplaceAll(pat, "{s}", s)
	}
	if strings.Contains(pat, "{f}") {
		pat = strings.ReplaceAll(pat, "{f}", f)
	}
	return pat
}

// genOfferings returns n offerings of e: mostly in its main activity, the
// rest in its other activities and, for an enterprise whose name does not
// say one activity, now and then another category. Titles do not repeat
// within an enterprise. IDs are the category prefix with a number per
// prefix: SCH-001, SCH-002, GRO-001.
func genOfferings(r *rand.Rand, e *koppel.Enterprise, p profile, n int) []*koppel.Offering {
	if n <= 0 {
		return nil
	}
	out := make([]*koppel.Offering, n)
	seq := make([]int, len(catGens))
	titles := make(map[string]bool, n)
	hasFR, hasEN := false, false
	for _, l := range e.Languages {
		hasFR = hasFR || l == "fr"
		hasEN = hasEN || l == "en"
	}
	for k := range out {
		var c koppel.Category
		switch x := r.IntN(100); {
		case k == 0 || x < 55:
			c = p.cats[0]
		case x < 92 || p.specialist:
			c = pick(r, p.cats)
		default:
			c = pickCategory(r, anyWeight)
		}
		ci := categoryIndex(c)
		seq[ci]++
		out[k] = genOffering(r, e, ci, seq[ci], hasFR, hasEN, titles)
	}
	return out
}

func init() {
	if len(catGens) != len(koppel.Categories) || len(activityWords) != len(koppel.Categories) ||
		len(anyWeight) != len(koppel.Categories) || len(related) != len(koppel.Categories) || len(serviceWords) != len(koppel.Categories) {
		panic("demo: the category tables do not match koppel.Categories")
	}
	for _, w := range categoryWeight {
		if len(w) != len(koppel.Categories) {
			panic("demo: the category weights do not match koppel.Categories")
		}
	}
}

// titleTries is how often genOffering draws a new title before it numbers
// a repeated one.
const titleTries = 12

// offeringText draws a service of the category and a title for it: in
// French or English now and then for an enterprise that works in that
// language, else in Dutch. It returns the language of the title too.
func offeringText(r *rand.Rand, g *catGen, hasFR, hasEN bool) (svc *service, title, obj, set, freq, lang string) {
	svc = &g.services[r.IntN(len(g.services))]
	objs := svc.objects
	if len(objs) == 0 {
		objs = g.objects
	}
	obj, set, freq = pick(r, objs), pick(r, g.settings), pick(r, g.freqs)
	switch x := r.IntN(100); {
	case hasFR && x < 30 && len(svc.fr) > 0:
		return svc, pick(r, svc.fr), obj, set, freq, "fr"
	case hasEN && x < 15 && len(svc.en) > 0:
		return svc, pick(r, svc.en), obj, set, freq, "en"
	}
	return svc, fill(pick(r, svc.titles), obj, set, freq), obj, set, freq, "nl"
}

func genOffering(r *rand.Rand, e *koppel.Enterprise, ci, seq int, hasFR, hasEN bool, titles map[string]bool) *koppel.Offering {
	info := koppel.Categories[ci]
	g := &catGens[ci]
	svc, title, obj, set, freq, lang := offeringText(r, g, hasFR, hasEN)
	for try := 1; titles[title] && try < titleTries; try++ {
		svc, title, obj, set, freq, lang = offeringText(r, g, hasFR, hasEN)
	}
	if titles[title] {
		base := title
		for k := 2; titles[title]; k++ {
			title = fmt.Sprintf("%s (%s, aanbod %d)", base, set, k)
		}
	}
	titles[title] = true
	o := &koppel.Offering{
		ID:         fmt.Sprintf("%s-%03d", g.prefix, seq),
		Enterprise: e.KBO,
		Category:   info.Category,
		CPV:        append([]koppel.CPV(nil), svc.cpv[:between(r, 1, len(svc.cpv))]...),
		Title:      title,
		Languages:  []string{"nl"},
	}
	var d strings.Builder
	d.WriteString(fill(pick(r, g.intros), obj, set, freq))
	switch lang {
	case "fr":
		d.WriteString(pick(r, frSuffix))
		o.Languages = []string{"fr", "nl"}
	case "en":
		d.WriteString(pick(r, enSuffix))
		o.Languages = []string{"en", "nl"}
	}
	d.WriteByte(' ')
	d.WriteString(pick(r, g.details))
	d.WriteByte(' ')
	d.WriteString(pick(r, socialLines))
	if pl := pick(r, planningLines); pl != "" {
		d.WriteByte(' ')
		d.WriteString(pl)
	}
	o.Description = d.String()
	kw := append(subset(r, svc.keywords, between(r, 1, len(svc.keywords))), subset(r, g.keywords, between(r, 1, 2))...)
	o.Keywords = dedup(kw)
	u := pick(r, g.units)
	o.Unit = u.unit
	if u.unit == "VTE" {
		o.Capacity = round1(u.capLo + (u.capHi-u.capLo)*r.Float64())
	} else {
		o.Capacity = float64(int(u.capLo + (u.capHi-u.capLo)*r.Float64()))
	}
	if u.priceHi > 0 && chance(r, 0.7) {
		pr := u.priceLo + (u.priceHi-u.priceLo)*r.Float64()
		o.Price = ptr(float64(int64(pr*100+0.5)) / 100)
	}
	o.LeadTime = pick(r, leadTimes)
	if chance(r, 0.15) {
		o.ServiceArea = koppel.ServiceArea{RadiusKm: float64(5 * between(r, 3, 8))}
	}
	o.UpdatedAt = e.UpdatedAt.Add(time.Duration(r.IntN(90*24)) * time.Hour)
	return o
}

// dedup drops repeated strings, keeping the first.
func dedup(s []string) []string {
	out := make([]string, 0, len(s))
	for _, v := range s {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
