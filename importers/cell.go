package importers

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"koppel"
	"koppel/refdata"
)

// The cell parsers read values as people type them in a spreadsheet. Each
// returns a cellError whose texts the caller turns into a koppel.Problem;
// they never panic, whatever the input (see the fuzz tests).

// numberProblems are the catalogue keys of the reasons a number cell is
// refused: notNumber has the cell's value as {{.Value}}.
type numberProblems struct {
	notNumber, negative string
}

var (
	capacityProblems = numberProblems{"import.capacity_not_number", "import.capacity_negative"}
	priceProblems    = numberProblems{"import.price_not_number", "import.price_negative"}
	valueProblems    = numberProblems{"import.value_not_number", "import.value_negative"}
	volumeProblems   = numberProblems{"import.volume_not_number", "import.volume_negative"}
)

// usableNumber reports the problems of a parsed number cell and whether n
// can be used: no number is a warning (the value is left empty), a
// negative one an error, an ambiguous one ("1.500") a warning.
func (r *rowReader) usableNumber(col int, v string, n float64, ambiguous bool, err error, p numberProblems) bool {
	switch {
	case err != nil:
		r.add(koppel.SeverityWarning, col, v, problemf(p.notNumber, "Value", v))
		return false
	case n < 0:
		r.add(koppel.SeverityError, col, v, problemf(p.negative))
		return false
	case ambiguous:
		r.add(koppel.SeverityWarning, col, v, ambiguousNumber(v, n))
	}
	return true
}

// cleanCell trims a cell: non-breaking and other Unicode spaces become
// plain spaces, zero-width characters and a BOM go, and the result is
// trimmed. Inner new lines are kept (lists use them).
func cleanCell(s string) string {
	if s == "" {
		return s
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] == '\r' {
			ascii = false
			break
		}
	}
	if !ascii {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '\u00a0', '\u2007', '\u202f', '\u2009', '\u200a', '\u3000':
				return ' '
			case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\r':
				return -1
			case utf8.RuneError:
				return '\ufffd'
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

// blankWords are what people write in an optional cell to say "nothing".
var blankWords = map[string]bool{
	"-": true, "--": true, "/": true, "?": true, "nvt": true, "n v t": true, "n.v.t.": true, "n.v.t": true,
	"na": true, "n/a": true, "geen": true, "op aanvraag": true, "sur demande": true, "on request": true,
	"onbekend": true, "inconnu": true, "unknown": true, "nihil": true, "x": true,
}

func isBlankWord(s string) bool { return blankWords[koppel.Normalize(s)] }

// parseNumber reads a decimal number as people type it: "12,5", "12.5",
// "1.250,50", "1,250.50", "1 250", "€ 35", "-3". A single separator is
// the decimal one; when both appear, the last one is. ambiguous is true for
// a value like "1.250" or "2,125", read as 1.25 and 2.125, which someone
// may have meant as thousands.
func parseNumber(s string) (v float64, ambiguous bool, err error) {
	t := cleanCell(s)
	if t == "" {
		return 0, false, problemf("import.not_number_plain")
	}
	neg := false
	switch t[0] {
	case '-':
		neg, t = true, t[1:]
	case '+':
		t = t[1:]
	}
	// Drop thousands spaces and the apostrophe some locales use.
	var b strings.Builder
	dots, commas, lastDot, lastComma := 0, 0, -1, -1
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '.':
			dots++
			lastDot = b.Len()
			b.WriteRune(r)
		case r == ',':
			commas++
			lastComma = b.Len()
			b.WriteRune(r)
		case r == ' ' || r == '\'' || r == '’':
		case r == 'e' || r == 'E':
			// Scientific notation, as a raw cell may hold ("1.5E-3").
			f, perr := strconv.ParseFloat(strings.ReplaceAll(t, ",", "."), 64)
			if perr != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return 0, false, problemf("import.not_number", "Value", s)
			}
			if neg {
				f = -f
			}
			return f, false, nil
		default:
			return 0, false, problemf("import.not_number", "Value", s)
		}
	}
	d := b.String()
	decimal := -1 // index of the decimal separator in d
	switch {
	case dots > 0 && commas > 0:
		decimal = max(lastDot, lastComma)
		if (decimal == lastDot && dots > 1) || (decimal == lastComma && commas > 1) {
			return 0, false, problemf("import.not_number", "Value", s)
		}
	case dots == 1:
		decimal = lastDot
	case commas == 1:
		decimal = lastComma
	}
	// Thousands separators must group three digits.
	var digits strings.Builder
	group := -1
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c == '.' || c == ',' {
			if i == decimal {
				if group >= 0 && group != 3 {
					return 0, false, problemf("import.not_number", "Value", s)
				}
				digits.WriteByte('.')
				group = -2
				continue
			}
			if decimal >= 0 && i > decimal || group >= 0 && group != 3 || i == 0 {
				return 0, false, problemf("import.not_number", "Value", s)
			}
			group = 0
			continue
		}
		digits.WriteByte(c)
		if group >= 0 {
			group++
		}
	}
	if group >= 0 && group != 3 {
		return 0, false, problemf("import.not_number", "Value", s)
	}
	n := digits.String()
	if n == "" || n == "." || strings.Trim(n, ".") == "" {
		return 0, false, problemf("import.not_number", "Value", s)
	}
	if len(n) > 40 {
		return 0, false, problemf("import.too_large_number", "Value", truncate(s, 50))
	}
	f, perr := strconv.ParseFloat(n, 64)
	if perr != nil || math.IsInf(f, 0) {
		return 0, false, problemf("import.not_number", "Value", s)
	}
	if decimal >= 0 && dots+commas == 1 {
		intPart, frac := d[:decimal], d[decimal+1:]
		ambiguous = len(frac) == 3 && len(intPart) >= 1 && len(intPart) <= 3 && strings.TrimLeft(intPart, "0") != ""
	}
	if neg {
		f = -f
	}
	return f, ambiguous, nil
}

// parseQuantity reads a number followed by a unit or other words, as in
// "30 km", "3 VTE", "120 uur/week", "€ 35,00 per uur": it returns the number
// and the rest, trimmed ("km", "VTE", "uur/week", "per uur"). Currency
// signs and words around the number are dropped.
func parseQuantity(s string) (v float64, rest string, ambiguous bool, err error) {
	t := cleanCell(s)
	for _, cur := range []string{"€", "EUR", "eur", "Eur", "euro", "Euro"} {
		t = strings.TrimSpace(strings.TrimPrefix(t, cur))
	}
	// The number is the longest prefix of digits, separators and spaces
	// between digits.
	end := 0
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9' || r == '.' || r == ',' || (i == 0 && (r == '-' || r == '+')):
			end = i + 1
		case r == ' ' || r == '\'':
			// a thousands space only when a digit follows
			if i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '9' && end == i {
				continue
			}
			goto done
		default:
			goto done
		}
	}
done:
	num := strings.TrimRight(t[:end], ".,")
	if num == "" {
		return 0, "", false, problemf("import.not_number", "Value", s)
	}
	v, ambiguous, err = parseNumber(num)
	if err != nil {
		return 0, "", false, problemf("import.not_number", "Value", s)
	}
	rest = strings.TrimSpace(t[len(num):])
	for _, cur := range []string{"€", "EUR", "euro"} {
		if r, ok := cutPrefixFold(rest, cur); ok {
			rest = strings.TrimSpace(r)
		}
	}
	rest = strings.TrimSpace(strings.TrimLeft(rest, "/"))
	return v, rest, ambiguous, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// parseRadius reads a radius in km: "30", "30 km", "30km", "straal 30 km".
func parseRadius(s string) (float64, error) {
	t := strings.ToLower(cleanCell(s))
	for _, p := range []string{"straal", "rayon", "radius", "tot", "binnen", "max.", "max", "±", "+/-", "ca.", "ongeveer"} {
		t = strings.TrimSpace(strings.TrimPrefix(t, p))
	}
	v, rest, _, err := parseQuantity(t)
	if err != nil || (rest != "" && rest != "km" && rest != "kilometer" && rest != "kilometers" && rest != "kilomètres" && rest != "km rond" && rest != "km.") {
		return 0, problemf("import.not_distance", "Value", s)
	}
	if v < 0 || v > 500 {
		return 0, problemf("import.radius_range", "Km", v)
	}
	return v, nil
}

// splitList splits a list cell on ";", ",", new lines and "|".
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == ',' || r == '\n' || r == '|' || r == '\r'
	})
	out := f[:0]
	for _, x := range f {
		if x = cleanCell(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// parseCPVList reads the CPV codes of a cell: codes separated by ";", ",",
// spaces or new lines, each with or without check digit ("90911200-8",
// "90911200", "90911200 8"). Words without digits are taken for pasted
// labels ("90911200-8 Reiniging van gebouwen") and skipped. A code of seven
// digits that exists with a leading zero (a code typed as a number loses
// it: 09332000 → 9332000) is read with the zero. Each code must exist in
// the vocabulary; errs has one entry per bad code.
func parseCPVList(ref koppel.Reference, s string) (codes []koppel.CPV, errs []*cellError) {
	tokens := strings.FieldsFunc(cleanCell(s), func(r rune) bool {
		return r == ';' || r == ',' || r == '\n' || r == '|' || unicode.IsSpace(r) || r == '\u00a0'
	})
	seen := map[koppel.CPV]bool{}
	for i := 0; i < len(tokens); i++ {
		tok := strings.Trim(tokens[i], ".:()[]")
		if !strings.ContainsAny(tok, "0123456789") {
			continue // a label word
		}
		// "90911200 8": a lone digit after a code is its check digit.
		if len(tok) == 8 && isDigits(tok) && i+1 < len(tokens) && len(tokens[i+1]) == 1 && isDigits(tokens[i+1]) {
			tok += "-" + tokens[i+1]
			i++
		}
		if len(tok) == 7 && isDigits(tok) {
			if _, ok := ref.CPV(koppel.CPV("0" + tok)); ok {
				tok = "0" + tok
			}
		}
		c, err := validateCPV(ref, tok)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	return codes, errs
}

// validateCPV checks one code against the vocabulary, with messages for
// people who fill in a spreadsheet.
func validateCPV(ref koppel.Reference, tok string) (koppel.CPV, *cellError) {
	code, check := tok, -1
	if i := strings.IndexByte(tok, '-'); i >= 0 {
		code = tok[:i]
		d := tok[i+1:]
		if len(d) != 1 || !isDigits(d) {
			return "", problemf("import.cpv_dash", "Value", tok)
		}
		check = int(d[0] - '0')
	} else if len(tok) == 9 && isDigits(tok) {
		code, check = tok[:8], int(tok[8]-'0')
	}
	if !isDigits(code) {
		return "", problemf("import.cpv_digits", "Value", tok)
	}
	if len(code) != 8 {
		return "", problemf("import.cpv_length", "Value", tok)
	}
	e, ok := ref.CPV(koppel.CPV(code))
	if !ok {
		return "", problemf("import.cpv_unknown", "Value", tok)
	}
	if check >= 0 && check != e.Check {
		return "", problemf("import.cpv_check_digit", "Value", tok, "Code", e.Full(), "Label", e.NL)
	}
	return e.Code, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Regions that people write in a service area, as their provinces.
var regionProvinces = map[string][]string{
	"vlaanderen":      {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"},
	"vlaams gewest":   {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"},
	"flandre":         {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"},
	"flanders":        {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"},
	"wallonie":        {"Henegouwen", "Luik", "Luxemburg", "Namen", "Waals-Brabant"},
	"wallonia":        {"Henegouwen", "Luik", "Luxemburg", "Namen", "Waals-Brabant"},
	"waals gewest":    {"Henegouwen", "Luik", "Luxemburg", "Namen", "Waals-Brabant"},
	"belgie":          {"Antwerpen", "Henegouwen", "Limburg", "Luik", "Luxemburg", "Namen", "Oost-Vlaanderen", "Vlaams-Brabant", "Waals-Brabant", "West-Vlaanderen", "Brussel"},
	"belgique":        {"Antwerpen", "Henegouwen", "Limburg", "Luik", "Luxemburg", "Namen", "Oost-Vlaanderen", "Vlaams-Brabant", "Waals-Brabant", "West-Vlaanderen", "Brussel"},
	"belgium":         {"Antwerpen", "Henegouwen", "Limburg", "Luik", "Luxemburg", "Namen", "Oost-Vlaanderen", "Vlaams-Brabant", "Waals-Brabant", "West-Vlaanderen", "Brussel"},
	"heel het land":   {"Antwerpen", "Henegouwen", "Limburg", "Luik", "Luxemburg", "Namen", "Oost-Vlaanderen", "Vlaams-Brabant", "Waals-Brabant", "West-Vlaanderen", "Brussel"},
	"nationaal":       {"Antwerpen", "Henegouwen", "Limburg", "Luik", "Luxemburg", "Namen", "Oost-Vlaanderen", "Vlaams-Brabant", "Waals-Brabant", "West-Vlaanderen", "Brussel"},
	"national":        {"Antwerpen", "Henegouwen", "Limburg", "Luik", "Luxemburg", "Namen", "Oost-Vlaanderen", "Vlaams-Brabant", "Waals-Brabant", "West-Vlaanderen", "Brussel"},
	"brussels gewest": {"Brussel"},
}

// maxPlaceLen bounds an item of a service area: "Sint-Martens-Latem" is
// one of the longest names, radius phrases are short.
const maxPlaceLen = 100

// parseArea reads a service area cell: a radius ("30 km"), provinces and
// regions ("Oost-Vlaanderen", "heel Vlaanderen") and municipalities by name
// or postcode ("Gent", "9031 Drongen", "2000"), separated by ";", ",", new
// lines, "|" or " en ". Unknown names are returned in unknown; the area
// keeps the rest.
func parseArea(ref *refdata.Data, s string) (area koppel.ServiceArea, unknown []string, errs []*cellError) {
	t := cleanCell(s)
	for _, sep := range []string{" en ", " et ", " and ", " EN ", " En "} {
		t = strings.ReplaceAll(t, sep, ";")
	}
	seenM, seenP := map[string]bool{}, map[string]bool{}
	addProvince := func(p string) {
		if !seenP[p] {
			seenP[p] = true
			area.Provinces = append(area.Provinces, p)
		}
	}
	for _, item := range splitList(t) {
		if item == "" || isBlankWord(item) {
			continue
		}
		if len(item) > maxPlaceLen {
			unknown = append(unknown, truncate(item, maxPlaceLen))
			continue // no place is named so long; looking it up cost 20 times its size
		}
		if looksLikeRadius(item) {
			// "25 km rond Gent": the radius, then the place.
			if _, rest, _, err := parseQuantity(item); err == nil && len(rest) > 3 && strings.HasPrefix(strings.ToLower(rest), "km ") {
				place := strings.TrimSpace(rest[3:])
				for _, w := range []string{"rondom ", "rond ", "om ", "van ", "vanaf ", "autour de ", "around ", "from "} {
					if r, ok := cutPrefixFold(place, w); ok {
						place = strings.TrimSpace(r)
					}
				}
				r, err := parseRadius(item[:len(item)-len(rest)] + "km")
				if err != nil {
					errs = append(errs, err.(*cellError))
					continue
				}
				area.RadiusKm = max(area.RadiusKm, r)
				item = place
			} else {
				r, err := parseRadius(item)
				if err != nil {
					errs = append(errs, err.(*cellError))
					continue
				}
				area.RadiusKm = r
				continue
			}
		}
		key := koppel.Normalize(item)
		for _, p := range []string{"heel ", "gans ", "geheel ", "tout ", "toute la ", "toute ", "all of ", "in "} {
			key = strings.TrimPrefix(key, p)
		}
		if ps, ok := regionProvinces[key]; ok {
			for _, p := range ps {
				addProvince(p)
			}
			continue
		}
		if p, ok := ref.ParseProvince(key); ok {
			addProvince(p)
			continue
		}
		if pl, ok := ref.ResolvePlace(item); ok {
			if !seenM[pl.Municipality] {
				seenM[pl.Municipality] = true
				area.Municipalities = append(area.Municipalities, pl.Municipality)
			}
			continue
		}
		unknown = append(unknown, item)
	}
	return area, unknown, errs
}

// looksLikeRadius reports whether a service-area item is a distance rather
// than a postcode: a number with "km", or a bare number under 1000.
func looksLikeRadius(s string) bool {
	l := strings.ToLower(s)
	if strings.Contains(l, "km") || strings.Contains(l, "kilom") {
		return true
	}
	t := strings.TrimSpace(l)
	if t == "" || len(t) > 6 {
		return false
	}
	v, _, err := parseNumber(t)
	return err == nil && v < 1000 && !(len(t) == 4 && isDigits(t))
}

// languageCodes maps language names in Dutch, French and English to
// ISO 639-1 codes.
var languageCodes = map[string]string{
	"nl": "nl", "nederlands": "nl", "vlaams": "nl", "dutch": "nl", "neerlandais": "nl", "flemish": "nl", "ned": "nl", "nld": "nl",
	"fr": "fr", "frans": "fr", "francais": "fr", "french": "fr", "fra": "fr",
	"en": "en", "engels": "en", "anglais": "en", "english": "en", "eng": "en",
	"de": "de", "duits": "de", "allemand": "de", "german": "de", "deutsch": "de", "deu": "de",
	"es": "es", "spaans": "es", "espagnol": "es", "spanish": "es",
	"it": "it", "italiaans": "it", "italien": "it", "italian": "it",
	"pt": "pt", "portugees": "pt", "portugais": "pt", "portuguese": "pt",
	"pl": "pl", "pools": "pl", "polonais": "pl", "polish": "pl",
	"ro": "ro", "roemeens": "ro", "roumain": "ro", "romanian": "ro",
	"tr": "tr", "turks": "tr", "turc": "tr", "turkish": "tr",
	"ar": "ar", "arabisch": "ar", "arabe": "ar", "arabic": "ar",
	"ru": "ru", "russisch": "ru", "russe": "ru", "russian": "ru",
	"uk": "uk", "oekraiens": "uk", "ukrainien": "uk", "ukrainian": "uk",
	"vgt": "sgn", "gebarentaal": "sgn", "vlaamse gebarentaal": "sgn", "langue des signes": "sgn", "sign language": "sgn",
}

// parseLanguages reads a list of languages ("Nederlands, Frans", "nl/fr",
// "NL - FR") as ISO 639-1 codes; unknown names come back in unknown.
func parseLanguages(s string) (codes []string, unknown []string) {
	t := strings.NewReplacer("/", ";", " - ", ";", " en ", ";", " et ", ";", " and ", ";", "+", ";", "&", ";").Replace(cleanCell(s))
	seen := map[string]bool{}
	for _, item := range splitList(t) {
		if isBlankWord(item) {
			continue
		}
		c, ok := languageCodes[koppel.Normalize(item)]
		if !ok {
			unknown = append(unknown, item)
			continue
		}
		if !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	return codes, unknown
}

// parseDate reads a date cell: an Excel serial number (raw cell value,
// 46387 = 31/12/2026) or text as koppel.ParseDate accepts it (31/12/2026,
// 2026-12-31, 31-12-2026, 31.12.2026).
func parseDate(s string, date1904 bool) (koppel.Date, error) {
	t := cleanCell(s)
	if f, err := strconv.ParseFloat(t, 64); err == nil {
		if f < 1 || f > 2958465 {
			return koppel.Date{}, problemf("import.not_date_format", "Value", s)
		}
		tm := excelSerialToTime(f, date1904)
		return koppel.DateOf(tm), nil
	}
	d, err := koppel.ParseDate(t)
	if err != nil {
		return koppel.Date{}, problemf("import.not_date_format", "Value", s)
	}
	return d, nil
}

// excelSerialToTime converts an Excel date serial to a time. Day 60 of the
// 1900 system is the non-existent 29/02/1900 that Excel keeps for Lotus
// compatibility; serials after it count from 30/12/1899.
func excelSerialToTime(f float64, date1904 bool) time.Time {
	days := math.Floor(f)
	if date1904 {
		return time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	}
	if days < 60 {
		return time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
}

// parseKeywords splits keywords on ";", ",", "|" and new lines, keeping
// their case, without duplicates (ignoring case and accents).
func parseKeywords(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range splitList(s) {
		if len(k) > 100 {
			k = truncate(k, 100)
		}
		n := koppel.Normalize(k)
		if !seen[n] {
			seen[n] = true
			out = append(out, k)
		}
	}
	return out
}

// deriveID makes a stable offering ID from its title for rows without a
// Code: a slug of the title and a short hash of its normalised form, so
// that the same title gives the same ID at every import
// ("Poetsen van klaslokalen" → "poetsen-van-klaslokalen-3f2a9c").
func deriveID(title string) string {
	n := koppel.Normalize(title)
	var b strings.Builder
	dash := false
	for _, r := range n {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	slug := strings.TrimRight(b.String(), "-")
	sum := sha256.Sum256([]byte(n))
	h := hex.EncodeToString(sum[:3])
	if slug == "" {
		return "aanbod-" + h
	}
	return slug + "-" + h
}

// normalizePhone puts back the leading zero of a Belgian phone number that
// was typed as a number (9 2251234 → 092251234).
func normalizePhone(s string) string {
	t := cleanCell(s)
	if isDigits(t) && (len(t) == 8 || len(t) == 9) && t[0] != '0' {
		return "0" + t
	}
	return t
}

// truncate shortens s to at most n bytes on a rune boundary, adding "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// parseMoney reads an amount in euro as people type it: "€ 120.000,00",
// "120000", "120.000", "EUR 1.250", "120 000 euro excl. btw". Amounts
// have at most two decimals, so a single separator followed by three
// digits groups thousands: "120.000" and "120,000" are 120000, not the
// 120 of parseNumber's reading (a raw number cell of Excel never ends in
// such zeros). rest is what follows the number (a VAT note, a unit).
func parseMoney(s string) (v float64, rest string, err error) {
	v, rest, ambiguous, err := parseQuantity(s)
	if err != nil {
		return 0, "", problemf("import.not_amount", "Value", s)
	}
	if ambiguous {
		v *= 1000
	}
	return v, rest, nil
}

// parseDeadline reads a date that may carry a time of day, as a deadline
// does: "15/09/2026 11:00", "15/09/2026 om 11u", "2026-09-15T11:00" or an
// Excel serial with a fraction. The time is dropped: Koppel keeps the day.
func parseDeadline(s string, date1904 bool) (koppel.Date, error) {
	t := cleanCell(s)
	d, err := parseDate(t, date1904)
	if err == nil {
		return d, nil
	}
	if i := strings.IndexAny(t, " T"); i > 0 && isTimeOfDay(t[i+1:]) {
		if d, err2 := parseDate(t[:i], date1904); err2 == nil {
			return d, nil
		}
	}
	return koppel.Date{}, err
}

// isTimeOfDay reports whether s is a time as people write it after a
// date: "11:00", "11u", "11u30", "om 11.00 uur", "11h", "11:00:00Z".
func isTimeOfDay(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"om ", "à ", "a ", "at "} {
		t = strings.TrimPrefix(t, p)
	}
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "uur"), "z"))
	if t == "" || t[0] < '0' || t[0] > '9' {
		return false
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r == ':' || r == '.' || r == 'u' || r == 'h' || r == ' ' || r == '+' || r == '-') {
			return false
		}
	}
	return true
}
