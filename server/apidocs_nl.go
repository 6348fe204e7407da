package server

import (
	"strings"

	"koppel/i18n"
)

// apiSummaryNL is the Dutch text of every API route on the documentation
// page (/api/docs), by "METHOD path": the page is Dutch like the rest of
// Koppel, while the OpenAPI document keeps the English summaries. A test
// fails for a route without one.
var apiSummaryNL = map[string]string{
	"GET /healthz":                                 "Leeft de server? 200 zolang het proces draait",
	"GET /readyz":                                  "Klaar? 200 zodra de opslag en de index open zijn en de index bij is",
	"GET /metrics":                                 "Meetwaarden voor Prometheus",
	"GET /api/v1/enterprises":                      "De openbare lijst van ondernemingen",
	"GET /api/v1/enterprises/:kbo":                 "Eén onderneming met haar diensten",
	"PUT /api/v1/enterprises/:kbo":                 "Het profiel van een onderneming maken of bijwerken (haar leverancier of een beheerder)",
	"GET /api/v1/offerings":                        "Diensten zoeken: vrije tekst (tikfouten mogen), filters, facetten, gemarkeerde woorden, afstand",
	"GET /api/v1/catalogue/template.xlsx":          "Het sjabloon van de catalogus (rekenblad)",
	"POST /api/v1/enterprises/:kbo/catalogue":      "Een catalogus opladen (rekenblad in het multipart-veld file). Standaard (mode=replace) verdwijnen de diensten die niet in het bestand staan; mode=merge voegt alleen toe en werkt bij. Een vervanging die alle diensten zou verwijderen wordt geweigerd (409), tenzij confirm_remove_all=true",
	"GET /api/v1/imports/:id":                      "Een importverslag",
	"GET /api/v1/imports/:id/annotated.xlsx":       "Het opgeladen rekenblad met de cellen met een probleem gemarkeerd",
	"GET /api/v1/enterprises/:kbo/catalogue.xlsx":  "Het huidige profiel en de catalogus van de onderneming als sjabloon, om aan te passen en opnieuw op te laden",
	"POST /api/v1/imports/:id/undo":                "De catalogus terugzetten zoals hij voor deze import was (zelf ook een import, die u ongedaan kunt maken)",
	"GET /api/v1/tenders":                          "Gepubliceerde opdrachten (en de eigen ontwerpen)",
	"POST /api/v1/tenders":                         "Een opdracht maken (aankoper of beheerder)",
	"POST /api/v1/tenders/import":                  "Opdrachten inlezen: een eForms-aankondiging (XML) of een rekenblad met opdrachten (multipart-veld file, of de ruwe inhoud met het juiste Content-Type)",
	"GET /api/v1/tenders/template.xlsx":            "Het sjabloon voor opdrachten (één rij per perceel)",
	"GET /api/v1/tenders/:id":                      "Eén opdracht; een ontwerp alleen voor de eigen aankoper en beheerders",
	"PUT /api/v1/tenders/:id":                      "Een opdracht vervangen (haar aankoper of een beheerder)",
	"DELETE /api/v1/tenders/:id":                   "Een opdracht verwijderen (haar aankoper of een beheerder)",
	"GET /api/v1/tenders/:id/lots/:lot/outcome":    "De uitslag van een perceel: aan wie gegund, of niet gegund en waarom (404 als er nog geen is)",
	"PUT /api/v1/tenders/:id/lots/:lot/outcome":    "De uitslag van een perceel vastleggen (de aankoper van de opdracht of een beheerder); een opdracht waarvan alle percelen een uitslag hebben, wordt afgesloten",
	"GET /api/v1/enterprises/:kbo/outcomes":        "De percelen die een onderneming won (van de opdrachten die de vrager mag zien)",
	"GET /api/v1/outcomes/report":                  "Resultaten: voorbehouden percelen, sociale clausules, uitslagen, het aandeel gegund aan de sociale economie, en de verstuurde, beantwoorde en gekozen aanvragen, per jaar, werkvorm en soort dienst (een aankoper: de eigen opdrachten en aanvragen; een beheerder: alle, of die van één aankoper met ?buyer=)",
	"PATCH /api/v1/tenders/:id":                    "De status van een opdracht wijzigen (haar aankoper of een beheerder): published (vanuit een ontwerp), closed of withdrawn (vanuit published of announced)",
	"GET /api/v1/tenders/:id/matches":              "Per perceel (één pagina percelen tegelijk) de ondernemingen die passen, gerangschikt, met uitleg en of ze mogen inschrijven",
	"GET /api/v1/enterprises/:kbo/tenders":         "Open opdrachten met percelen die bij de onderneming passen (haar leverancier of een beheerder)",
	"POST /api/v1/needs":                           "Een aanvraag voor een kleine aankoop maken (aankoper); verstuur ze met /send",
	"GET /api/v1/needs":                            "De aanvragen van de vrager, nieuwste eerst (een aankoper de eigen; een beheerder alle)",
	"GET /api/v1/needs/received":                   "De aanvragen die naar de onderneming van de vrager zijn gestuurd, nieuwste eerst (leverancier)",
	"GET /api/v1/needs/:id":                        "Eén aanvraag: de aankoper en beheerders zien elk antwoord, een onderneming alleen het hare",
	"GET /api/v1/needs/:id/recipients":             "Voorbeeld: de ondernemingen die de aanvraag zouden krijgen, met de uitleg en of ze mogen inschrijven",
	"POST /api/v1/needs/:id/send":                  "De aanvraag versturen naar de passende ondernemingen (allemaal uit het voorbeeld, of die in enterprises)",
	"POST /api/v1/needs/:id/answers":               "Een aanvraag beantwoorden voor de eigen onderneming: interested, not_interested (met een reden) of question",
	"POST /api/v1/needs/:id/answers/:answer/reply": "De vraag van een onderneming beantwoorden (de aankoper van de aanvraag)",
	"POST /api/v1/needs/:id/choose":                "Een geïnteresseerd antwoord als het gekozen antwoord aanduiden (de aankoper van de aanvraag)",
	"POST /api/v1/needs/:id/close":                 "De aanvraag afsluiten: ze neemt geen antwoorden meer aan (de aankoper van de aanvraag)",
	"POST /api/v1/needs/:id/duplicate":             "De aanvraag kopiëren naar een nieuwe, niet verstuurde aanvraag (eventueel met een nieuwe datum answer_by)",
	"GET /api/v1/clauses":                          "De bibliotheek van modelclausules",
	"POST /api/v1/clauses/draft":                   "Marktverkenning, aanbeveling en ontwerptekst van een clausule voor een perceel",
	"GET /api/v1/tenders/:id/clauses":              "Marktverkenning en aanbeveling voor elk perceel van een opdracht, één pagina percelen tegelijk",
	"POST /api/v1/tenders/:id/lots/:lot/clauses":   "Een sociale clausule op een perceel zetten (haar aankoper of een beheerder): ze vervangt de clausule van die soort op het perceel; de eForms-codes komen uit de bibliotheek",
	"GET /api/v1/stages":                           "Open stageplaatsen voor werknemers in een doorstroomtraject, dichtste eerst",
	"POST /api/v1/stages":                          "Stageplaatsen aanbieden (aankoper, beheerder); Koppel kiest het id",
	"GET /api/v1/stages/:id":                       "Eén aanbod van stageplaatsen (de reacties alleen voor de eigen aankoper en beheerders)",
	"POST /api/v1/stages/:id/interest":             "De interesse van een onderneming voor een stageplaats melden (haar leverancier, beheerder)",
	"POST /api/v1/stages/:id/fill":                 "Zeggen hoeveel plaatsen ingenomen zijn (de eigen aankoper, beheerder); alle ingenomen: volzet",
	"POST /api/v1/stages/:id/close":                "Een aanbod van stageplaatsen afsluiten (de eigen aankoper, beheerder)",
	"GET /api/v1/cpv":                              "CPV-codes zoeken op code of op woorden uit hun Nederlandse, Franse of Engelse omschrijving (voor een keuzelijst)",
	"GET /api/v1/me":                               "Wie de vrager is",
	"GET /api/v1/admin/backup":                     "Een consistente back-up van de opslag terwijl de server draait (beheerder); terugzetten met koppel restore",
	"GET /api/v1/admin/recognitions":               "Het register van gecontroleerde erkenningen, het importverslag ervan en de verklaringen die ermee in strijd zijn (beheerder)",
	"POST /api/v1/admin/recognitions":              "Het register van gecontroleerde erkenningen vervangen door een xlsx- of CSV-bestand (multipart-veld file, of de ruwe inhoud) (beheerder)",
	"POST /api/v1/admin/notices":                   "Een pakket eForms-aankondigingen inlezen (een .tar.gz-, .tgz- of .zip-archief als multipart-veld file of als ruwe inhoud), op de achtergrond (beheerder): antwoordt 202 met het id van het verslag",
	"GET /api/v1/admin/notices":                    "De nieuwste verslagen van pakketten aankondigingen en de toestand van de feed (beheerder)",
	"GET /api/v1/admin/notices/:id":                "Het verslag van een pakket aankondigingen, ook terwijl het loopt (beheerder)",
	"GET /api/v1/admin/tokens":                     "Alle tokens, zonder hun geheim (beheerder)",
	"POST /api/v1/admin/tokens/:id/revoke":         "Een token meteen intrekken; zijn websessies stoppen ook (beheerder)",
	"GET /api/v1/shortlists":                       "De lijsten van de vrager (van de eigen aankopende organisatie)",
	"POST /api/v1/shortlists":                      "Een lijst maken",
	"GET /api/v1/shortlists/:id":                   "Eén lijst (de eigenaar); format=xlsx|csv downloadt ze",
	"PUT /api/v1/shortlists/:id":                   "Een lijst een andere naam geven",
	"DELETE /api/v1/shortlists/:id":                "Een lijst verwijderen (en haar deellink)",
	"POST /api/v1/shortlists/:id/items":            "Een onderneming, een van haar diensten of een kandidaat voor een perceel (zoals die nu is) in de lijst bewaren",
	"PUT /api/v1/shortlists/:id/items/:item":       "Een onderneming die vanuit een perceel bewaard is als uitgenodigd aanduiden, of niet",
	"DELETE /api/v1/shortlists/:id/items/:item":    "Een regel uit de lijst verwijderen",
	"POST /api/v1/shortlists/:id/share":            "De lijst delen om te lezen: een nieuwe geheime link (de vorige werkt niet meer)",
	"DELETE /api/v1/shortlists/:id/share":          "De lijst niet langer delen: haar link werkt niet meer",
	"GET /api/v1/shared/shortlists/:secret":        "Een gedeelde lijst, alleen om te lezen, voor wie de link heeft; format=xlsx|csv downloadt ze",
	"GET /api/v1/capacity":                         "Capaciteitskaart van één soort dienst: per Vlaamse gemeente de VTE van de ondernemingen wier werkgebied ze dekt (elke onderneming telt volledig mee in elke gemeente die ze bedient), de percelen en aanvragen van de voorbije 12 maanden, en de witte vlekken (vraag, minder dan 1 VTE per eenheid vraag)",
	"GET /api/v1/spend":                            "De aankoopanalyse van de aankoper: het aandeel van de aankopen bij ondernemingen uit de sociale economie per jaar, werkvorm en soort dienst, de koppelingen die op naam voorgesteld worden, en het verslag van de upload",
	"POST /api/v1/spend":                           "De aankopen van de aankoper opladen (xlsx of CSV, multipart-veld file of de ruwe inhoud); vervangt het vorige bestand. Een bestand zonder één geldige aankoop wordt geweigerd (422) en wijzigt niets",
	"POST /api/v1/spend/links":                     "Een op naam voorgestelde koppeling bevestigen of afwijzen (decision confirmed of rejected)",
	"PUT /api/v1/spend/target":                     "Het streefaandeel van de aankopen bij de sociale economie instellen, in procent",
	"GET /api/openapi.json":                        "Dit OpenAPI 3-document",
}

// apiParamNL is the Dutch text of the query parameters on the
// documentation page, by their English description in the route table.
var apiParamNL = map[string]string{
	"only the offerings of this enterprise (KBO number)": "alleen de diensten van deze onderneming (ondernemingsnummer)",
	"list at most this many offerings of one enterprise (its best, each at its own place); each hit says in more_from_enterprise how many offerings of its enterprise were found after it (listed further on or left out). total counts every offering, listed the offerings the pages hold (paging ends there), enterprises the enterprises found. Default 0: every offering (the search page uses 2)": "toon hoogstens zoveel diensten van één onderneming (de best passende, elk op zijn eigen plaats); elke treffer zegt in more_from_enterprise hoeveel diensten van die onderneming er nog na komen (verderop getoond of weggelaten). total telt alle diensten, listed de diensten die de pagina's tonen (daar stopt het bladeren), enterprises de gevonden ondernemingen. Standaard 0: alle diensten (de zoekpagina gebruikt 2)",
	"only offerings of enterprises that work with this target group; repeat it or separate groups by commas for enterprises that work with all of them: arbeidshandicap, langdurig-werkzoekend, art60, psychosociaal, laaggeschoold, anderstalige-nieuwkomer, ex-gedetineerde, 50-plus (or their Dutch names)":                                                                                          "alleen diensten van ondernemingen die met deze doelgroep werken; herhaal de parameter of scheid doelgroepen met komma's voor ondernemingen die met alle werken: arbeidshandicap, langdurig-werkzoekend, art60, psychosociaal, laaggeschoold, anderstalige-nieuwkomer, ex-gedetineerde, 50-plus (of de volledige naam)",
	"service category, e.g. schoonmaak or groenonderhoud":                         "soort dienst, bv. schoonmaak of groenonderhoud",
	"the year the work forms and categories are counted for (default: all years)": "het jaar waarvoor werkvormen en soorten dienst geteld worden (standaard: alle jaren)",
	"list the purchases of this work form":                                        "de aankopen van deze werkvorm tonen",
	"list the purchases of this category (zonder-categorie: none)":                "de aankopen van deze soort dienst tonen (zonder-categorie: zonder soort)",
	"social: the purchases from social-economy enterprises; all: every purchase":  "social: de aankopen bij ondernemingen uit de sociale economie; all: alle aankopen",
	"words looked for in the names and offerings, e.g. poetsdienst; best first":   "woorden die in de namen en diensten gezocht worden, bv. poetsdienst; best passende eerst",
	"work form, e.g. maatwerkbedrijf":                                             "werkvorm, bv. maatwerkbedrijf",
	"only enterprises that work with this target group: arbeidshandicap, langdurig-werkzoekend, art60, psychosociaal, laaggeschoold, anderstalige-nieuwkomer, ex-gedetineerde, 50-plus (or its Dutch name)": "alleen ondernemingen die met deze doelgroep werken: arbeidshandicap, langdurig-werkzoekend, art60, psychosociaal, laaggeschoold, anderstalige-nieuwkomer, ex-gedetineerde, 50-plus (of de volledige naam)",
	"ja: only enterprises that run transition paths (doorstroomtrajecten)": "ja: alleen ondernemingen met doorstroomtrajecten",
	"page number, from 1":                               "paginanummer, vanaf 1",
	"hits per page, 1 to 100 (default 20)":              "resultaten per pagina, 1 tot 100 (standaard 20)",
	"what you look for, e.g. poetsdienst scholen gent":  "wat u zoekt, bv. poetsdienst scholen gent",
	"category, e.g. groenonderhoud":                     "soort dienst, bv. groenonderhoud",
	"CPV code or prefix, e.g. 9091":                     "CPV-code of het begin ervan, bv. 9091",
	"nl, fr, en":                                        "nl, fr, en",
	"postcode the service area must cover":              "postcode die in het werkgebied moet liggen",
	"postcode to measure distance from":                 "postcode van waar de afstand gemeten wordt",
	"only enterprises within this distance of postcode": "alleen ondernemingen binnen deze afstand (km) van de postcode",
	"relevance (default) or distance":                   "relevance (best passend, standaard) of distance (afstand)",
	"words of q (comma-separated) to search as text, not read as a place, province or work form":                                                        "woorden uit q (gescheiden door komma's) die als tekst gezocht worden, niet gelezen als plaats, provincie of werkvorm",
	"replace (the default): the file is the whole catalogue, services whose code is not in it are removed; merge: add and update only, keep the others": "replace (standaard): het bestand is de hele catalogus, diensten waarvan de code er niet in staat verdwijnen; merge: alleen toevoegen en bijwerken, de andere blijven",
	"check only, change nothing; the report counts and names what would be removed":                                                                     "alleen nakijken, niets wijzigen; het verslag telt en noemt wat zou verdwijnen",
	"true to let a replace remove every current service (without it such an upload answers 409 and changes nothing)":                                    "true om een vervanging alle huidige diensten te laten verwijderen (zonder dit antwoordt zo'n upload 409 en wijzigt er niets)",
	"free text over tenders and lots": "vrije tekst in opdrachten en percelen",
	"published, announced (prior information notices of reserved lots) and own drafts by default; or one of published, announced, closed, withdrawn, draft (own drafts)": "standaard published (gepubliceerd), announced (vooraankondigingen van voorbehouden percelen) en de eigen ontwerpen; of één van published, announced, closed, withdrawn, draft (eigen ontwerpen)",
	"clause kind, e.g. res-ws":               "soort clausule, bv. res-ws",
	"eForms buyer-legal-type":                "soort aankoper volgens eForms (buyer-legal-type)",
	"date, 2027-01-31":                       "datum, 2027-01-31",
	"admins: the buyer account to report on": "beheerders: de aankoper over wie het rapport gaat",
	"also list enterprises that may not bid on a reserved lot, marked":                     "ook ondernemingen tonen die niet mogen inschrijven op een voorbehouden perceel, gemarkeerd",
	"page of the tender's lots, from 1":                                                    "pagina van de percelen van de opdracht, vanaf 1",
	"lots per page, 1 to 20 (default 10)":                                                  "percelen per pagina, 1 tot 20 (standaard 10)",
	"measure distances from this postcode or municipality, e.g. 9000 or Gent":              "afstanden meten vanaf deze postcode of gemeente, bv. 9000 of Gent",
	"measure distances from this enterprise's address (default for a supplier: its own)":   "afstanden meten vanaf het adres van deze onderneming (standaard voor een leverancier: de eigen)",
	"only places within this distance (default 25 when a place is given; 0: any distance)": "alleen plaatsen binnen deze afstand in km (standaard 25 als er een plaats is; 0: elke afstand)",
	"kind of work: poetsen, klussen, groen, onthaal, keuken, fietsen, logistiek, andere":   "soort werk: poetsen, klussen, groen, onthaal, keuken, fietsen, logistiek, andere",
	"true: the caller's own offers (buyer), in every status":                               "true: de eigen aanbiedingen (aankoper), in elke status",
	"e.g. reiniging, 9091": "bv. reiniging, 9091",
	"NUTS prefixes of the places of performance to import, comma-separated; BE2 (Flanders) by default": "begin van de NUTS-codes van de uitvoeringsplaatsen die ingelezen worden, gescheiden door komma's; standaard BE2 (Vlaanderen)",
}

// roleNL names a role on the documentation page.
var roleNL = map[string]string{"admin": "beheerder", "buyer": "aankoper", "supplier": "leverancier"}

// apiDocRouteIn is the documentation page's row of r for a reader of l:
// in Dutch for Dutch (a text missing from the maps above stays English;
// the test lists them), else in the route table's English (there is no
// French text of the API documentation).
func apiDocRouteIn(l i18n.Lang, r route) apiDocRoute {
	if l != i18n.NL {
		row := apiDocRoute{Method: r.Method, Path: openAPIPath(r.Path), Summary: r.Summary, Roles: "anyone", Lang: "en", Params: r.Query}
		if len(r.Roles) > 0 {
			row.Roles = rolesText(r.Roles)
		}
		return row
	}
	return apiDocRouteNL(r)
}

// apiDocRouteNL is the documentation page's row of r, in Dutch.
func apiDocRouteNL(r route) apiDocRoute {
	row := apiDocRoute{Method: r.Method, Path: openAPIPath(r.Path), Summary: r.Summary, Roles: "iedereen", Lang: "nl"}
	if nl, ok := apiSummaryNL[r.Method+" "+r.Path]; ok {
		row.Summary = nl
	}
	if len(r.Roles) > 0 {
		names := make([]string, len(r.Roles))
		for i, role := range r.Roles {
			names[i] = roleNL[string(role)]
			if names[i] == "" {
				names[i] = string(role)
			}
		}
		row.Roles = strings.Join(names, ", ")
	}
	for _, q := range r.Query {
		if nl, ok := apiParamNL[q.Description]; ok {
			q.Description = nl
		}
		row.Params = append(row.Params, q)
	}
	return row
}
