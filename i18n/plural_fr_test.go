package i18n_test

import (
	"testing"

	"koppel/i18n"
)

// TestFrenchCountOfOne renders the French messages that hold a count
// outside the plural form (an FTE figure, the enterprises not admitted)
// with 1 and 0: French says those in the singular, so each message is
// phrased to read right whatever the number ("un besoin de 1 ETP", not
// "les 1 ETP demandés"; "non admises : 1", not "1 non admises"), or has
// plural forms ("1 invitée").
func TestFrenchCountOfOne(t *testing.T) {
	for _, tt := range []struct {
		key  string
		n    int // the plural count, or -1 for a message without one
		args []any
		want string
	}{
		{"eligibility.order_capacity_fte", -1, []any{"Who", "X", "FTE", "1"}, "X a plus de capacité pour un besoin de 1 ETP"},
		{"explain.capacity_fte", -1, []any{"Offered", "0", "Required", "1"}, "capacité de 0 ETP pour un besoin de 1 ETP"},
		{"advice.reserve_carry", -1, []any{"Numbers", "A", "N", 1, "Need", "1"}, "A, et 1 d’entre elles peuvent chacune assumer seules un besoin de 1 ETP. C’est assez pour une vraie concurrence\u00a0: réservez le marché."},
		{"advice.split", -1, []any{"Numbers", "A", "Need", "1", "Capacity", "0,5"}, "A, mais aucune ne peut assumer seule le besoin de 1 ETP (ensemble 0,5 ETP). Divisez le marché en lots et réservez-les."},
		{"imports.export_lot_matches", 15, []any{"Title", "Lot 1", "Excluded", 1}, "Lot 1\u00a0: 15 entreprises (non admises\u00a0: 1)"},
		{"imports.export_lot_matches", 1, []any{"Title", "Lot 1", "Excluded", 0}, "Lot 1\u00a0: 1 entreprise (non admises\u00a0: 0)"},
		{"newtender.outcomes_counts", -1, []any{"Awarded", 1, "Social", 1, "NotAwarded", 0}, "(attribués\u00a0: 1, dont 1 à l’économie sociale\u00a0; non attribués\u00a0: 0)"},
		{"alertsadmin.counts", -1, []any{"N", 1, "Sent", 1, "Pending", 0, "Failed", 0, "Skipped", 0}, "Ci-dessous les messages les plus récents (1). Envoyés\u00a0: 1, en attente\u00a0: 0, en échec\u00a0: 0, ignorés\u00a0: 0."},
		{"shortlist.n_invited", 1, nil, "1 invitée"},
		{"shortlist.n_invited", 2, nil, "2 invitées"},
		{"notices.failures", 1, nil, "(1 échec\u00a0; nouvel essai au prochain passage)"},
		{"notices.failures", 3, nil, "(3 échecs consécutifs\u00a0; nouvel essai au prochain passage)"},
	} {
		var got string
		if tt.n < 0 {
			got = i18n.T(i18n.FR, tt.key, tt.args...)
		} else {
			got = i18n.N(i18n.FR, tt.key, tt.n, tt.args...)
		}
		if got != tt.want {
			t.Errorf("%s = %q, want %q", tt.key, got, tt.want)
		}
	}
	// The admin's count of alerts reads right for one message in Dutch
	// and English too.
	for l, want := range map[i18n.Lang]string{
		i18n.NL: "Hieronder de nieuwste berichten (1): 1 verzonden, 0 wachtend, 0 mislukt, 0 overgeslagen.",
		i18n.EN: "Below the newest messages (1): 1 sent, 0 waiting, 0 failed, 0 skipped.",
	} {
		if got := i18n.T(l, "alertsadmin.counts", "N", 1, "Sent", 1, "Pending", 0, "Failed", 0, "Skipped", 0); got != want {
			t.Errorf("%s alertsadmin.counts = %q, want %q", l, got, want)
		}
	}
}
