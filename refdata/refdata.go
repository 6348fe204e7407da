package refdata

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"strings"
	"sync"

	"koppel"
)

//go:embed data/*.tsv.gz
var files embed.FS

//go:embed SOURCES.md
var notice string

// Notice returns the sources and licences of the embedded data (SOURCES.md),
// for an "about" page: the CC BY 4.0 data requires attribution.
func Notice() string { return notice }

// Data is the loaded reference data with its look-up indexes. It is
// read-only and safe for concurrent use (the CPV word index is built once,
// on the first CPVSearch); methods return copies, so callers may modify what
// they get.
type Data struct {
	cpv      []koppel.CPVEntry      // sorted by code
	cpvIndex map[koppel.CPV]int32   // code → position in cpv
	children map[koppel.CPV][]int32 // code → direct children, sorted

	// The search index, built by the first CPVSearch (see searchIndex).
	domainOnce sync.Once
	domain     []domainGroup // see domainGroups

	searchOnce sync.Once
	words      map[string][]int32 // normalized label word → entries, sorted
	wordList   []string           // the keys of words, sorted, for prefix search
	labels     [][3][]string      // per entry, the words of its nl, fr and en labels

	places    []koppel.Place     // grouped by postcode, the main place first
	postcodes map[string]int32   // postcode → its main place
	names     map[string][]int32 // name key → places, best first, one per postcode
	munis     []string           // sorted distinct Dutch municipality names
	provinces map[string]string  // province key → canonical Dutch name
	aliases   []PlaceAlias       // exonyms the postcode data lacks (alias.go)

	lists  map[string][]Code   // list → codes in source order
	codes  map[codeKey]Code    // (list, code) → code
	social map[koppel.CPV]bool // the social-service CPV codes
}

var _ koppel.Reference = (*Data)(nil)

var (
	loadOnce sync.Once
	loaded   *Data
)

// Load returns the reference data, decompressing and indexing it on the
// first call only. It panics if the embedded data is corrupt, which is a
// build defect rather than a run-time condition.
func Load() *Data {
	loadOnce.Do(func() {
		d, err := load()
		if err != nil {
			panic(fmt.Sprintf("refdata: embedded data is corrupt: %v", err))
		}
		loaded = d
	})
	return loaded
}

func load() (*Data, error) {
	d := &Data{}
	for _, f := range []struct {
		name  string
		cols  int
		parse func([][]string) error
	}{
		{"data/cpv.tsv.gz", 5, d.loadCPV},
		{"data/postcodes.tsv.gz", 11, d.loadPlaces},
		{"data/codelists.tsv.gz", 5, d.loadCodelists},
	} {
		rows, err := readTSV(f.name, f.cols)
		if err != nil {
			return nil, err
		}
		if err := f.parse(rows); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	if err := d.loadAliases(aliasesTSV); err != nil {
		return nil, fmt.Errorf("data/placealiases.tsv: %w", err)
	}
	d.loadProvinces()
	return d, nil
}

// readTSV decompresses an embedded file and splits it into rows of exactly
// cols fields. The fields share the decompressed text's memory.
func readTSV(name string, cols int) ([][]string, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	text := string(raw)
	rows := make([][]string, 0, strings.Count(text, "\n"))
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		row := strings.Split(line, "\t")
		if len(row) != cols {
			return nil, fmt.Errorf("%s line %d: %d fields, want %d", name, n, len(row), cols)
		}
		rows = append(rows, row)
	}
	return rows, nil
}
