package ingest_test

import (
	"context"
	"strings"
	"testing"

	"koppel/ingest"
	"koppel/refdata"
)

// TestNoticePackageRefusalsInThreeLanguages: the reasons a package's files
// were refused are kept in Dutch, French and English, so the admin page
// reads in its reader's language.
func TestNoticePackageRefusalsInThreeLanguages(t *testing.T) {
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	rep, err := im.Notices(context.Background(), st, ingest.NoticesRequest{Path: mixedPackage(t), Origin: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"outside-region": {"Exécuté hors des régions choisies (FR", "Performed outside the chosen regions (FR"},
		"nested-archive": {"Une archive dans le paquet n’est pas ouverte", "An archive inside the package is not opened"},
		"doctype":        {"déclaration DOCTYPE ou ENTITY", "DOCTYPE or ENTITY declaration"},
	}
	for _, k := range rep.Reasons {
		w, ok := want[k.Reason]
		if !ok {
			continue
		}
		delete(want, k.Reason)
		fr, frOK := k.In("fr")
		en, enOK := k.In("en")
		if !strings.Contains(fr, w[0]) || !strings.Contains(en, w[1]) || !frOK || !enOK || k.Message == "" || k.Message == k.MessageFR {
			t.Errorf("%s: nl %q, fr %q, en %q", k.Reason, k.Message, k.MessageFR, k.MessageEN)
		}
	}
	if len(want) > 0 {
		t.Errorf("reasons %+v lack %v", rep.Reasons, want)
	}
}
