package demo

import (
	"testing"

	"koppel"
)

// TestLotCategoryOfDemoLots checks that every lot the demo data can make
// reads as the category it was made for (koppel.LotCategory, which the
// capacity map and the outcome report use): a demo lot carries the first
// one or more of its title's codes, so the first code alone must do.
func TestLotCategoryOfDemoLots(t *testing.T) {
	for cat, titles := range lotTitles {
		for _, lt := range titles {
			for n := 1; n <= len(lt.cpv); n++ {
				l := &koppel.Lot{Title: lt.title, CPV: lt.cpv[:n]}
				if got := koppel.LotCategory(l); got != cat {
					t.Errorf("%q with %v: category %q, want %q", lt.title, l.CPV, got, cat)
				}
			}
		}
	}
	// And the demo's tenders: every lot made from a title has a category.
	d := Generate(DefaultOptions())
	energy := 0
	for _, tn := range d.Tenders {
		for i := range tn.Lots {
			l := &tn.Lots[i]
			c := koppel.LotCategory(l)
			if c == "" {
				for _, titles := range lotTitles {
					for _, lt := range titles {
						if lt.title == l.Title {
							t.Errorf("tender %s lot %s %q %v has no category", tn.ID, l.ID, l.Title, l.CPV)
						}
					}
				}
			}
			if c == "energie-renovatie" {
				energy++
			}
		}
	}
	if energy == 0 {
		t.Errorf("no demo lot of energie-renovatie")
	}
}
