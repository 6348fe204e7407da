package server

import (
	"strings"
	"testing"

	"koppel"
	"koppel/i18n"
)

// TestCapacitySummaryNoneAndAll checks the sentence on the municipalities
// without known capacity when that is none of them, some, or all: never
// "Geen gekende capaciteit in 0 van de 3 gemeenten".
func TestCapacitySummaryNoneAndAll(t *testing.T) {
	mapOf := func(ftes ...float64) *koppel.CapacityMap {
		m := &koppel.CapacityMap{Category: "schoonmaak"}
		for i, f := range ftes {
			m.Municipalities = append(m.Municipalities, koppel.MunicipalityCapacity{Municipality: string(rune('A' + i)), CapacityFTE: f})
		}
		return m
	}
	for _, tt := range []struct {
		lang i18n.Lang
		m    *koppel.CapacityMap
		want string
	}{
		{i18n.NL, mapOf(1, 2, 3), "Alle 3 gemeenten hebben gekende capaciteit."},
		{i18n.FR, mapOf(1, 2, 3), "Les 3 communes ont toutes une capacité connue."},
		{i18n.EN, mapOf(1, 2, 3), "All 3 municipalities have known capacity."},
		{i18n.NL, mapOf(0, 0), "Geen van de 2 gemeenten heeft gekende capaciteit."},
		{i18n.FR, mapOf(0, 0), "Aucune des 2 communes n’a de capacité connue."},
		{i18n.EN, mapOf(0, 0), "None of the 2 municipalities has known capacity."},
		{i18n.NL, mapOf(0, 2, 3), "Geen gekende capaciteit in 1 van de 3 gemeenten."},
		{i18n.EN, mapOf(0, 0, 3), "No known capacity in 2 of the 3 municipalities."},
		{i18n.NL, mapOf(1), "geen percelen van opdrachten en geen aanvragen."},
		{i18n.FR, mapOf(1), "aucun lot de marché et aucune demande."},
		{i18n.EN, mapOf(1), "no lots of tenders and no requests."},
	} {
		got := capacitySummary(tt.lang, tt.m)
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q lacks %q", tt.lang, got, tt.want)
		}
		for _, zero := range []string{"in 0 ", "dans 0 ", "0 aanvragen", "0 demande", "0 requests", "0 percelen", "0 lot", "0 lots"} {
			if strings.Contains(got, zero) {
				t.Errorf("%s: %q says %q", tt.lang, got, zero)
			}
		}
	}
}
