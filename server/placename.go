package server

import (
	"koppel"
	"koppel/i18n"
)

// placeName is p's name for a reader of l: a municipality's French name
// for a French reader ("Gand", "Anvers", "Courtrai"), else the name of the
// postcode list ("Gent"; a deelgemeente such as "Ledeberg" keeps its own).
func placeName(l i18n.Lang, p koppel.Place) string {
	if l == i18n.FR && p.MunicipalityFR != "" && p.Name == p.Municipality {
		return p.MunicipalityFR
	}
	return p.Name
}

// placeLabel is p with its postcode for a reader of l: "Gent (9000)",
// "Gand (9000)".
func placeLabel(l i18n.Lang, p koppel.Place) string {
	return placeName(l, p) + " (" + p.Postcode + ")"
}
