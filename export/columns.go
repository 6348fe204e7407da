package export

import "koppel/i18n"

// columnKeys are the catalogue keys of the column names of Koppel's
// exports, by their Dutch name: the Dutch text of each key is that name,
// so a Dutch export keeps the headers users' spreadsheets rely on.
var columnKeys = map[string]string{
	"Onderneming":         "imports.col_enterprise",
	"Ondernemingsnummer":  "imports.col_kbo",
	"Werkvormen":          "imports.col_work_forms",
	"Gemeente":            "imports.col_municipality",
	"Postcode":            "imports.col_postcode",
	"Provincie":           "imports.col_province",
	"Afstand (km)":        "imports.col_distance_km",
	"Dienst":              "imports.col_service",
	"Code dienst":         "imports.col_service_code",
	"Categorie":           "imports.col_category",
	"CPV-codes":           "imports.col_cpv_codes",
	"Omschrijving":        "imports.col_description",
	"Relevantie":          "imports.col_relevance",
	"Erkend tot":          "imports.col_recognised_until",
	"Straat":              "imports.col_street",
	"Telefoon":            "imports.col_phone",
	"E-mail":              "imports.col_email",
	"Website":             "imports.col_website",
	"VTE totaal":          "imports.col_fte_total",
	"VTE doelgroep":       "imports.col_fte_target_group",
	"Perceel":             "imports.col_lot",
	"Titel perceel":       "imports.col_lot_title",
	"Rang":                "imports.col_rank",
	"Score":               "imports.col_score",
	"Tekst":               "imports.col_text",
	"CPV":                 "imports.col_cpv",
	"Afstand (deelscore)": "imports.col_distance_part",
	"Capaciteit":          "imports.col_capacity",
	"Erkenning":           "imports.col_recognition",
	"Doelgroep":           "imports.col_target_group",
	"Geschiktheid":        "imports.col_eligibility",
	"Regel":               "imports.col_rule",
	"Reden":               "imports.col_reason",
	"Rechtsgrond":         "imports.col_legal_basis",
	"Waarom":              "imports.col_why",
	"Diensten":            "imports.col_services",
	"Kandidaten":          "imports.col_candidates",
	"Capaciteit (VTE)":    "imports.col_capacity_fte",
	"Voorbehouden opdracht (sociale werkplaatsen)": "imports.col_reserved_contract",
	"Aanbevolen clausule":                          "imports.col_recommended_clause",
	"Rij":                                          "imports.col_row",
	"Datum":                                        "imports.col_date",
	"Leverancier":                                  "imports.col_supplier",
	"Bedrag (EUR)":                                 "imports.col_amount_eur",
	"Gekoppeld aan":                                "imports.col_linked_to",
	"Ondernemingsnummer onderneming":               "imports.col_linked_kbo",
	"Gekoppeld op":                                 "imports.col_linked_by",
	"Sociale economie":                             "imports.col_social_economy",
	"Werkvorm":                                     "imports.col_work_form",
	"Opdracht":                                     "imports.col_tender",
	"Bewaard op":                                   "imports.col_saved_on",
	"Uitgenodigd":                                  "imports.col_invited",
	"Uitgenodigd op":                               "imports.col_invited_on",
	"Jaar":                                         "imports.col_year",
	"Percelen":                                     "imports.col_lots",
	"Voorbehouden":                                 "imports.col_reserved",
	"Voorbehouden met offertes":                    "imports.col_reserved_with_bids",
	"Voorbehouden gegund aan de sociale economie": "imports.col_reserved_awarded_se",
	"Met sociale clausule":                        "imports.col_with_social_clause",
	"Uitslag geregistreerd":                       "imports.col_outcome_recorded",
	"Gegund":                                      "imports.col_awarded",
	"Niet gegund":                                 "imports.col_not_awarded",
	"Gegund aan de sociale economie":              "imports.col_awarded_se",
	"Aandeel sociale economie (%)":                "imports.col_share_se",
	"Waarde gegund (EUR)":                         "imports.col_value_awarded",
	"Waarde sociale economie (EUR)":               "imports.col_value_se",
	"Aanvragen verstuurd":                         "imports.col_requests_sent",
	"Aanvragen met gekozen antwoord":              "imports.col_requests_answered",
}

// Header is the name of the column named name (in Dutch) in lang: the
// Dutch name itself in Dutch, or for a column Koppel does not know.
func Header(lang i18n.Lang, name string) string {
	key, ok := columnKeys[name]
	if !ok || lang == i18n.NL {
		return name
	}
	return i18n.T(lang, key)
}
