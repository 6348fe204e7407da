// Package data holds Koppel's word lists as data files. Package indexer
// reads the search's lists (synonyms, compounds, heads, stems) itself;
// this package hands the list of social-commitment words (social.txt) to
// the eForms reader, which cannot depend on the search index.
package data

import _ "embed"

// Social is the list of words and phrases that show a tender asks for
// social commitments (social.txt; its header says the format).
//
//go:embed social.txt
var Social string
