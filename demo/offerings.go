package demo

import (
	"fmt"
	"math/rand/v2"
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

// catGen holds the building blocks of the offerings of one category. Titles
// and intros are patterns: {o} is replaced by an object, {s} by a setting,
// {f} by a frequency, so the combinations stay varied at a million rows.
type catGen struct {
	prefix   string
	titles   []string
	objects  []string
	settings []string
	freqs    []string
	intros   []string
	details  []string
	keywords []string
	units    []unitSpec
	fr, en   []string // titles for French- and English-speaking clients
}

var commonSettings = []string{"scholen", "gemeenten", "kantoren", "OCMW-diensten", "woonzorgcentra", "bibliotheken", "jeugdlokalen", "kinderdagverblijven", "academies", "internaten", "sportcentra", "bedrijven"}

// catGens follows the order of koppel.Categories.
var catGens = []catGen{
	{ // schoonmaak
		prefix: "SCH",
		titles: []string{
			"{f} schoonmaak van {o}", "Poetsdienst voor {s}", "Schoonmaakploeg voor {o}",
			"Schoonmaak van {o} in {s}", "Poetsdienst voor {o}", "Ramen wassen en glasreiniging voor {s}",
			"Vakantieschoonmaak van {o}", "Vloeronderhoud en ontvetten van {o}", "Eindschoonmaak na werken in {s}",
			"Kuisen van {o}", "Schoonmaak en ontsmetting van {o}",
		},
		objects: []string{"klaslokalen en sanitair", "refters en keukens", "turnzalen en kleedkamers", "kantoren en vergaderzalen",
			"gangen en traphallen", "ramen en glaspartijen", "sanitaire blokken", "leslokalen en bibliotheek",
			"gemeentelijke gebouwen", "lokalen van de kinderopvang", "speelzalen en polyvalente zalen", "vloeren en tapijten"},
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
		keywords: []string{"schoonmaak", "poetsen", "poetsdienst", "schoonmaakploeg", "kuisen", "reiniging", "sanitair", "ramen", "vloeronderhoud", "glasreiniging"},
		units:    []unitSpec{{"uur", 20, 400, 28, 42}, {"m²", 500, 20000, 0.6, 2.8}, {"VTE", 1, 15, 0, 0}},
		fr:       []string{"Nettoyage de bureaux et d'écoles", "Service de nettoyage quotidien des locaux", "Nettoyage des vitres et des sanitaires"},
		en:       []string{"Daily cleaning of offices and classrooms", "Window and sanitary cleaning"},
	},
	{ // groenonderhoud
		prefix: "GRO",
		titles: []string{
			"Groenonderhoud van {o}", "Maaien, snoeien en haagscheren voor {s}", "{f} onderhoud van {o}",
			"Groenzorg voor {s}", "Aanleg en onderhoud van {o}", "Onkruidbestrijding zonder pesticiden op {o}",
			"Bladruimen en winterklaar maken van {o}", "Speelplaatsonderhoud en groenbeheer voor {s}", "Tuinonderhoud van {o}",
		},
		objects: []string{"speelplaatsen en schooltuinen", "parken en plantsoenen", "begraafplaatsen", "bermen en grachten",
			"sportvelden", "hagen en heesters", "moestuinen en pluktuinen", "groenzones rond scholen", "bloemperken", "bomenrijen"},
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
		keywords: []string{"groenonderhoud", "groenzorg", "maaien", "snoeien", "haagscheren", "tuinonderhoud", "onkruid", "schooltuin", "speelplaatsonderhoud", "groenbeheer"},
		units:    []unitSpec{{"uur", 20, 300, 30, 45}, {"m²", 1000, 50000, 0.1, 0.9}, {"VTE", 1, 10, 0, 0}},
		fr:       []string{"Entretien des espaces verts", "Tonte, taille et désherbage", "Entretien de jardins scolaires"},
		en:       []string{"Green space maintenance", "Mowing, pruning and hedge trimming"},
	},
	{ // fietsen
		prefix: "FTS",
		titles: []string{
			"Fietspunt: herstelling en onderhoud van fietsen", "Bewaakte fietsenstalling voor {s}", "Fietsherstelling op locatie bij {s}",
			"{f} fietsonderhoud voor {o}", "Fietsverhuur en deelfietsen voor {s}", "Opknappen van weesfietsen voor {s}",
			"Beheer van de fietsenparking voor {s}", "Mobiele fietshersteldienst voor {o}",
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
		keywords: []string{"fietspunt", "fietsherstelling", "fietsenstalling", "fietsverhuur", "fietsonderhoud", "fiets", "fietsen", "velo", "deelfietsen"},
		units:    []unitSpec{{"stuk", 20, 2000, 15, 60}, {"uur", 10, 120, 25, 40}, {"VTE", 1, 6, 0, 0}},
		fr:       []string{"Réparation et entretien de vélos", "Parking vélos surveillé", "Point vélo : location et réparation"},
		en:       []string{"Bicycle repair and maintenance", "Guarded bicycle parking"},
	},
	{ // klusjes
		prefix: "KLU",
		titles: []string{
			"Klusjesdienst voor {s}", "Technisch onderhoud van {o}", "Kleine herstellingen in {s}",
			"{f} onderhoud van {o}", "Schilderwerken voor {s}", "Klusjesploeg voor {o}",
			"Montage en herstelling van schoolmeubilair", "Verhuis- en opbouwhulp voor {s}",
		},
		objects: []string{"klaslokalen", "schoolgebouwen", "sanitaire installaties", "deuren en ramen", "speeltoestellen",
			"gemeentelijke zalen", "schoolmeubilair", "verlichting en kleine elektriciteit"},
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
		keywords: []string{"klusjesdienst", "klusjes", "technisch onderhoud", "herstellingen", "schilderwerken", "onderhoud", "conciërge", "montage"},
		units:    []unitSpec{{"uur", 10, 200, 32, 48}, {"VTE", 1, 8, 0, 0}},
		fr:       []string{"Service de petits travaux et réparations", "Entretien technique des bâtiments"},
		en:       []string{"Handyman services for schools", "Technical building maintenance"},
	},
	{ // catering
		prefix: "CAT",
		titles: []string{
			"Schoolmaaltijden en broodjes", "Warme maaltijden voor {s}", "{f} soep en fruit voor {o}",
			"Broodjesbar en catering voor {s}", "Receptie- en vergadercatering", "Maaltijden aan huis voor {o}",
			"Refterwerking en bedeling van maaltijden in {s}", "Gezonde tussendoortjes voor {o}",
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
		keywords: []string{"catering", "maaltijden", "schoolmaaltijden", "broodjes", "soep", "traiteur", "refter", "warme maaltijden", "keuken"},
		units:    []unitSpec{{"maaltijd", 50, 2000, 3.5, 7.5}, {"stuk", 50, 1000, 2.5, 5}, {"VTE", 1, 8, 0, 0}},
		fr:       []string{"Repas scolaires et sandwiches", "Service traiteur et repas chauds"},
		en:       []string{"School meals and sandwiches", "Catering for meetings and events"},
	},
	{ // was-strijk
		prefix: "WAS",
		titles: []string{
			"Was en strijk van werkkledij", "Wasserij voor {s}", "{f} ophaling van linnen bij {s}",
			"Strijkdienst voor {o}", "Was van {o}", "Herstelling en naaiwerk van {o}",
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
		keywords: []string{"was", "strijk", "wasserij", "strijkdienst", "linnen", "werkkledij", "naaiwerk", "strijkatelier"},
		units:    []unitSpec{{"kg", 50, 3000, 1.8, 4.5}, {"stuk", 100, 5000, 0.8, 3.5}, {"VTE", 1, 5, 0, 0}},
		fr:       []string{"Blanchisserie et repassage de vêtements de travail", "Service de repassage"},
		en:       []string{"Laundry and ironing of workwear"},
	},
	{ // kringloop
		prefix: "KRI",
		titles: []string{
			"Kringloopophaling van meubilair", "Ophaling en hergebruik van {o}", "Ontruiming van {s}",
			"Opknappen en herverdelen van {o}", "Tweedehands {o} uit de kringloopwinkel", "Sorteren en recyclage van {o}",
			"Herstelcafé en repair-dienst voor {s}",
		},
		objects:  []string{"schoolmeubilair", "ICT-materiaal en laptops", "kantoormeubilair", "speelgoed en boeken", "textiel", "elektrische toestellen", "bureaustoelen"},
		settings: commonSettings,
		freqs:    []string{"Jaarlijkse", "Periodieke", "Eenmalige"},
		intros: []string{
			"Ophaling van {o} bij {s}, voor hergebruik in onze kringloopwerking.",
			"We knappen {o} op en brengen het opnieuw in omloop.",
			"Ontruiming met sortering: wat bruikbaar is, krijgt een tweede leven.",
		},
		details: []string{
			"Met attest van hergebruik en verwerking.",
			"Datawissen van ICT-materiaal volgens de gangbare normen.",
			"Wat niet herbruikbaar is, gaat naar erkende recyclage.",
		},
		keywords: []string{"kringloop", "hergebruik", "recyclage", "tweedehands", "ophaling", "ontruiming", "circulair", "herbruik"},
		units:    []unitSpec{{"stuk", 10, 5000, 5, 60}, {"uur", 10, 150, 30, 45}},
		fr:       []string{"Collecte et réemploi de mobilier", "Recyclage de matériel informatique"},
		en:       []string{"Collection and reuse of furniture"},
	},
	{ // logistiek
		prefix: "LOG",
		titles: []string{
			"Verpakking en mailings", "Inpakken en assemblage voor {s}", "{f} koerier- en postdienst voor {s}",
			"Opslag en voorraadbeheer van {o}", "Sorteren en verzenden van {o}", "Verdelen van {o} over de vestigingen",
			"Kitting en etikettering van {o}",
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
		keywords: []string{"logistiek", "verpakking", "mailings", "inpakken", "assemblage", "opslag", "koerier", "verzending", "postdienst"},
		units:    []unitSpec{{"stuk", 500, 100000, 0.1, 1.5}, {"uur", 20, 400, 25, 38}, {"VTE", 1, 20, 0, 0}},
		fr:       []string{"Conditionnement et mailings", "Logistique et stockage"},
		en:       []string{"Packaging and mailings", "Storage and distribution"},
	},
	{ // energie-renovatie
		prefix: "ENE",
		titles: []string{
			"Dakisolatie en zoldervloerisolatie voor {s}", "Energiescan en kleine energiebesparende ingrepen",
			"Renovatie en schilderwerken van {o}", "{f} plaatsen van ledverlichting in {o}",
			"Plaatsen en onderhoud van zonnepanelen op {o}", "Na-isolatie en tochtdichting van {o}",
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
		keywords: []string{"energie", "renovatie", "isolatie", "dakisolatie", "energiescan", "zonnepanelen", "ledverlichting", "schilderwerken"},
		units:    []unitSpec{{"m²", 100, 10000, 12, 45}, {"uur", 20, 300, 35, 55}, {"VTE", 1, 10, 0, 0}},
		fr:       []string{"Isolation et rénovation énergétique", "Scan énergétique"},
		en:       []string{"Insulation and energy renovation"},
	},
	{ // drukwerk-digitalisering
		prefix: "DRU",
		titles: []string{
			"Digitalisering van archieven", "Scannen en indexeren van {o}", "Drukwerk en kopieerwerk voor {s}",
			"{f} drukken van {o}", "Vernietiging en digitalisering van {o}", "Inbinden en afwerken van {o}",
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
		keywords: []string{"digitalisering", "scanning", "archief", "drukwerk", "kopieerwerk", "OCR", "inbinden", "archiefbeheer"},
		units:    []unitSpec{{"stuk", 1000, 500000, 0.05, 0.6}, {"uur", 10, 200, 28, 40}},
		fr:       []string{"Numérisation d'archives", "Impression et reliure"},
		en:       []string{"Archive digitisation and scanning", "Printing and binding"},
	},
	{ // sport-schoolinfrastructuur
		prefix: "SPO",
		titles: []string{
			"Openstellen en onderhoud van sportzalen", "Zaalwachter en openstellen van {o} voor {s}",
			"Onderhoud van turntoestellen en speeltoestellen", "{f} nazicht van {o}", "Beheer van {o} buiten de schooluren",
			"Lijnen trekken en onderhoud van {o}",
		},
		objects:  []string{"sporthallen", "turnzalen", "sportvelden", "speeltoestellen", "zwembadlokalen", "polyvalente zalen", "kleedkamers"},
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
		keywords: []string{"sportzaal", "sportinfrastructuur", "schoolinfrastructuur", "openstellen", "zaalwachter", "turntoestellen", "speeltoestellen", "sporthal"},
		units:    []unitSpec{{"uur", 10, 200, 25, 40}, {"stuk", 5, 200, 40, 150}, {"VTE", 1, 6, 0, 0}},
		fr:       []string{"Ouverture et entretien de salles de sport", "Contrôle des équipements de gymnastique"},
		en:       []string{"Opening and maintenance of sports halls"},
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
// rest in its other activities and now and then another category. IDs are
// the category prefix with a number per prefix: SCH-001, SCH-002, GRO-001.
func genOfferings(r *rand.Rand, e *koppel.Enterprise, p profile, n int) []*koppel.Offering {
	if n <= 0 {
		return nil
	}
	out := make([]*koppel.Offering, n)
	seq := make([]int, len(catGens))
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
		case x < 92:
			c = pick(r, p.cats)
		default:
			c = pickCategory(r)
		}
		ci := categoryIndex(c)
		seq[ci]++
		out[k] = genOffering(r, e, ci, seq[ci], hasFR, hasEN)
	}
	return out
}

func init() {
	if len(catGens) != len(koppel.Categories) || len(activityWords) != len(koppel.Categories) || len(categoryWeight) != len(koppel.Categories) {
		panic("demo: the category tables do not match koppel.Categories")
	}
}

func genOffering(r *rand.Rand, e *koppel.Enterprise, ci, seq int, hasFR, hasEN bool) *koppel.Offering {
	info := koppel.Categories[ci]
	g := &catGens[ci]
	obj, set, freq := pick(r, g.objects), pick(r, g.settings), pick(r, g.freqs)
	o := &koppel.Offering{
		ID:         fmt.Sprintf("%s-%03d", g.prefix, seq),
		Enterprise: e.KBO,
		Category:   info.Category,
		CPV:        subset(r, info.CPV, between(r, 1, min(3, len(info.CPV)))),
		Languages:  []string{"nl"},
	}
	var d strings.Builder
	switch x := r.IntN(100); {
	case hasFR && x < 30:
		o.Title = pick(r, g.fr)
		d.WriteString(fill(pick(r, g.intros), obj, set, freq))
		d.WriteString(pick(r, frSuffix))
		o.Languages = []string{"fr", "nl"}
	case hasEN && x < 15:
		o.Title = pick(r, g.en)
		d.WriteString(fill(pick(r, g.intros), obj, set, freq))
		d.WriteString(pick(r, enSuffix))
		o.Languages = []string{"en", "nl"}
	default:
		o.Title = fill(pick(r, g.titles), obj, set, freq)
		d.WriteString(fill(pick(r, g.intros), obj, set, freq))
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
	o.Keywords = subset(r, g.keywords, between(r, 2, 4))
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
		o.ServiceArea = koppel.ServiceArea{RadiusKm: float64(5 * between(r, 2, 10))}
	}
	o.UpdatedAt = e.UpdatedAt.Add(time.Duration(r.IntN(90*24)) * time.Hour)
	return o
}
