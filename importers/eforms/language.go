package eforms

import "koppel"

// textLanguage returns the language of the texts the tender shows
// (koppel.TextLanguages), for matching: the language pick chose for the
// title (of the procedure, else of the first lot), else the notice's
// language (BT-702); empty (Dutch) when that is none of Koppel's.
func (r *reader) textLanguage(firstLot string) string {
	for _, key := range []string{"title", firstLot + ".title"} {
		texts := r.n.Texts[key]
		for _, l := range preferred {
			if _, ok := texts[l]; ok {
				c, _ := koppel.ParseLanguage(l)
				return c
			}
		}
		if len(texts) == 1 {
			for l := range texts {
				if c, ok := koppel.ParseLanguage(l); ok {
					return c
				}
			}
		}
	}
	c, _ := koppel.ParseLanguage(r.n.Language)
	return c
}
